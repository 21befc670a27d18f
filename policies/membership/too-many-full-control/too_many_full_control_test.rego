package portfolio_guard.rules.membership.too_many_full_control_test

import rego.v1

import data.portfolio_guard.rules.membership.too_many_full_control as rule

admin(id, name) := {"id": id, "kind": "person", "name": name, "role": "ADMIN"}

snapshot := {
	"business": {"id": "1", "name": "Acme"},
	"members": [admin("200", "Bea"), admin("201", "Ana"), {"id": "202", "kind": "system_user", "name": "Bot", "role": "ADMIN"}, {"id": "203", "kind": "person", "name": "Eve", "role": "EMPLOYEE"}],
}

six_admins := [admin("210", "F"), admin("211", "E"), admin("212", "D"), admin("213", "C"), admin("214", "B"), admin("215", "A")]

test_fail_three_admins_over_two if {
	findings := rule.findings with input as snapshot with data.config.thresholds.max_full_control_members as 2
	findings == {{
		"message": "3 members have full control of the portfolio (ADMIN), more than the 2 allowed: Ana, Bea, Bot",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People, change Full control to Partial access for those of Ana, Bea, Bot who do not manage the portfolio itself (keep their assets); if Acme really needs more admins, raise `thresholds.max_full_control_members` in the org config.",
	}}
}

test_fail_six_admins_over_the_default_five if {
	findings := rule.findings with input as {"business": {"id": "1", "name": "Acme"}, "members": six_admins}
	findings == {{
		"message": "6 members have full control of the portfolio (ADMIN), more than the 5 allowed: A, B, C, D, E, F",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People, change Full control to Partial access for those of A, B, C, D, E, F who do not manage the portfolio itself (keep their assets); if Acme really needs more admins, raise `thresholds.max_full_control_members` in the org config.",
	}}
}

test_fail_unnamed_business if {
	findings := rule.findings with input as {"business": {"id": "1"}, "members": six_admins}
	{[f.subject, f.remediation] | some f in findings} == {[
		{"kind": "business", "id": "1", "name": null},
		"In Settings → People, change Full control to Partial access for those of A, B, C, D, E, F who do not manage the portfolio itself (keep their assets); if your business really needs more admins, raise `thresholds.max_full_control_members` in the org config.",
	]}
}

test_fail_one_finding_for_the_business if {
	findings := rule.findings with input as snapshot with data.config.thresholds.max_full_control_members as 0
	count(findings) == 1
	{f.message | some f in findings} == {"3 members have full control of the portfolio (ADMIN), more than the 0 allowed: Ana, Bea, Bot"}
}

test_success_at_the_maximum if {
	count(rule.findings) == 0 with input as snapshot with data.config.thresholds.max_full_control_members as 3
	count(rule.findings) == 0 with input as snapshot
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}, "members": array.slice(six_admins, 0, 5)}
}

test_success_unknown_and_partial_roles_do_not_count if {
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}, "members": [
		admin("200", "Ana"),
		{"id": "201", "kind": "person", "name": "Null", "role": null},
		{"id": "202", "kind": "person", "name": "Absent"},
		{"id": "203", "kind": "person", "name": "Eve", "role": "EMPLOYEE"},
		{"id": "204", "kind": "person", "name": "lower", "role": "admin"},
	]}
		with data.config.thresholds.max_full_control_members as 1
}

test_success_no_members if {
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}, "members": []}
		with data.config.thresholds.max_full_control_members as 0
}
