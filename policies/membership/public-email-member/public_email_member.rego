# METADATA
# title: Member on a public webmail address
# description: >-
#   A member's email is on a public webmail domain (`public_email_domains`: gmail.com,
#   outlook.com, …). Nobody at the business controls that mailbox or its recovery, and it stays
#   with the person when they leave.
# custom:
#   id: public-email-member
#   category: membership
#   severity: low
#   remediation: >-
#     Invite the person again with a company address (Settings → People → Add people), give that
#     login the same assets, and remove the webmail one. If the domain is not webmail, change
#     `public_email_domains` in the org config.
package portfolio_guard.rules.membership.public_email_member

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	domain := lib.email_domain(m.email)
	domain in lib.public_email_domains
	s := lib.subjects[concat(":", ["member", m.id])]
	label := subject_label(s)
	f := {
		"message": sprintf("%s logs in with %s, a public webmail address nobody at %s controls", [
			described(s),
			m.email,
			lib.facts.business_label,
		]),
		"subject": s.subject,
		"remediation": sprintf("Invite %s again with a company email (Settings → People → Add people), assign that login the same assets, then remove the webmail one in Settings → %s → %s → Remove; if %s is not webmail, remove it from `public_email_domains` in the org config.", [
			label,
			people_list(s),
			label,
			domain,
		]),
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

# The Business Settings list a member is in: system users have their own.
people_list(s) := "Users → System users" if {
	s.member_kind == "system_user"
} else := "People"
