package portfolio_guard.rules.membership.admin_without_2fa_test

import rego.v1

import data.portfolio_guard.rules.membership.admin_without_2fa as rule

member(id, role, status) := {"id": id, "kind": "person", "name": concat(" ", ["M", id]), "role": role, "two_fac_status": status}

test_fail_admin_with_2fa_disabled if {
	findings := rule.findings with input as {"members": [member("200", "ADMIN", "disabled"), member("201", "ADMIN", "enabled")]}
	findings == {{
		"message": "Member M 200 (200) has full control of the portfolio (ADMIN) but two-factor authentication is disabled",
		"subject": {"kind": "member", "id": "200", "name": "M 200"},
		"remediation": "Ask M 200 to turn on two-factor authentication (Accounts Center → Password and security → Two-factor authentication); require it for admins in Settings → Security Center → Two-factor authentication, or change M 200 to Partial access in Settings → People → M 200 until it is on.",
	}}
}

test_fail_any_known_status_other_than_enabled if {
	findings := rule.findings with input as {"members": [
		member("200", "ADMIN", "disabled"),
		member("201", "ADMIN", "not_set"),
		member("202", "ADMIN", "enabled"),
		member("203", "ADMIN", "disabled"),
	]}
	{f.subject.id | some f in findings} == {"200", "201", "203"}
	{f.message | some f in findings; f.subject.id == "201"} == {"Member M 201 (201) has full control of the portfolio (ADMIN) but two-factor authentication is not_set"}
}

test_fail_even_when_the_portfolio_requires_it if {
	findings := rule.findings with input as {
		"business": {"id": "1", "name": "Acme", "two_factor_type": "all_required"},
		"members": [member("200", "ADMIN", "disabled")],
	}
	{f.subject.id | some f in findings} == {"200"}
}

test_success_unknown_status_or_employee if {
	count(rule.findings) == 0 with input as {"members": [member("200", "ADMIN", null), member("201", "EMPLOYEE", "disabled"), {"id": "202", "kind": "person", "name": "X", "role": "ADMIN"}]}
}

test_success_unknown_role if {
	count(rule.findings) == 0 with input as {"members": [
		member("200", null, "disabled"),
		{"id": "201", "kind": "person", "name": "No role", "two_fac_status": "disabled"},
		member("202", "admin", "disabled"),
	]}
}

test_success_every_admin_enabled if {
	count(rule.findings) == 0 with input as {"members": [member("200", "ADMIN", "enabled"), member("201", "ADMIN", "enabled"), member("202", "FINANCE_EDITOR", null)]}
	count(rule.findings) == 0 with input as {"members": []}
	count(rule.findings) == 0 with input as {}
}
