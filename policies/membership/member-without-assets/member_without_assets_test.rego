package portfolio_guard.rules.membership.member_without_assets_test

import rego.v1

import data.portfolio_guard.rules.membership.member_without_assets as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "person", "name": "Ivan", "role": "EMPLOYEE"},
		{"id": "201", "kind": "person", "name": "Ana", "role": "ADMIN"},
		{"id": "202", "kind": "person", "name": "Unknown role", "role": null},
		{"id": "203", "kind": "person", "name": "Pending only", "role": "EMPLOYEE"},
		{"id": "204", "kind": "person", "name": "Working", "role": "EMPLOYEE"},
	],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "203"}, "tasks": ["ANALYZE"], "status": "pending"},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "204"}, "tasks": ["ANALYZE"]},
	],
}

test_fail_employee_without_active_grant if {
	findings := rule.findings with input as snapshot
	findings == {
		{
			"message": "Member Ivan (200) is in the portfolio (role EMPLOYEE) but has no active access to any asset",
			"subject": {"kind": "member", "id": "200", "name": "Ivan"},
			"remediation": "In Settings → People → Ivan → Assign assets, give Ivan the assets their work needs, or remove them from the portfolio (Settings → People → Ivan → Remove) if they no longer need access.",
		},
		{
			"message": "Member Pending only (203) is in the portfolio (role EMPLOYEE) but has no active access to any asset",
			"subject": {"kind": "member", "id": "203", "name": "Pending only"},
			"remediation": "In Settings → People → Pending only → Assign assets, give Pending only the assets their work needs, or remove them from the portfolio (Settings → People → Pending only → Remove) if they no longer need access.",
		},
	}
}

test_success_when_access_was_not_exported if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"source": {"edges": ["business_users"]}})
}
