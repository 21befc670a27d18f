# METADATA
# title: Admin without two-factor authentication
# description: >-
#   A member with full control of the portfolio (ADMIN) is known not to use two-factor
#   authentication. A stolen password is then all it takes to take over every asset and lock the
#   business out. An unknown status stays silent.
# custom:
#   id: admin-without-2fa
#   category: membership
#   severity: high
#   remediation: >-
#     Ask the person to turn on two-factor authentication (Accounts Center → Password and
#     security → Two-factor authentication), and require it for admins in Settings → Security
#     Center → Two-factor authentication.
package portfolio_guard.rules.membership.admin_without_2fa

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	m.role == "ADMIN"
	is_string(m.two_fac_status)
	m.two_fac_status != "enabled"
	s := lib.subjects[concat(":", ["member", m.id])]
	label := subject_label(s)
	f := {
		"message": sprintf("%s has full control of the portfolio (ADMIN) but two-factor authentication is %s", [
			described(s),
			m.two_fac_status,
		]),
		"subject": s.subject,
		"remediation": sprintf("Ask %s to turn on two-factor authentication (Accounts Center → Password and security → Two-factor authentication); require it for admins in Settings → Security Center → Two-factor authentication, or change %s to Partial access in Settings → %s → %s until it is on.", [
			label,
			label,
			people_list(s),
			label,
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
