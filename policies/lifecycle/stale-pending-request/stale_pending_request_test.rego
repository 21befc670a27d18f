package portfolio_guard.rules.lifecycle.stale_pending_request_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.stale_pending_request as rule

snapshot(grants) := {
	"captured_at": "2026-11-01T09:30:00Z",
	"partners": [{"id": "300", "name": "Catalog Crafters"}],
	"members": [],
	"assets": [{"id": "c1", "type": "catalog", "name": "Shop"}],
	"grants": grants,
}

pending(requested) := {"asset_id": "c1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["MANAGE"], "status": "pending", "requested_time": requested}

test_fail_old_request if {
	findings := rule.findings with input as snapshot([pending("2026-10-01T10:00:00Z")])
	findings == {{
		"message": "Partner Catalog Crafters (300)'s request for MANAGE on catalog `Shop` (c1) has been pending since 2026-10-01T10:00:00Z, 30 days (more than 7): it still cannot work on it",
		"subject": {"kind": "partner", "id": "300", "name": "Catalog Crafters"},
		"asset": {"id": "c1", "type": "catalog", "name": "Shop"},
		"remediation": "In Settings → Requests, approve Catalog Crafters's request for `Shop` if those tasks match what its role needs, or decline it and agree with Catalog Crafters what to request instead.",
	}}
}

test_success_recent_active_unknown_time_or_grantee if {
	count(rule.findings) == 0 with input as snapshot([pending("2026-10-30T10:00:00Z")])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("2026-01-01T10:00:00Z"), {"status": "active"})])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("x"), {"requested_time": null})])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("2026-01-01T10:00:00Z"), {"grantee": {"kind": "partner", "id": "399"}})])
}
