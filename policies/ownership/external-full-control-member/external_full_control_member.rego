# METADATA
# title: External member with full control
# description: >-
#   A person whose email is outside the business's own domains has full control (ADMIN) of the
#   portfolio: they can add people, remove admins and take over every asset. Judged only when
#   the org config lists `trusted_domains`.
# custom:
#   id: external-full-control-member
#   category: ownership
#   severity: high
#   remediation: >-
#     In Settings → People → the person, change Full control to Partial access and give them the
#     assets their work needs (or remove them). If their email domain is the business's own, add
#     it to `trusted_domains` in the org config.
package portfolio_guard.rules.ownership.external_full_control_member

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	m.role == "ADMIN"
	lib.is_external(m)
	s := lib.subjects[concat(":", ["member", m.id])]
	label := subject_label(s)
	domain := lib.email_domain(m.email)
	f := {
		"message": sprintf("%s has full control of the portfolio (ADMIN) with the email %s, whose domain %s is not among the trusted domains (%s)", [
			described(s),
			m.email,
			domain,
			concat(", ", sort(lib.trusted_domains)),
		]),
		"subject": s.subject,
		"remediation": sprintf(
			"In Settings → People → %s, change Full control to Partial access and assign only the assets their work needs, or remove them if they no longer work for %s; if %s is one of your own domains, add it to `trusted_domains` in the org config.",
			[label, lib.facts.business_label, domain],
		),
	}
}

# "Member Dana (200)", or "Member 200" when the name is unknown.
described(s) := sprintf("Member %s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("Member %s", [s.id])

# The member as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id
