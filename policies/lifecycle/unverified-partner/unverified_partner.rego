# METADATA
# title: Partner not verified
# description: >-
#   A partner with access is not marked `verified` in the org config: nobody confirmed with the
#   partner that this Business Portfolio ID is really theirs. Access shared with a look-alike
#   portfolio goes to a stranger.
# custom:
#   id: unverified-partner
#   category: lifecycle
#   severity: medium
#   remediation: >-
#     Confirm the partner's Business Portfolio ID with them through a channel you already trust
#     (Settings → Partners → the partner shows the ID), then set `partners.<id>.verified: true` in
#     the org config; if it is not theirs, remove the partner.
package portfolio_guard.rules.lifecycle.unverified_partner

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	# The partners holding a grant (pending counts), from the subjects with grants.
	some key, _ in lib.grants_by_grantee
	s := lib.subjects[key]
	s.kind == "partner"
	s.known
	not verified(s.config)
	subject := s.subject
	f := {
		"message": sprintf("%s holds access but its Business Portfolio ID was never confirmed with it (`verified` is not set in the org config)", [lib.capitalize(lib.describe_subject(subject))]),
		"subject": subject,
		"remediation": sprintf("Confirm with %s, through a contact you already trust, that Business Portfolio ID %s is theirs (Settings → Partners → %s shows the ID), then set `partners.%s.verified` to true in the org config; if it is not theirs, remove it in Settings → Partners → %s → Remove.", [
			lib.subject_label(subject),
			s.id,
			lib.subject_label(subject),
			s.id,
			lib.subject_label(subject),
		]),
	}
}

# The partner's config entry (null when there is none) marks it verified.
verified(c) if c.verified == true
