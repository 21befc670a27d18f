package portfolio_guard.rules.lifecycle.unverified_partner_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.unverified_partner as rule

snapshot := {
	"partners": [{"id": "300", "name": "Agency X"}, {"id": "301", "name": "No Grants"}],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"], "status": "pending"}],
}

test_fail_unverified if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "Partner Agency X (300) holds access but its Business Portfolio ID was never confirmed with it (`verified` is not set in the org config)",
		"subject": {"kind": "partner", "id": "300", "name": "Agency X"},
		"remediation": "Confirm with Agency X, through a contact you already trust, that Business Portfolio ID 300 is theirs (Settings → Partners → Agency X shows the ID), then set `partners.300.verified` to true in the org config; if it is not theirs, remove it in Settings → Partners → Agency X → Remove.",
	}}
}

test_fail_verified_false if {
	count(rule.findings) == 1 with input as snapshot with data.config.partners as {"300": {"verified": false}}
}

test_success_verified if {
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"verified": true}}
}
