package portfolio_guard.rules.membership.too_many_full_control_test

import rego.v1

import data.portfolio_guard.rules.membership.too_many_full_control as rule

admin(id, name) := {"id": id, "kind": "person", "name": name, "role": "ADMIN"}

snapshot := {
	"business": {"id": "1", "name": "Acme"},
	"members": [admin("200", "Bea"), admin("201", "Ana"), {"id": "202", "kind": "system_user", "name": "Bot", "role": "ADMIN"}, {"id": "203", "kind": "person", "name": "Eve", "role": "EMPLOYEE"}],
}

test_fail_three_admins_over_two if {
	findings := rule.findings with input as snapshot with data.config.thresholds.max_full_control_members as 2
	findings == {{
		"message": "3 members have full control of the portfolio (ADMIN), more than the 2 allowed: Ana, Bea, Bot",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People, change Full control to Partial access for those of Ana, Bea, Bot who do not manage the portfolio itself (keep their assets); if Acme really needs more admins, raise `thresholds.max_full_control_members` in the org config.",
	}}
}

test_success_at_the_maximum if {
	count(rule.findings) == 0 with input as snapshot with data.config.thresholds.max_full_control_members as 3
	count(rule.findings) == 0 with input as snapshot
}
