package portfolio_guard.rules.membership.two_factor_not_required_test

import rego.v1

import data.portfolio_guard.rules.membership.two_factor_not_required as rule

test_fail_none if {
	findings := rule.findings with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": "none"}}
	findings == {{
		"message": "Acme does not require two-factor authentication for anyone (two_factor_type `none`)",
		"subject": {"kind": "business", "id": "1", "name": "Acme"},
		"remediation": "In Settings → Security Center → Two-factor authentication, choose \"Required for admins\" (at least) or \"Required for everyone\".",
	}}
}

test_fail_unnamed_business if {
	findings := rule.findings with input as {"business": {"id": "1", "name": null, "two_factor_type": "none"}}
	findings == {{
		"message": "Your business does not require two-factor authentication for anyone (two_factor_type `none`)",
		"subject": {"kind": "business", "id": "1", "name": null},
		"remediation": "In Settings → Security Center → Two-factor authentication, choose \"Required for admins\" (at least) or \"Required for everyone\".",
	}}
}

test_fail_even_when_every_admin_has_2fa if {
	findings := rule.findings with input as {
		"business": {"id": "1", "name": "Acme", "two_factor_type": "none"},
		"members": [{"id": "200", "kind": "person", "name": "Ana", "role": "ADMIN", "two_fac_status": "enabled"}],
	}
	count(findings) == 1
}

test_success_required_or_unknown if {
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": "admin_required"}}
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": "all_required"}}
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": null}}
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}}
}
