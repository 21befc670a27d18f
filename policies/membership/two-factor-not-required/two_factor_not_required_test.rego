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

test_success_required_or_unknown if {
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": "admin_required"}}
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme", "two_factor_type": null}}
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}}
}
