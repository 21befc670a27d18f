package portfolio_guard.rules.membership.agency_staff_as_members_test

import rego.v1

import data.portfolio_guard.rules.membership.agency_staff_as_members as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "person", "name": "Xavier", "email": "Xavier@EU.AgencyX.example"},
		{"id": "201", "kind": "person", "name": "Ana", "email": "ana@acme.example"},
		{"id": "202", "kind": "person", "name": "Lookalike", "email": "x@notagencyx.example"},
		{"id": "203", "kind": "system_user", "name": "Bot"},
	],
	"partners": [{"id": "300", "name": "Agency X"}],
}

test_fail_agency_staff if {
	findings := rule.findings with input as snapshot
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
	findings == {{
		"message": "Member Xavier (200) uses the email Xavier@EU.AgencyX.example, on the domain of partner Agency X (300): the partner's staff should work through its partner access",
		"subject": {"kind": "member", "id": "200", "name": "Xavier"},
		"remediation": "Share the assets Xavier works on with the partner instead (Settings → Partners → Agency X → Assign assets) and let it assign its own people; then remove Xavier in Settings → People → Xavier → Remove.",
	}}
}

test_success_without_partner_domains if {
	count(rule.findings) == 0 with input as snapshot
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"role": "reporting"}}
}
