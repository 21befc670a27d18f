package portfolio_guard.rules.lifecycle.access_review_overdue_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.access_review_overdue as rule

snapshot := {
	"captured_at": "2026-11-01T09:30:00Z",
	"partners": [{"id": "300", "name": "Growth"}, {"id": "301", "name": "Idle"}],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"], "status": "pending"}],
}

test_fail_review_too_old if {
	findings := rule.findings with input as snapshot with data.config.partners as {"300": {"reviewed_at": "2026-07-01"}}
	findings == {{
		"message": "Partner Growth (300) holds access but was last reviewed on 2026-07-01, 123 days ago (reviews are due every 90 days)",
		"subject": {"kind": "partner", "id": "300", "name": "Growth"},
		"remediation": "Review what Growth can reach in Settings → Partners → Growth → Assets and remove what its work no longer needs, then set `partners.300.reviewed_at` to today's date in the org config.",
	}}
}

test_fail_never_reviewed if {
	findings := rule.findings with input as snapshot
	[f.message | some f in findings] == ["Partner Growth (300) holds access but has never been reviewed (no `reviewed_at` in the org config)"]
}

test_success_exactly_the_interval_is_not_more if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.partners as {"300": {"reviewed_at": "2026-08-03T09:30:00Z"}}
}

test_fail_one_second_past_the_interval if {
	count(rule.findings) == 1 with input as snapshot
		with data.config.partners as {"300": {"reviewed_at": "2026-08-03T09:29:59Z"}}
}

test_success_recent_review_and_custom_threshold if {
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"reviewed_at": "2026-10-01"}}
	count(rule.findings) == 0 with input as snapshot
		with data.config.partners as {"300": {"reviewed_at": "2026-07-01"}}
		with data.config.thresholds.review_interval_days as 180
}
