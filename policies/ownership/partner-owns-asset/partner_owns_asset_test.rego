package portfolio_guard.rules.ownership.partner_owns_asset_test

import rego.v1

import data.portfolio_guard.rules.ownership.partner_owns_asset as rule

snapshot(assets) := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": [],
	"partners": [{"id": "300", "name": "Growth Agency Ltd"}, {"id": "301", "name": null}],
	"assets": assets,
	"grants": [],
}

test_fail_partner_owns_ad_account if {
	findings := rule.findings with input as snapshot([
		{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting", "owner_business_id": "300", "spend_cap": 0},
		{"id": "act_2", "type": "ad_account", "name": "Acme - Retargeting", "owner_business_id": "100"},
	])
	findings == {{
		"message": "Ad account `Acme - Prospecting` (act_1) is owned by partner Growth Agency Ltd (300), not by Acme Retail, which can lose it when the partnership ends",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		"remediation": "Meta does not move ad accounts between portfolios: create a replacement in Settings → Accounts → Ad accounts → Add → Create a new ad account, share it with Growth Agency Ltd in Settings → Partners → Growth Agency Ltd → Assign assets, move the campaigns over, and ask Growth Agency Ltd to close act_1.",
	}}
}

test_fail_partner_owns_page if {
	findings := rule.findings with input as snapshot([{"id": "500", "type": "page", "name": "Acme", "owner_business_id": "300"}])
	findings == {{
		"message": "Page `Acme` (500) is owned by partner Growth Agency Ltd (300), not by Acme Retail, which can lose it when the partnership ends",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "500", "type": "page", "name": "Acme"},
		"remediation": "Ask Growth Agency Ltd to remove Page `Acme` (500) from its portfolio, then claim it in Settings → Accounts → Pages → Add → Claim a Page and give Growth Agency Ltd back only the access its role needs in Settings → Partners → Growth Agency Ltd → Assign assets.",
	}}
}

test_fail_unnamed_partner_owns_unnamed_catalog if {
	findings := rule.findings with input as snapshot([{"id": "700", "type": "catalog", "owner_business_id": "301"}])
	findings == {{
		"message": "Catalog 700 is owned by partner 301, not by Acme Retail, which can lose it when the partnership ends",
		"subject": {"kind": "partner", "id": "301", "name": null},
		"asset": {"id": "700", "type": "catalog", "name": null},
		"remediation": "Ask 301 to transfer catalog 700 to Acme Retail where Meta allows it, or create a replacement in Settings → Data sources → Catalogs → Add; then give 301 only the access its role needs in Settings → Partners → 301 → Assign assets.",
	}}
}

test_fail_one_finding_per_asset if {
	findings := rule.findings with input as snapshot([
		{"id": "act_1", "type": "ad_account", "owner_business_id": "300"},
		{"id": "px", "type": "pixel", "owner_business_id": "300"},
		{"id": "ds", "type": "dataset", "owner_business_id": "301"},
	])
	{[f.subject.id, f.asset.id] | some f in findings} == {["300", "act_1"], ["300", "px"], ["301", "ds"]}
}

test_success_business_owns_everything if {
	count(rule.findings) == 0 with input as snapshot([
		{"id": "act_1", "type": "ad_account", "owner_business_id": "100"},
		{"id": "500", "type": "page", "owner_business_id": "100"},
	])
}

test_success_unknown_owner_is_silent if {
	count(rule.findings) == 0 with input as snapshot([
		{"id": "act_1", "type": "ad_account", "owner_business_id": null},
		{"id": "act_2", "type": "ad_account"},
	])
}

test_success_owner_elsewhere_is_another_rule if {
	count(rule.findings) == 0 with input as snapshot([{"id": "act_1", "type": "ad_account", "owner_business_id": "999"}])
}
