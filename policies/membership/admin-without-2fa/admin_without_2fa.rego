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
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s has full control of the portfolio (ADMIN) but two-factor authentication is %s", [
			lib.capitalize(lib.describe_subject(subject)),
			m.two_fac_status,
		]),
		"subject": subject,
		"remediation": sprintf("Ask %s to turn on two-factor authentication (Accounts Center → Password and security → Two-factor authentication); require it for admins in Settings → Security Center → Two-factor authentication, or change %s to Partial access in %s until it is on.", [
			lib.subject_label(subject),
			lib.subject_label(subject),
			lib.subject_settings_path(subject),
		]),
	}
}
