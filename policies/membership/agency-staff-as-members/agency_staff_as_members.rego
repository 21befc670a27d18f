# METADATA
# title: Agency staff added as members
# description: >-
#   A member's email is on one of a partner's configured `domains` (or a subdomain of one): the
#   partner's people were added to the portfolio one by one instead of working through the
#   partner's access. Individual logins outlive the engagement, bypass the partner's own
#   offboarding, and are invisible when the partner is reviewed.
# custom:
#   id: agency-staff-as-members
#   category: membership
#   severity: medium
#   remediation: >-
#     Share the assets with the partner (Settings → Partners → the partner → Assign assets) and
#     let it assign its own people; then remove the person in Settings → People.
package portfolio_guard.rules.membership.agency_staff_as_members

import rego.v1

import data.portfolio_guard.lib

# Lower-cased partner domain -> the ids of the partners (configured in the org config) that use
# it: built once, looked up per member.
partners_by_domain[domain] contains id if {
	some id, c in data.config.partners
	some d in lib.array_or_empty(c.domains)
	domain := trim_space(lower(d))
}

# A domain and every parent domain of it: "a.b.example" -> {"a.b.example", "b.example", "example"}.
# A member on a subdomain of a partner's domain is that partner's staff, as a subdomain of a
# trusted domain is internal (`lib.is_trusted_domain`).
domain_and_parents(d) := {concat(".", array.slice(parts, i, count(parts))) |
	parts := split(d, ".")
	some i in numbers.range(0, count(parts) - 1)
}

findings contains f if {
	some m in lib.array_or_empty(input.members)
	domain := lib.email_domain(m.email)
	matches := {id | some d in domain_and_parents(domain); some id in partners_by_domain[d]}
	count(matches) > 0
	ids := sort(matches)
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s uses the email %s, on the domain of %s: the partner's staff should work through its partner access", [
			lib.capitalize(lib.describe_subject(subject)),
			m.email,
			joined([partner_name(id) | some id in ids]),
		]),
		"subject": subject,
		"remediation": sprintf("Share the assets %s works on with the partner instead (%s) and let it assign its own people; then remove %s in %s → Remove.", [
			lib.subject_label(subject),
			concat(" / ", [partner_path(id) | some id in ids]),
			lib.subject_label(subject),
			lib.subject_settings_path(subject),
		]),
	}
}

# "A", "A and B", "A, B and C".
joined(xs) := xs[0] if {
	count(xs) == 1
} else := concat(" and ", [concat(", ", array.slice(xs, 0, count(xs) - 1)), xs[count(xs) - 1]])

partner_name(id) := lib.describe_subject(lib.subject_of_partner(p)) if {
	p := lib.partners_by_id[id]
} else := sprintf("partner %s (configured, but not connected to the portfolio)", [id])

# Where the partner gets the assets: a connected partner in its own page; one that is only in
# the org config has to be added first, by its business ID.
partner_path(id) := sprintf("Settings → Partners → %s → Assign assets", [lib.subject_label(lib.subject_of_partner(p))]) if {
	p := lib.partners_by_id[id]
} else := sprintf("Settings → Partners → Add → business ID %s, then Assign assets", [id])
