package portfolio_guard.rules.membership.too_few_full_control_test

import rego.v1

import data.portfolio_guard.rules.membership.too_few_full_control as rule

snapshot := {
	"business": {"id": "1", "name": "Acme"},
	"members": [
		{"id": "200", "kind": "person", "name": "Ana", "email": "ana@acme.example", "role": "ADMIN"},
		{"id": "201", "kind": "person", "name": "Xavier", "email": "x@agency.example", "role": "ADMIN"},
		{"id": "202", "kind": "system_user", "name": "Bot", "role": "ADMIN"},
		{"id": "203", "kind": "person", "name": "Eve", "email": "eve@acme.example", "role": "EMPLOYEE"},
	],
}

admin(id, email) := {"id": id, "kind": "person", "name": concat(" ", ["Admin", id]), "email": email, "role": "ADMIN"}

business := {"id": "1", "name": "Acme"}

test_fail_one_trusted_admin if {
	findings := rule.findings with input as snapshot with data.config.trusted_domains as ["acme.example"]
	findings == {{
		"message": "Only 1 person on the business's own domains (Ana) has full control of the portfolio (ADMIN): at least 2 are needed so the business keeps control of its portfolio if one of them leaves or is locked out",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People → Add people, invite 1 more trusted person with a company email and choose Full control; ask them to turn on two-factor authentication.",
	}}
}

test_fail_no_admin_at_all if {
	findings := rule.findings with input as {"business": business, "members": []}
	findings == {{
		"message": "No person has full control of the portfolio (ADMIN): at least 2 are needed so the business keeps control of its portfolio if one of them leaves or is locked out",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People → Add people, invite 2 more trusted people with a company email and choose Full control; ask them to turn on two-factor authentication.",
	}}
}

test_fail_only_external_admins_and_system_users if {
	findings := rule.findings with input as {"business": business, "members": [
		admin("200", "a@agency.example"),
		admin("201", "b@gmail.com"),
		{"id": "202", "kind": "system_user", "name": "Bot", "role": "ADMIN"},
	]}
		with data.config.trusted_domains as ["acme.example"]
	findings == {{
		"message": "No person on the business's own domains has full control of the portfolio (ADMIN): at least 2 are needed so the business keeps control of its portfolio if one of them leaves or is locked out",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People → Add people, invite 2 more trusted people with a company email and choose Full control; ask them to turn on two-factor authentication.",
	}}
}

test_fail_two_of_three_needed if {
	findings := rule.findings with input as {"business": {"id": "1"}, "members": [admin("201", "b@acme.example"), admin("200", "a@eu.acme.example")]}
		with data.config.trusted_domains as ["ACME.example"]
		with data.config.thresholds.min_full_control_members as 3
	findings == {{
		"message": "Only 2 people on the business's own domains (Admin 200, Admin 201) have full control of the portfolio (ADMIN): at least 3 are needed so the business keeps control of its portfolio if one of them leaves or is locked out",
		"subject": {"kind": "business", "id": "1", "name": null},
		"remediation": "In Settings → People → Add people, invite 1 more trusted person with a company email and choose Full control; ask them to turn on two-factor authentication.",
	}}
}

test_fail_minimum_of_one if {
	findings := rule.findings with input as {"business": business, "members": [{"id": "202", "kind": "system_user", "name": "Bot", "role": "ADMIN"}]}
		with data.config.thresholds.min_full_control_members as 1
	{f.message | some f in findings} == {"No person has full control of the portfolio (ADMIN): at least 1 is needed so the business keeps control of its portfolio if one of them leaves or is locked out"}
}

test_fail_unknown_roles_and_employees_do_not_count if {
	findings := rule.findings with input as {"business": business, "members": [
		admin("200", "a@acme.example"),
		{"id": "201", "kind": "person", "name": "Null", "email": "n@acme.example", "role": null},
		{"id": "202", "kind": "person", "name": "Absent", "email": "m@acme.example"},
		{"id": "203", "kind": "person", "name": "Eve", "email": "e@acme.example", "role": "EMPLOYEE"},
	]}
		with data.config.trusted_domains as ["acme.example"]
	count(findings) == 1
}

test_success_external_not_judged_without_trusted_domains if {
	count(rule.findings) == 0 with input as snapshot
	count(rule.findings) == 0 with input as snapshot with data.config.trusted_domains as []
}

test_success_two_trusted_admins if {
	count(rule.findings) == 0 with input as {"business": business, "members": [
		admin("200", "a@acme.example"),
		admin("201", "b@Shop.Acme.example"),
		admin("202", "c@agency.example"),
	]}
		with data.config.trusted_domains as ["acme.example"]
}

test_success_unknown_email_is_not_external if {
	count(rule.findings) == 0 with input as {"business": business, "members": [
		admin("200", "a@acme.example"),
		admin("201", null),
	]}
		with data.config.trusted_domains as ["acme.example"]
	count(rule.findings) == 0 with input as {"business": business, "members": [
		admin("200", "a@acme.example"),
		{"id": "201", "kind": "person", "name": "No email", "role": "ADMIN"},
	]}
		with data.config.trusted_domains as ["acme.example"]
}

test_success_at_the_minimum_or_no_minimum if {
	count(rule.findings) == 0 with input as snapshot
		with data.config.trusted_domains as ["acme.example"]
		with data.config.thresholds.min_full_control_members as 1
	count(rule.findings) == 0 with input as {"business": business, "members": []}
		with data.config.thresholds.min_full_control_members as 0
}
