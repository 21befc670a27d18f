package portfolio_guard.rules.lifecycle.inactive_member_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.inactive_member as rule

member(last) := {"id": "200", "kind": "person", "name": "Ivan", "last_active_time": last}

test_fail_inactive if {
	findings := rule.findings with input as {"captured_at": "2026-11-01T09:30:00Z", "members": [member("2026-05-01T08:00:00Z")]}
	findings == {{
		"message": "Member Ivan (200) was last active on 2026-05-01T08:00:00Z, 184 days ago (more than 90)",
		"subject": {"kind": "member", "id": "200", "name": "Ivan"},
		"remediation": "In Settings → People → Ivan, remove Ivan if they no longer need access (Remove), or reduce their assets to what they still use; if the absence is planned, record an exception for `inactive-member` with an expiry.",
	}}
}

test_success_boundary_recent_and_unknown if {
	count(rule.findings) == 0 with input as {"captured_at": "2026-11-01T09:30:00Z", "members": [member("2026-08-03T09:30:00Z")]}
	count(rule.findings) == 1 with input as {"captured_at": "2026-11-01T09:30:00Z", "members": [member("2026-08-03T09:29:59Z")]}
	count(rule.findings) == 0 with input as {"captured_at": "2026-11-01T09:30:00Z", "members": [member(null)]}
	count(rule.findings) == 0 with input as {"captured_at": "2026-11-01T09:30:00Z", "members": [{"id": "200", "kind": "person", "name": "Ivan"}]}
}
