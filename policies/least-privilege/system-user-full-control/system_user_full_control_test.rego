package portfolio_guard.rules.least_privilege.system_user_full_control_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.system_user_full_control as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "system_user", "name": "CAPI Bot", "role": "EMPLOYEE"},
		{"id": "201", "kind": "person", "name": "Ana", "role": "ADMIN"},
	],
	"assets": [{"id": "px", "type": "pixel", "name": "Pixel"}, {"id": "ig", "type": "instagram_account", "name": "IG"}],
	"grants": [
		{"asset_id": "px", "grantee": {"kind": "member", "id": "200"}, "tasks": ["EDIT", "UPLOAD"]},
		{"asset_id": "ig", "grantee": {"kind": "member", "id": "200"}, "tasks": ["CONTENT", "ADVERTISE", "ANALYZE", "MESSAGES", "COMMUNITY_ACTIVITY"]},
		{"asset_id": "px", "grantee": {"kind": "member", "id": "201"}, "tasks": ["EDIT"]},
	],
}

test_fail_pixel_edit if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "System user CAPI Bot (200) holds full control of pixel `Pixel` (px) through EDIT",
		"subject": {"kind": "member", "id": "200", "name": "CAPI Bot"},
		"asset": {"id": "px", "type": "pixel", "name": "Pixel"},
		"remediation": "In Settings → Users → System users → CAPI Bot → Assets → Pixels → `Pixel`, turn off EDIT and keep only the tasks the integration uses, then generate a new token for it.",
		"tasks": ["EDIT"],
	}}
}

test_fail_admin_role if {
	findings := rule.findings with input as {"members": [{"id": "200", "kind": "system_user", "name": "CAPI Bot", "role": "ADMIN"}], "assets": [], "grants": []}
	[f.message | some f in findings] == ["System user CAPI Bot (200) has full control of the portfolio (ADMIN)"]
}

test_success_people_and_instagram_never_count if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"grants": [snapshot.grants[1], snapshot.grants[2]]})
}
