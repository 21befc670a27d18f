package portfolio_guard.rules.least_privilege.grant_exceeds_role_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.grant_exceeds_role as rule

snapshot(grants) := {
	"members": [{"id": "200", "kind": "person", "name": "Rita"}],
	"partners": [{"id": "300", "name": "Insight Reports Ltd"}],
	"assets": [
		{"id": "act_71", "type": "ad_account", "name": "Northwind - Always on"},
		{"id": "p1", "type": "page", "name": "Northwind"},
		{"id": "wa", "type": "whatsapp_business_account", "name": "Support"},
	],
	"grants": grants,
}

grant(kind, id, asset, tasks) := {"asset_id": asset, "grantee": {"kind": kind, "id": id}, "tasks": tasks}

test_fail_reporting_partner_advertises if {
	findings := rule.findings with input as snapshot([grant("partner", "300", "act_71", ["ANALYZE", "ADVERTISE"])])
		with data.config.partners as {"300": {"role": "reporting"}}
	findings == {{
		"message": "Partner Insight Reports Ltd (300) holds ADVERTISE on ad account `Northwind - Always on` (act_71); its role `reporting` allows AA_ANALYZE, ANALYZE there",
		"subject": {"kind": "partner", "id": "300", "name": "Insight Reports Ltd"},
		"asset": {"id": "act_71", "type": "ad_account", "name": "Northwind - Always on"},
		"remediation": "In Settings → Partners → Insight Reports Ltd → Assets → Ad accounts → `Northwind - Always on`, turn off ADVERTISE and keep AA_ANALYZE, ANALYZE; if Insight Reports Ltd's job really needs them, change its role (`partners.300.role` in the org config) or record an exception.",
		"excess_tasks": ["ADVERTISE"],
	}}
}

test_fail_type_the_role_does_not_use if {
	findings := rule.findings with input as snapshot([grant("member", "200", "wa", ["MESSAGING"])])
		with data.config.members as {"200": {"role": "reporting"}}
	[f.message | some f in findings] == ["Member Rita (200) holds MESSAGING on WhatsApp Business account `Support` (wa); its role `reporting` needs no access to whatsapp accounts"]
}

test_success_partner_full_control_left_to_its_rule if {
	count(rule.findings) == 0 with input as snapshot([grant("partner", "300", "act_71", ["MANAGE", "ADVERTISE", "ANALYZE"])])
		with data.config.partners as {"300": {"role": "media_buyer"}}
}

test_fail_member_full_control_counts if {
	findings := rule.findings with input as snapshot([grant("member", "200", "act_71", ["MANAGE", "ANALYZE"])])
		with data.config.members as {"200": {"role": "reporting"}}
	[f.excess_tasks | some f in findings] == [["MANAGE"]]
}

test_success_page_vocabulary_is_normalized if {
	count(rule.findings) == 0 with input as snapshot([grant("partner", "300", "p1", ["PROFILE_PLUS_ANALYZE"])])
		with data.config.partners as {"300": {"role": "reporting"}}
}

test_success_no_role_or_unknown_grantee if {
	count(rule.findings) == 0 with input as snapshot([grant("partner", "300", "act_71", ["ADVERTISE"])])
	count(rule.findings) == 0 with input as snapshot([grant("partner", "399", "act_71", ["ADVERTISE"])])
		with data.config.partners as {"399": {"role": "reporting"}}
}

test_fail_pending_request_counts if {
	findings := rule.findings with input as snapshot([object.union(grant("partner", "300", "act_71", ["ADVERTISE"]), {"status": "pending"})])
		with data.config.partners as {"300": {"role": "reporting"}}
	count(findings) == 1
	some f in findings
	contains(f.message, "(pending request)")

	# A request is declined, not edited task by task (the same instruction as partner-full-control).
	f.remediation == "In Settings → Requests, decline Insight Reports Ltd's pending request for `Northwind - Always on`, which asks for ADVERTISE beyond its role `reporting`, and ask Insight Reports Ltd to request only AA_ANALYZE, ANALYZE; if Insight Reports Ltd's job really needs them, change its role (`partners.300.role` in the org config) or record an exception."
}
