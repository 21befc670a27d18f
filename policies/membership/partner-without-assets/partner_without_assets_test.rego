package portfolio_guard.rules.membership.partner_without_assets_test

import rego.v1

import data.portfolio_guard.rules.membership.partner_without_assets as rule

snapshot := {
	"partners": [{"id": "300", "name": "Dormant"}, {"id": "301", "name": "Requested"}],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "301"}, "tasks": ["ANALYZE"], "status": "pending"}],
}

test_fail_partner_without_grants if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "Partner Dormant (300) is connected to the portfolio but has access to no asset",
		"subject": {"kind": "partner", "id": "300", "name": "Dormant"},
		"remediation": "In Settings → Partners → Dormant → Assign assets, share what its work needs, or remove the partner (Settings → Partners → Dormant → Remove) if the engagement is over.",
	}}
}

test_success_not_exported if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"source": {"edges": ["business_users", "owned_ad_accounts"]}})
	count(rule.findings) == 1 with input as object.union(snapshot, {"source": {"edges": ["agencies"]}})
}
