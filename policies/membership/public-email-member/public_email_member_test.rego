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

test_fail_webmail if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "Member Gail (200) logs in with Gail@GMail.com, a public webmail address nobody at Acme controls",
		"subject": {"kind": "member", "id": "200", "name": "Gail"},
		"remediation": "Invite Gail again with a company email (Settings → People → Add people), assign that login the same assets, then remove the webmail one in Settings → People → Gail → Remove; if gmail.com is not webmail, remove it from `public_email_domains` in the org config.",
	}}
}

test_success_user_list_replaces_default if {
	count(rule.findings) == 0 with input as snapshot with data.config.public_email_domains as ["mail.example"]
}
