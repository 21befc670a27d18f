package portfolio_guard.rules.membership.public_email_member_test

import rego.v1

import data.portfolio_guard.rules.membership.public_email_member as rule

snapshot := {
	"business": {"id": "1", "name": "Acme"},
	"members": [
		{"id": "200", "kind": "person", "name": "Gail", "email": "Gail@GMail.com"},
		{"id": "201", "kind": "person", "name": "Ana", "email": "ana@acme.example"},
		{"id": "202", "kind": "person", "name": "No email", "email": null},
	],
}

member(id, email) := {"id": id, "kind": "person", "name": concat(" ", ["M", id]), "email": email, "role": "EMPLOYEE"}

test_fail_webmail if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "Member Gail (200) logs in with Gail@GMail.com, a public webmail address nobody at Acme controls",
		"subject": {"kind": "member", "id": "200", "name": "Gail"},
		"remediation": "Invite Gail again with a company email (Settings → People → Add people), assign that login the same assets, then remove the webmail one in Settings → People → Gail → Remove; if gmail.com is not webmail, remove it from `public_email_domains` in the org config.",
	}}
}

test_fail_every_default_webmail_domain if {
	findings := rule.findings with input as object.union(snapshot, {"members": [
		member("210", "a@gmail.com"),
		member("211", "b@googlemail.com"),
		member("212", "c@outlook.com"),
		member("213", "d@hotmail.com"),
		member("214", "e@yahoo.com"),
		member("215", "f@icloud.com"),
		member("216", "g@aol.com"),
		member("217", "h@proton.me"),
		member("218", "i@acme.example"),
	]})
	{f.subject.id | some f in findings} == {"210", "211", "212", "213", "214", "215", "216", "217"}
}

test_fail_admins_and_unknown_roles_too if {
	findings := rule.findings with input as object.union(snapshot, {"members": [
		object.union(member("210", "a@gmail.com"), {"role": "ADMIN"}),
		object.union(member("211", "b@gmail.com"), {"role": null}),
	]})
	{f.subject.id | some f in findings} == {"210", "211"}
}

test_fail_user_list_replaces_default if {
	findings := rule.findings with input as object.union(snapshot, {"members": [member("210", "a@Mail.Example"), member("211", "b@gmail.com")]})
		with data.config.public_email_domains as ["MAIL.example"]
	findings == {{
		"message": "Member M 210 (210) logs in with a@Mail.Example, a public webmail address nobody at Acme controls",
		"subject": {"kind": "member", "id": "210", "name": "M 210"},
		"remediation": "Invite M 210 again with a company email (Settings → People → Add people), assign that login the same assets, then remove the webmail one in Settings → People → M 210 → Remove; if mail.example is not webmail, remove it from `public_email_domains` in the org config.",
	}}
}

test_fail_business_without_name if {
	findings := rule.findings with input as {"business": {"id": "1", "name": null}, "members": [member("210", "a@gmail.com")]}
	{f.message | some f in findings} == {"Member M 210 (210) logs in with a@gmail.com, a public webmail address nobody at your business controls"}
}

test_success_user_list_replaces_default if {
	count(rule.findings) == 0 with input as snapshot with data.config.public_email_domains as ["mail.example"]
	count(rule.findings) == 0 with input as snapshot with data.config.public_email_domains as []
}

test_success_only_the_exact_webmail_domain if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"members": [
		member("210", "a@gmail.com.acme.example"),
		member("211", "b@notgmail.com"),
		member("212", "gmail.com@acme.example"),
	]})
}

test_success_unknown_or_malformed_email if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"members": [
		member("210", null),
		{"id": "211", "kind": "person", "name": "No email field"},
		member("212", "gmail.com"),
		member("213", "someone@"),
		{"id": "214", "kind": "system_user", "name": "Bot", "email": null},
	]})
}

test_success_no_members if {
	count(rule.findings) == 0 with input as {"business": {"id": "1", "name": "Acme"}, "members": []}
}
