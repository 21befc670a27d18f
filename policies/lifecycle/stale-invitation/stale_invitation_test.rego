package portfolio_guard.rules.lifecycle.stale_invitation_test

import rego.v1

import data.portfolio_guard.rules.lifecycle.stale_invitation as rule

inv(status, created, expires) := {
	"id": "900",
	"email": "new.hire@acme.example",
	"role": "EMPLOYEE",
	"status": status,
	"created_time": created,
	"expiration_time": expires,
}

snapshot(invs) := {"captured_at": "2026-11-01T09:30:00Z", "invitations": invs}

test_fail_expired_and_old if {
	findings := rule.findings with input as snapshot([inv("PENDING", "2026-09-01T08:00:00Z", "2026-10-01T08:00:00Z")])
	findings == {{
		"message": "Invitation 900 for new.hire@acme.example is still PENDING: it expired at 2026-10-01T08:00:00Z and it was sent 61 days ago (more than 14)",
		"subject": {"kind": "invitation", "id": "900", "name": "new.hire@acme.example"},
		"remediation": "In Settings → People, open the pending invitation for new.hire@acme.example and cancel it; send a new one if the person still needs access.",
	}}
}

test_fail_only_too_old if {
	findings := rule.findings with input as snapshot([inv("pending", "2026-10-10T08:00:00Z", "2026-12-01T08:00:00Z")])
	[f.message | some f in findings] == ["Invitation 900 for new.hire@acme.example is still pending: it was sent 22 days ago (more than 14)"]
}

test_success_fresh_answered_or_unknown if {
	count(rule.findings) == 0 with input as snapshot([inv("PENDING", "2026-10-30T08:00:00Z", "2026-11-29T08:00:00Z")])
	count(rule.findings) == 0 with input as snapshot([inv("ACCEPTED", "2026-09-01T08:00:00Z", "2026-10-01T08:00:00Z")])
	count(rule.findings) == 0 with input as snapshot([inv("Declined", "2026-09-01T08:00:00Z", "2026-10-01T08:00:00Z")])
	count(rule.findings) == 0 with input as snapshot([inv(null, "2026-09-01T08:00:00Z", "2026-10-01T08:00:00Z")])
	count(rule.findings) == 0 with input as {"captured_at": "2026-11-01T09:30:00Z", "invitations": null}
}
