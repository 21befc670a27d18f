# METADATA
# title: Partner access without a justification
# description: >-
#   A partner with access has no `justification` in the org config (the engagement, statement of
#   work or contract it works under). Access nobody can explain is access nobody will defend, or
#   remove, at the next review.
# custom:
#   id: undocumented-partner-access
#   category: lifecycle
#   severity: low
#   remediation: >-
#     Record why the partner has access as `partners.<id>.justification` in the org config (e.g.
#     "SOW 2024-07, paid social"); if nobody knows, remove the partner in Settings → Partners.
package portfolio_guard.rules.lifecycle.undocumented_partner_access

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	# The partners holding a grant (pending counts), from the subjects with grants.
	some key, _ in lib.grants_by_grantee
	s := lib.subjects[key]
	s.kind == "partner"
	s.known
	not justified(s.config)
	subject := s.subject
	f := {
		"message": sprintf("%s holds access but the org config records no justification for it", [lib.capitalize(lib.describe_subject(subject))]),
		"subject": subject,
		"remediation": sprintf("Record why %s has access as `partners.%s.justification` in the org config (the engagement or statement of work); if nobody can say, remove it in Settings → Partners → %s → Remove.", [
			lib.subject_label(subject),
			s.id,
			lib.subject_label(subject),
		]),
	}
}

# The partner's config entry (null when there is none) gives a non-blank justification.
justified(c) if {
	j := c.justification
	is_string(j)
	trim_space(j) != ""
}
