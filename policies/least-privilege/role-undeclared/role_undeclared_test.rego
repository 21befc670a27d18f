package portfolio_guard.rules.least_privilege.role_undeclared_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.role_undeclared as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "person", "name": "Nora", "role": "EMPLOYEE"},
		{"id": "201", "kind": "person", "name": "Ana", "role": "ADMIN"},
		{"id": "202", "kind": "person", "name": "Unknown", "role": null},
	],
	"partners": [{"id": "300", "name": "Growth"}],
	"assets": [{"id": "p1", "type": "page", "name": "Acme"}, {"id": "act_1", "type": "ad_account"}],
	"grants": [
		{"asset_id": "p1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["CREATE_CONTENT"]},
		{"asset_id": "p1", "grantee": {"kind": "member", "id": "201"}, "tasks": ["MANAGE"]},
		{"asset_id": "p1", "grantee": {"kind": "member", "id": "202"}, "tasks": ["MANAGE"]},
		{"asset_id": "p1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"], "status": "pending"},
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"]},
	],
}

test_fail_member_and_partner_without_role if {
	findings := rule.findings with input as snapshot with data.config.roles as {"reporting": {}, "creative": {}}
	findings == {
		{
			"message": "Member Nora (200) holds access to 1 asset but has no role in the org config, so least privilege cannot be judged",
			"subject": {"kind": "member", "id": "200", "name": "Nora"},
			"remediation": "Declare what Nora is for: set `members.200.role` in the org config to one of creative, reporting (or define a role of your own under `roles`).",
		},
		{
			"message": "Partner Growth (300) holds access to 2 assets but has no role in the org config, so least privilege cannot be judged",
			"subject": {"kind": "partner", "id": "300", "name": "Growth"},
			"remediation": "Declare what Growth is for: set `partners.300.role` in the org config to one of creative, reporting (or define a role of your own under `roles`).",
		},
	}
}

test_success_declared if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.members as {"200": {"role": "creative"}}
		with data.config.partners as {"300": {"role": "reporting"}}
}
