package portfolio_guard.rules.lifecycle.undocumented_partner_access_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.undocumented_partner_access as rule

snapshot := {
	"partners": [{"id": "300", "name": "Agency X"}, {"id": "301", "name": "No Grants"}],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"]}],
}

test_fail_no_justification if {
	findings := rule.findings with input as snapshot with data.config.partners as {"300": {"justification": "  "}}
	findings == {{
		"message": "Partner Agency X (300) holds access but the org config records no justification for it",
		"subject": {"kind": "partner", "id": "300", "name": "Agency X"},
		"remediation": "Record why Agency X has access as `partners.300.justification` in the org config (the engagement or statement of work); if nobody can say, remove it in Settings → Partners → Agency X → Remove.",
	}}
}

test_success_justified if {
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"justification": "SOW 2026-02"}}
}
