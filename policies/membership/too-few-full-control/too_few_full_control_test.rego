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

test_fail_one_trusted_admin if {
	findings := rule.findings with input as snapshot with data.config.trusted_domains as ["acme.example"]
	findings == {{
		"message": "Only 1 person on the business's own domains (Ana) has full control of the portfolio (ADMIN): at least 2 are needed so the business keeps control of its portfolio if one of them leaves or is locked out",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → People → Add people, invite 1 more trusted person with a company email and choose Full control; ask them to turn on two-factor authentication.",
	}}
}

test_success_external_not_judged_without_trusted_domains if {
	count(rule.findings) == 0 with input as snapshot
}

test_fail_no_admin_at_all if {
	findings := rule.findings with input as {"business": {"id": "1", "name": "Acme"}, "members": []}
	[f.message | some f in findings] == ["No person on the business's own domains has full control of the portfolio (ADMIN): at least 2 are needed so the business keeps control of its portfolio if one of them leaves or is locked out"]
}
