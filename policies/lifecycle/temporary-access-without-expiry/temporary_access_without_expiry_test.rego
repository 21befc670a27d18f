package portfolio_guard.rules.lifecycle.temporary_access_without_expiry_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.temporary_access_without_expiry as rule

snapshot := {
	"captured_at": "2026-11-01T09:30:00Z",
	"members": [{"id": "200", "kind": "person", "name": "Rita"}],
	"partners": [{"id": "300", "name": "Studio"}],
	"assets": [{"id": "p1", "type": "page", "name": "Acme"}, {"id": "p2", "type": "page", "name": "Outlet"}],
	"grants": [
		{"asset_id": "p1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["CREATE_CONTENT"], "expires_time": null},
		{"asset_id": "p2", "grantee": {"kind": "member", "id": "200"}, "tasks": ["ANALYZE"], "expires_time": "2026-12-01T00:00:00Z"},
		{"asset_id": "p1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"], "status": "pending"},
	],
}

test_fail_temporary_member_without_expiry if {
	findings := rule.findings with input as snapshot with data.config.members as {"200": {"temporary": true}}
	findings == {{
		"message": "Member Rita (200) is declared temporary but holds CREATE_CONTENT on Page `Acme` (p1) with no end date",
		"subject": {"kind": "member", "id": "200", "name": "Rita"},
		"asset": {"id": "p1", "type": "page", "name": "Acme"},
		"remediation": "In Settings → People → Rita → Assets → Pages → `Acme`, remove the access and assign it again as temporary access with an end date (or note when to remove it); if Rita is no longer temporary, set `members.200.temporary` to false in the org config.",
	}}
}

test_fail_pending_grant_counts if {
	count(rule.findings) == 1 with input as snapshot with data.config.partners as {"300": {"temporary": true}}
}

test_success_not_temporary if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.members as {"200": {"temporary": false}}
		with data.config.partners as {"300": {}}
}
