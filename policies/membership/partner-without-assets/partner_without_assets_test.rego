package portfolio_guard.rules.membership.partner_without_assets_test

import rego.v1

import data.portfolio_guard.rules.membership.partner_without_assets as rule

snapshot := {
	"partners": [{"id": "300", "name": "Dormant"}, {"id": "301", "name": "Requested"}],
	"assets": [{"id": "act_1", "type": "ad_account"}],
	"grants": [{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "301"}, "tasks": ["ANALYZE"], "status": "pending"}],
}

with_edges(edges) := object.union(snapshot, {"source": {"kind": "graph_bundle", "edges": edges}})

test_fail_partner_without_grants if {
	findings := rule.findings with input as snapshot
	findings == {{
		"message": "Partner Dormant (300) is connected to the portfolio but has access to no asset",
		"subject": {"kind": "partner", "id": "300", "name": "Dormant"},
		"remediation": "In Settings → Partners → Dormant → Assign assets, share what its work needs, or remove the partner (Settings → Partners → Dormant → Remove) if the engagement is over.",
	}}
}

test_fail_unnamed_partner if {
	findings := rule.findings with input as {"partners": [{"id": "302", "name": null}], "assets": [], "grants": []}
	findings == {{
		"message": "Partner 302 is connected to the portfolio but has access to no asset",
		"subject": {"kind": "partner", "id": "302", "name": null},
		"remediation": "In Settings → Partners → 302 → Assign assets, share what its work needs, or remove the partner (Settings → Partners → 302 → Remove) if the engagement is over.",
	}}
}

test_fail_member_grant_with_the_same_id_is_not_the_partners if {
	findings := rule.findings with input as object.union(snapshot, {"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "member", "id": "300"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "301"}, "tasks": ["ANALYZE"]},
	]})
	{f.subject.id | some f in findings} == {"300"}
}

test_fail_when_grants_are_exported if {
	{f.subject.id | some f in rule.findings} == {"300"} with input as with_edges(["agencies"])
	{f.subject.id | some f in rule.findings} == {"300"} with input as with_edges(["business_users", "assigned_users"])
	{f.subject.id | some f in rule.findings} == {"300"} with input as object.union(snapshot, {"source": {"kind": "manual", "edges": null}})
}

test_fail_every_partner_when_there_are_no_grants if {
	{f.subject.id | some f in rule.findings} == {"300", "301"} with input as object.union(snapshot, {"grants": []})
	{f.subject.id | some f in rule.findings} == {"300", "301"} with input as {"partners": snapshot.partners}
}

test_success_not_exported if {
	count(rule.findings) == 0 with input as with_edges(["business_users", "owned_ad_accounts"])
	count(rule.findings) == 0 with input as with_edges([])
}

test_success_pending_and_active_grants_count if {
	count(rule.findings) == 0 with input as object.union(snapshot, {"grants": [
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "300"}, "tasks": ["ANALYZE"]},
		{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "301"}, "tasks": ["ANALYZE"], "status": "pending"},
	]})
}

test_success_no_partners if {
	count(rule.findings) == 0 with input as {"partners": [], "assets": [], "grants": []}
	count(rule.findings) == 0 with input as {"partners": null}
}

test_success_unknown_grantee_is_another_rule if {
	count(rule.findings) == 0 with input as {
		"partners": [{"id": "301", "name": "Requested"}],
		"assets": [{"id": "act_1", "type": "ad_account"}],
		"grants": [
			{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "301"}, "tasks": ["ANALYZE"]},
			{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "399"}, "tasks": ["ANALYZE"]},
		],
	}
}

unread(edge) := object.union(snapshot, {"source": {"kind": "graph_bundle", "edges": ["agencies", "assigned_users"], "unread": [{"asset_id": "act_2", "edge": edge, "error": "(#200) denied"}]}})

test_success_when_some_assets_partners_could_not_be_read if {
	count(rule.findings) == 0 with input as unread("agencies")
}

test_fail_when_only_people_could_not_be_read if {
	{f.subject.id | some f in rule.findings} == {"300"} with input as unread("assigned_users")
}
