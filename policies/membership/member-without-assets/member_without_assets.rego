# METADATA
# title: Member without access to any asset
# description: >-
#   A member with partial access (a portfolio role other than ADMIN) has no active grant on any
#   asset: added, but unable to see anything. Either someone forgot to assign their assets, or
#   the login is no longer needed. Silent when the snapshot says asset access was not exported,
#   or that some asset's people could not be read.
# custom:
#   id: member-without-assets
#   category: membership
#   severity: low
#   remediation: >-
#     In Settings → People → the person → Assign assets, give them what their work needs, or
#     remove them from the portfolio if they no longer need access.
package portfolio_guard.rules.membership.member_without_assets

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	not lib.grants_not_exported
	not lib.some_unread("assigned_users")
	some m in lib.array_or_empty(input.members)
	is_string(m.role)
	m.role != "ADMIN"
	not sprintf("member:%s", [m.id]) in lib.grantees_with_active_grants
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s is in the portfolio (role %s) but has no active access to any asset", [
			lib.capitalize(lib.describe_subject(subject)),
			m.role,
		]),
		"subject": subject,
		"remediation": sprintf("In %s → Assign assets, give %s the assets their work needs, or remove them from the portfolio (%s → Remove) if they no longer need access.", [
			lib.subject_settings_path(subject),
			lib.subject_label(subject),
			lib.subject_settings_path(subject),
		]),
	}
}
