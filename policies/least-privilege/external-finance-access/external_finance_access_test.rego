package portfolio_guard.rules.least_privilege.external_finance_access_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.external_finance_access as rule

snapshot := {"members": [
	{"id": "200", "kind": "person", "name": "Gail", "email": "gail@gmail.com", "role": "EMPLOYEE", "finance_permission": "ANALYST"},
	{"id": "201", "kind": "person", "name": "Fin", "email": "fin@outside.example", "role": "FINANCE_EDITOR", "finance_permission": null},
	{"id": "202", "kind": "person", "name": "Ana", "email": "ana@acme.example", "role": "FINANCE_EDITOR", "finance_permission": "EDITOR"},
	{"id": "203", "kind": "person", "name": "Eve", "email": "eve@gmail.com", "role": "EMPLOYEE"},
]}

test_fail_external_finance if {
	findings := rule.findings with input as snapshot with data.config.trusted_domains as ["acme.example"]
	findings == {
		{
			"message": "Member Gail (200) (gail@gmail.com) is outside the trusted domains (acme.example) but has financial access: finance permission ANALYST",
			"subject": {"kind": "member", "id": "200", "name": "Gail"},
			"remediation": "In Settings → People → Gail, turn off financial access (Finance editor / Finance analyst) and give billing work to someone on your own domains; if gmail.com is one of your domains, add it to `trusted_domains` in the org config.",
		},
		{
			"message": "Member Fin (201) (fin@outside.example) is outside the trusted domains (acme.example) but has financial access: portfolio role FINANCE_EDITOR",
			"subject": {"kind": "member", "id": "201", "name": "Fin"},
			"remediation": "In Settings → People → Fin, turn off financial access (Finance editor / Finance analyst) and give billing work to someone on your own domains; if outside.example is one of your domains, add it to `trusted_domains` in the org config.",
		},
	}
}

test_success_without_trusted_domains if {
	count(rule.findings) == 0 with input as snapshot
}
