# METADATA
# title: System user with full control
# description: >-
#   A system user (an integration's identity, whose token lives on some server) holds full
#   control of an asset, or the ADMIN portfolio role. A leaked token then hands over the asset or
#   the whole portfolio; integrations rarely need more than their specific tasks.
# custom:
#   id: system-user-full-control
#   category: least-privilege
#   severity: medium
#   remediation: >-
#     In Settings → Users → System users → the system user, change it from Admin to Employee and,
#     under Assets, keep only the tasks the integration uses; then generate a new token.
package portfolio_guard.rules.least_privilege.system_user_full_control

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	m.kind == "system_user"
	m.role == "ADMIN"
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("System user %s has full control of the portfolio (ADMIN)", [subject_text(subject)]),
		"subject": subject,
		"remediation": sprintf("In %s, change the role from Admin to Employee and assign only the assets and tasks the integration uses, then generate a new token for it.", [lib.subject_settings_path(subject)]),
	}
}

# The system users (few), then their grants; a grant's `full_control` is its raw tasks that
# give full control of its asset.
findings contains f if {
	some s in lib.subjects
	s.member_kind == "system_user"
	some g in s.grants
	held := g.full_control
	count(held) > 0
	a := g.asset
	subject := s.subject
	f := {
		"message": sprintf("System user %s holds full control of %s through %s", [subject_text(subject), lib.describe_asset(a), lib.task_list(held)]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("In %s, turn off %s and keep only the tasks the integration uses, then generate a new token for it.", [
			lib.subject_asset_path(subject, a),
			lib.task_list(held),
		]),
		"tasks": sort(held),
	}
}

subject_text(s) := sprintf("%s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := s.id
