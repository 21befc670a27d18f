package portfolio_guard.rules.ownership.external_full_control_member_test

import rego.v1

import data.portfolio_guard.rules.ownership.external_full_control_member as rule

snapshot(members) := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": members,
	"partners": [],
	"assets": [],
	"grants": [],
}

admin(id, email) := {"id": id, "kind": "person", "name": concat(" ", ["Admin", id]), "email": email, "role": "ADMIN"}

test_fail_admin_on_webmail if {
	findings := rule.findings with input as snapshot([
		{"id": "200", "kind": "person", "name": "Dana Owner", "email": "dana@acme.example", "role": "ADMIN"},
		{"id": "201", "kind": "person", "name": "Jo Freelance", "email": "Jo.Freelance@Gmail.com", "role": "ADMIN"},
	])
		with data.config.trusted_domains as ["acme.example", "acme-group.example"]
	findings == {{
		"message": "Member Jo Freelance (201) has full control of the portfolio (ADMIN) with the email Jo.Freelance@Gmail.com, whose domain gmail.com is not among the trusted domains (acme-group.example, acme.example)",
		"subject": {"kind": "member", "id": "201", "name": "Jo Freelance"},
		"remediation": "In Settings → People → Jo Freelance, change Full control to Partial access and assign only the assets their work needs, or remove them if they no longer work for Acme Retail; if gmail.com is one of your own domains, add it to `trusted_domains` in the org config.",
	}}
}

test_fail_lookalike_domains_are_external if {
	findings := rule.findings with input as snapshot([
		admin("201", "a@notacme.example"),
		admin("202", "b@acme.example.evil"),
		admin("203", "c@acme.example"),
	])
		with data.config.trusted_domains as ["acme.example"]
	{f.subject.id | some f in findings} == {"201", "202"}
}

test_success_subdomain_and_case_are_internal if {
	count(rule.findings) == 0 with input as snapshot([
		admin("201", "a@eu.acme.example"),
		admin("202", "b@ACME.Example"),
	])
		with data.config.trusted_domains as ["Acme.example"]
}

test_success_not_judged_without_trusted_domains if {
	count(rule.findings) == 0 with input as snapshot([admin("201", "a@gmail.com")])
}

test_success_employee_is_another_rule if {
	count(rule.findings) == 0 with input as snapshot([
		{"id": "201", "kind": "person", "name": "Jo", "email": "jo@gmail.com", "role": "EMPLOYEE"},
		{"id": "202", "kind": "person", "name": "Al", "email": "al@gmail.com", "role": null},
		{"id": "203", "kind": "person", "name": "Bo", "email": "bo@gmail.com"},
	])
		with data.config.trusted_domains as ["acme.example"]
}

test_success_unknown_email_is_silent if {
	count(rule.findings) == 0 with input as snapshot([
		{"id": "201", "kind": "person", "name": "Jo", "email": null, "role": "ADMIN"},
		{"id": "202", "kind": "system_user", "name": "Sync", "role": "ADMIN"},
	])
		with data.config.trusted_domains as ["acme.example"]
}
