package portfolio_guard.rules.ownership.asset_owned_elsewhere_test

import rego.v1

import data.portfolio_guard.rules.ownership.asset_owned_elsewhere as rule

snapshot(assets) := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": [],
	"partners": [{"id": "300", "name": "Growth Agency Ltd"}],
	"assets": assets,
	"grants": [],
}

test_fail_asset_owned_by_unknown_business if {
	findings := rule.findings with input as snapshot([
		{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting", "owner_business_id": "999"},
		{"id": "act_2", "type": "ad_account", "name": "Acme - Brand", "owner_business_id": "100"},
	])
	findings == {{
		"message": "Ad account `Acme - Prospecting` (act_1) is owned by business 999, which is neither Acme Retail nor one of its partners",
		"subject": {"kind": "business", "id": "999", "name": null},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		"remediation": "Find out who business 999 is. If ad account `Acme - Prospecting` (act_1) is yours, have that portfolio's admin transfer it to Acme Retail or recreate it in Settings → Accounts → Ad accounts → Add; if the owner is a partner, add it in Settings → Partners → Add; if you use the asset on purpose, record an exception in the org config (rule `asset-owned-elsewhere`, subject `999`, asset `act_1`).",
	}}
}

test_fail_one_finding_per_asset if {
	findings := rule.findings with input as snapshot([
		{"id": "px", "type": "pixel", "owner_business_id": "999"},
		{"id": "ds", "type": "dataset", "owner_business_id": "999"},
		{"id": "ig", "type": "instagram_account", "owner_business_id": "998"},
	])
	{[f.subject.id, f.asset.id] | some f in findings} == {["999", "px"], ["999", "ds"], ["998", "ig"]}
}

test_success_owned_by_business if {
	count(rule.findings) == 0 with input as snapshot([{"id": "act_1", "type": "ad_account", "owner_business_id": "100"}])
}

test_success_owned_by_partner_is_another_rule if {
	count(rule.findings) == 0 with input as snapshot([{"id": "act_1", "type": "ad_account", "owner_business_id": "300"}])
}

test_success_unknown_owner_is_silent if {
	count(rule.findings) == 0 with input as snapshot([
		{"id": "act_1", "type": "ad_account", "owner_business_id": null},
		{"id": "act_2", "type": "ad_account"},
		{"id": "act_3", "type": "ad_account", "owner_business_id": ""},
	])
}
