package portfolio_guard.rules.least_privilege.automation_without_spend_cap_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.automation_without_spend_cap as rule

snapshot(cap) := {
	"members": [],
	"partners": [{"id": "300", "name": "Autobid AI"}],
	"assets": [{"id": "act_1", "type": "ad_account", "name": "Always on", "spend_cap": cap}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ADVERTISE", "ANALYZE"]}],
}

test_fail_no_cap if {
	findings := rule.findings with input as snapshot(0) with data.config.partners as {"300": {"role": "ai_platform"}}
	findings == {{
		"message": "Partner Autobid AI (300) (role `ai_platform`, an automation) can spend on ad account `Always on` (act_1) through ADVERTISE, and the account has no spending limit",
		"subject": {"kind": "partner", "id": "300", "name": "Autobid AI"},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Always on"},
		"remediation": "Set an account spending limit on ad account `Always on` (act_1) (Billing & payments → Payment settings → Account spending limit) sized to what Autobid AI may spend; until then consider turning off ADVERTISE in Settings → Partners → Autobid AI → Assets → Ad accounts → `Always on`.",
	}}
}

test_success_capped_unknown_or_not_automation if {
	count(rule.findings) == 0 with input as snapshot(50000) with data.config.partners as {"300": {"role": "ai_platform"}}
	count(rule.findings) == 0 with input as snapshot(null) with data.config.partners as {"300": {"role": "ai_platform"}}
	count(rule.findings) == 0 with input as snapshot(0) with data.config.partners as {"300": {"role": "media_buyer"}}
}
