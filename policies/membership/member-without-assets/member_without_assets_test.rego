package portfolio_guard.rules.membership.member_without_assets_test

import rego.v1

import data.portfolio_guard.rules.membership.member_without_assets as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "person", "name": "Ivan", "role": "EMPLOYEE"},
		{"id": "201", "kind": "person", "name": "Ana", "role": "ADMIN"},
		{"id": "202", "kind": "person", "name": "Unknown role", "role": null},
		{"id": "203", "kind": "person", "name": "Pending only", "role": "EMPLOYEE"},
		{"id": "204", "kind": "person", "name": "Working", "role": "EMPLOYEE"},
	],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "203"}, "tasks": ["ANALYZE"], "status": "pending"},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "204"}, "tasks": ["ANALYZE"]},
	],
}

with_source(edges) := object.union(snapshot, {"source": {"kind": "graph_bundle", "edges": edges}})

test_fail_employee_without_active_grant if {
	findings := rule.findings with input as snapshot
	findings == {
		{
			"message": "Member Ivan (200) is in the portfolio (role EMPLOYEE) but has no active access to any asset",
			"subject": {"kind": "member", "id": "200", "name": "Ivan"},
			"remediation": "In Settings → People → Ivan → Assign assets, give Ivan the assets their work needs, or remove them from the portfolio (Settings → People → Ivan → Remove) if they no longer need access.",
		},
		{
			"message": "Member Pending only (203) is in the portfolio (role EMPLOYEE) but has no active access to any asset",
			"subject": {"kind": "member", "id": "203", "name": "Pending only"},
			"remediation": "In Settings → People → Pending only → Assign assets, give Pending only the assets their work needs, or remove them from the portfolio (Settings → People → Pending only → Remove) if they no longer need access.",
		},
	}
}

test_fail_system_user_and_other_roles if {
	findings := rule.findings with input as {
		"members": [
			{"id": "210", "kind": "system_user", "name": "Reporting integration", "role": "EMPLOYEE"},
			{"id": "211", "kind": "person", "name": "Fiona", "role": "FINANCE_ANALYST"},
			{"id": "212", "kind": "person", "name": "Dev", "role": "DEVELOPER"},
		],
		"assets": [],
		"grants": [],
	}
	findings == {
		{
			"message": "Member Reporting integration (210) is in the portfolio (role EMPLOYEE) but has no active access to any asset",
			"subject": {"kind": "member", "id": "210", "name": "Reporting integration"},
			"remediation": "In Settings → Users → System users → Reporting integration → Assign assets, give Reporting integration the assets their work needs, or remove them from the portfolio (Settings → Users → System users → Reporting integration → Remove) if they no longer need access.",
		},
		{
			"message": "Member Fiona (211) is in the portfolio (role FINANCE_ANALYST) but has no active access to any asset",
			"subject": {"kind": "member", "id": "211", "name": "Fiona"},
			"remediation": "In Settings → People → Fiona → Assign assets, give Fiona the assets their work needs, or remove them from the portfolio (Settings → People → Fiona → Remove) if they no longer need access.",
		},
		{
			"message": "Member Dev (212) is in the portfolio (role DEVELOPER) but has no active access to any asset",
			"subject": {"kind": "member", "id": "212", "name": "Dev"},
			"remediation": "In Settings → People → Dev → Assign assets, give Dev the assets their work needs, or remove them from the portfolio (Settings → People → Dev → Remove) if they no longer need access.",
		},
	}
}

test_fail_partner_grant_with_the_same_id_is_not_the_members if {
	findings := rule.findings with input as {
		"members": [{"id": "210", "kind": "person", "name": "Ivan", "role": "EMPLOYEE"}],
		"assets": [{"id": "act_1", "type": "ad_account"}],
		"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "210"}, "tasks": ["ANALYZE"]}],
	}
	{f.subject.id | some f in findings} == {"210"}
}

test_fail_null_status_is_active_not_pending if {
	findings := rule.findings with input as object.union(snapshot, {"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["ANALYZE"], "status": null},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "203"}, "tasks": ["ANALYZE"], "status": "active"},
	]})
	{f.subject.id | some f in findings} == {"204"}
}

test_fail_when_grants_are_exported if {
	{f.subject.id | some f in rule.findings} == {"200", "203"} with input as with_source(["business_users", "assigned_users"])
	{f.subject.id | some f in rule.findings} == {"200", "203"} with input as with_source(["agencies"])
	{f.subject.id | some f in rule.findings} == {"200", "203"} with input as object.union(snapshot, {"source": {"kind": "manual"}})
	{f.subject.id | some f in rule.findings} == {"200", "203"} with input as object.union(snapshot, {"source": {"kind": "manual", "edges": null}})
}

test_success_when_access_was_not_exported if {
	count(rule.findings) == 0 with input as with_source(["business_users"])
	count(rule.findings) == 0 with input as with_source([])
}

test_success_admins_and_unknown_roles if {
	count(rule.findings) == 0 with input as {
		"members": [
			{"id": "201", "kind": "person", "name": "Ana", "role": "ADMIN"},
			{"id": "202", "kind": "person", "name": "Unknown role", "role": null},
			{"id": "205", "kind": "person", "name": "No role field"},
			{"id": "206", "kind": "system_user", "name": "Admin bot", "role": "ADMIN"},
		],
		"assets": [],
		"grants": [],
	}
}

test_success_every_member_works if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "203"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "204"}, "tasks": []},
	]})
}

test_success_no_members if {
	count(rule.findings) == 0 with input as {"members": [], "assets": [], "grants": []}
	count(rule.findings) == 0 with input as {"grants": []}
}

test_success_unknown_grantee_is_another_rule if {
	count(rule.findings) == 0 with input as {
		"members": [{"id": "204", "kind": "person", "name": "Working", "role": "EMPLOYEE"}],
		"assets": [{"id": "act_1", "type": "ad_account"}],
		"grants": [
			{"asset_id": "act_1", "grantee": {"kind": "member", "id": "204"}, "tasks": ["ANALYZE"]},
			{"asset_id": "act_1", "grantee": {"kind": "member", "id": "299"}, "tasks": []},
		],
	}
}

unread(edge) := object.union(snapshot, {"source": {"kind": "graph_bundle", "edges": ["agencies", "assigned_users"], "unread": [{"asset_id": "act_9", "edge": edge, "error": "(#200) denied"}]}})

test_success_when_some_assets_people_could_not_be_read if {
	count(rule.findings) == 0 with input as unread("assigned_users")
}

test_fail_when_only_partners_could_not_be_read if {
	{f.subject.id | some f in rule.findings} == {"200", "203"} with input as unread("agencies")
}
