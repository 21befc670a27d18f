package portfolio_guard.rules.exceptions.exception_expired_test

import rego.v1

import data.portfolio_guard.rules.exceptions.exception_expired as rule

snapshot := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": [],
	"partners": [],
	"assets": [],
	"grants": [],
}

exceptions := [
	{
		"rule": "partner-full-control", "subject": "300", "asset": "act_1",
		"reason": "Full-service agency during the Q4 migration", "owner": "dana@acme.example",
		"expires": "2027-01-01",
	},
	{
		"rule": "inactive-member", "subject": "200",
		"reason": "Parental leave", "owner": "hr@acme.example", "expires": "2027-06-30",
	},
]

test_fail_date_only_expiry_from_the_next_day if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-01-02T00:00:00Z"
	findings == {{
		"message": "Exception exceptions[0] (partner-full-control for 300 on act_1, owner dana@acme.example) expired at the end of 2027-01-01 and no longer suppresses anything",
		"subject": {"kind": "exception", "id": "exceptions[0]", "name": "partner-full-control for 300 on act_1"},
		"remediation": "Ask dana@acme.example whether the risk is still accepted: if so, set a new `expires` date and reason on exceptions[0] in the org config; if not, fix the partner-full-control finding for 300 in Business Settings and delete the exception.",
	}}
}

test_success_date_only_expiry_covers_its_last_day if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-01-01T23:59:59Z"
}

test_fail_full_time_expiry if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as [{
			"rule": "inactive-member", "subject": "200",
			"reason": "r", "owner": "hr@acme.example", "expires": "2026-11-01T09:00:00Z",
		}]
	{[f.subject.id, f.subject.name, f.message] | some f in findings} == {[
		"exceptions[0]", "inactive-member for 200",
		"Exception exceptions[0] (inactive-member for 200, owner hr@acme.example) expired at 2026-11-01T09:00:00Z and no longer suppresses anything",
	]}
}

test_fail_every_expired_exception if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-07-01T00:00:00Z"
	{f.subject.id | some f in findings} == {"exceptions[0]", "exceptions[1]"}
}

test_fail_now_falls_back_to_captured_at if {
	findings := rule.findings with input as object.union(snapshot, {"captured_at": "2027-01-02T00:00:00Z"})
		with data.config.exceptions as exceptions
	{f.subject.id | some f in findings} == {"exceptions[0]"}
}

test_success_matched_or_not_does_not_matter if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.matched_exceptions as []
}

test_success_no_exceptions if {
	count(rule.findings) == 0 with input as snapshot
}
