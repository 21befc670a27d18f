package portfolio_guard.rules.exceptions.exception_unused_test

import rego.v1

import data.portfolio_guard.rules.exceptions.exception_unused as rule

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

test_fail_exception_that_matched_nothing if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.matched_exceptions as [0]
	findings == {{
		"message": "Exception exceptions[1] (inactive-member for 200) matched no finding: the risk it accepts is gone, or it does not name the finding it was meant for",
		"subject": {"kind": "exception", "id": "exceptions[1]", "name": "inactive-member for 200"},
		"remediation": "If the risk is gone, delete exceptions[1] from the org config; otherwise correct its `rule`, `subject` or `asset` to the ids the report shows for the finding (and check that `inactive-member` is not in `rules.disabled`).",
	}}
}

test_fail_absent_matched_list_means_none_matched if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
	{f.subject.id | some f in findings} == {"exceptions[0]", "exceptions[1]"}
}

test_fail_still_unused_on_its_last_day if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-01-01T23:59:59Z"
		with data.runtime.matched_exceptions as [1]
	{f.subject.id | some f in findings} == {"exceptions[0]"}
}

test_success_every_exception_matched if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.matched_exceptions as [0, 1]
}

test_success_expired_is_never_also_unused if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-07-01T00:00:00Z"
		with data.runtime.matched_exceptions as []
}

test_success_expired_from_the_next_day if {
	findings := rule.findings with input as snapshot
		with data.config.exceptions as exceptions
		with data.runtime.now as "2027-01-02T00:00:00Z"
		with data.runtime.matched_exceptions as [1]
	count(findings) == 0
}

test_success_no_exceptions if {
	count(rule.findings) == 0 with input as snapshot
}
