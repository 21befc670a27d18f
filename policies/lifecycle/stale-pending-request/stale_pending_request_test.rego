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

pending(requested) := {"asset_id": "c1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ADVERTISE"], "status": "pending", "requested_time": requested}

# The partner's role, declared in the org config.
as_role(role) := {"300": {"role": role}}

test_fail_old_request if {
	findings := rule.findings with input as snapshot([pending("2026-10-01T10:00:00Z")])
	findings == {{
		"message": "Partner Catalog Crafters (300)'s request for ADVERTISE on catalog `Shop` (c1) has been pending since 2026-10-01T10:00:00Z, 30 days (more than 7): it still cannot work on it",
		"subject": {"kind": "partner", "id": "300", "name": "Catalog Crafters"},
		"asset": {"id": "c1", "type": "catalog", "name": "Shop"},
		"remediation": "Declare Catalog Crafters's role (`partners.300.role` in the org config); then, in Settings → Requests, approve its request for `Shop` if the tasks fit that role, or decline it and agree with Catalog Crafters what to request instead.",
	}}
}

test_fail_request_within_role_is_to_be_approved if {
	findings := rule.findings with input as snapshot([pending("2026-10-01T10:00:00Z")])
		with data.config.partners as as_role("media_buyer")
	count(findings) == 1
	some f in findings
	f.remediation == "In Settings → Requests, approve Catalog Crafters's request for `Shop`: the tasks it asks for are within its role `media_buyer`."
}

# One instruction per request: one that asks for more than the role (or for a partner's full
# control) is reported by grant-exceeds-role / partner-full-control, which say to decline it.
test_success_request_beyond_role_is_left_to_the_role_rules if {
	count(rule.findings) == 0 with input as snapshot([pending("2026-10-01T10:00:00Z")])
		with data.config.partners as as_role("reporting")
	count(rule.findings) == 0 with input as snapshot([object.union(pending("2026-10-01T10:00:00Z"), {"tasks": ["MANAGE"]})])
}

test_success_recent_active_unknown_time_or_grantee if {
	count(rule.findings) == 0 with input as snapshot([pending("2026-10-30T10:00:00Z")])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("2026-01-01T10:00:00Z"), {"status": "active"})])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("x"), {"requested_time": null})])
	count(rule.findings) == 0 with input as snapshot([object.union(pending("2026-01-01T10:00:00Z"), {"grantee": {"kind": "partner", "id": "399"}})])
}
