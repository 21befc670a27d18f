package portfolio_guard.rules.lifecycle.access_after_contract_end_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.access_after_contract_end as rule

snapshot := {
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "1", "name": "Acme"},
	"members": [{"id": "200", "kind": "person", "name": "Rita"}],
	"partners": [{"id": "300", "name": "Growth"}],
	"assets": [{"id": "act_1", "type": "ad_account", "name": "Prospecting"}],
	"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE", "ADVERTISE"]},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["ANALYZE"], "status": "pending"},
	],
}

test_fail_partner_after_contract_end if {
	findings := rule.findings with input as snapshot
		with data.config.partners as {"300": {"contract_end": "2026-10-31"}}
	findings == {{
		"message": "Partner Growth (300) still holds ADVERTISE, ANALYZE on ad account `Prospecting` (act_1) although its contract ended on 2026-10-31",
		"subject": {"kind": "partner", "id": "300", "name": "Growth"},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Prospecting"},
		"remediation": "In Settings → Partners → Growth → Assets → Ad accounts → `Prospecting` → Remove, take the access away (or remove Growth from the portfolio in Settings → Partners → Growth → Remove); if the contract was extended, update `partners.300.contract_end` in the org config.",
	}}
}

test_success_last_day_still_covered if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.partners as {"300": {"contract_end": "2026-11-01"}}
		with data.runtime.now as "2026-11-01T23:59:59Z"
}

test_fail_from_the_next_day if {
	count(rule.findings) == 1 with input as snapshot
		with data.config.partners as {"300": {"contract_end": "2026-11-01"}}
		with data.runtime.now as "2026-11-02T00:00:00Z"
}

test_success_pending_grant_is_not_active if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.members as {"200": {"contract_end": "2026-01-01"}}
}

test_success_no_contract_end if {
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"role": "reporting"}}
}
