package portfolio_guard.rules.membership.grant_to_unknown_grantee_test

import rego.v1

import data.portfolio_guard.rules.membership.grant_to_unknown_grantee as rule

snapshot(grants) := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": [{"id": "200", "kind": "person", "name": "Dana Owner", "email": "dana@acme.example", "role": "ADMIN"}],
	"partners": [{"id": "300", "name": "Growth Agency Ltd"}],
	"assets": [
		{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting", "owner_business_id": "100"},
		{"id": "700", "type": "pixel", "owner_business_id": "100"},
	],
	"grants": grants,
}

test_fail_partner_removed_but_access_left if {
	findings := rule.findings with input as snapshot([
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "399"}, "tasks": ["ANALYZE", "ADVERTISE"]},
	])
	findings == {{
		"message": "Partner 399 holds ADVERTISE, ANALYZE on ad account `Acme - Prospecting` (act_1), but is not among the portfolio's partners: access left behind after a removal",
		"subject": {"kind": "partner", "id": "399", "name": null},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		"remediation": "In Settings → Accounts → Ad accounts → `Acme - Prospecting` → Partners, remove partner 399; if it should keep working with you, add it back in Settings → Partners → Add and declare its role in the org config (`partners.399.role`).",
		"tasks": ["ADVERTISE", "ANALYZE"],
	}}
}

test_fail_pending_grant_to_departed_member if {
	findings := rule.findings with input as snapshot([{
		"asset_id": "700", "grantee": {"kind": "member", "id": "299"}, "tasks": ["EDIT"],
		"status": "pending",
	}])
	findings == {{
		"message": "Member 299 holds EDIT on pixel 700 (pending), but is not among the portfolio's members: access left behind after a removal",
		"subject": {"kind": "member", "id": "299", "name": null},
		"asset": {"id": "700", "type": "pixel", "name": null},
		"remediation": "In Settings → Data sources → Pixels → 700 → People, remove member 299; if they should keep access, add them back in Settings → People → Add and give them only the tasks their role needs.",
		"tasks": ["EDIT"],
	}}
}

test_fail_kind_must_match_the_list if {
	# 200 is a member, not a partner; 300 is a partner, not a member
	findings := rule.findings with input as snapshot([
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "200"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "300"}, "tasks": ["ANALYZE"]},
	])
	{[f.subject.kind, f.subject.id] | some f in findings} == {["partner", "200"], ["member", "300"]}
}

test_fail_no_tasks_still_access if {
	findings := rule.findings with input as snapshot([{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "399"}, "tasks": []}])
	{f.message | some f in findings} == {"Partner 399 holds access on ad account `Acme - Prospecting` (act_1), but is not among the portfolio's partners: access left behind after a removal"}
}

test_success_known_grantees if {
	count(rule.findings) == 0 with input as snapshot([
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["MANAGE"], "status": "pending"},
	])
}

test_success_no_grants if {
	count(rule.findings) == 0 with input as snapshot([])
}
