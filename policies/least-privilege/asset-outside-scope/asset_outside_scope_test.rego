package portfolio_guard.rules.least_privilege.asset_outside_scope_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.asset_outside_scope as rule

snapshot := {
	"members": [],
	"partners": [{"id": "300", "name": "Brand A Agency"}],
	"assets": [{"id": "act_a", "type": "ad_account", "name": "Brand A"}, {"id": "act_b", "type": "ad_account", "name": "Brand B"}],
	"grants": [
		{"asset_id": "act_a", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ADVERTISE"]},
		{"asset_id": "act_b", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE", "ADVERTISE"]},
	],
}

test_fail_outside_scope if {
	findings := rule.findings with input as snapshot with data.config.partners as {"300": {"scope": ["act_a"]}}
	findings == {{
		"message": "Partner Brand A Agency (300) holds ADVERTISE, ANALYZE on ad account `Brand B` (act_b), outside its declared scope (act_a)",
		"subject": {"kind": "partner", "id": "300", "name": "Brand A Agency"},
		"asset": {"id": "act_b", "type": "ad_account", "name": "Brand B"},
		"remediation": "In Settings → Partners → Brand A Agency → Assets → Ad accounts → `Brand B` → Remove, take the asset away; if Brand A Agency should work on it, add `act_b` to `partners.300.scope` in the org config.",
	}}
}

test_success_no_scope_or_pending if {
	count(rule.findings) == 0 with input as snapshot
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"scope": ["act_a", "act_b"]}}
	count(rule.findings) == 0 with input as object.union(snapshot, {"grants": [{"asset_id": "act_b", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"], "status": "pending"}]})
		with data.config.partners as {"300": {"scope": ["act_a"]}}
}
