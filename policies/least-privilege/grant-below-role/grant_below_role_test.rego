package portfolio_guard.rules.least_privilege.grant_below_role_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.grant_below_role as rule

snapshot(grants) := {
	"members": [{"id": "200", "kind": "person", "name": "Ivan"}],
	"partners": [{"id": "300", "name": "Catalog Crafters"}],
	"assets": [
		{"id": "c1", "type": "catalog", "name": "Shop"},
		{"id": "c2", "type": "catalog", "name": "Outlet"},
		{"id": "act_1", "type": "ad_account", "name": "Main"},
	],
	"grants": grants,
}

grant(kind, id, asset, tasks) := {"asset_id": asset, "grantee": {"kind": kind, "id": id}, "tasks": tasks}

test_fail_required_task_missing_on_held_asset if {
	findings := rule.findings with input as snapshot([
		grant("partner", "300", "c1", ["ADVERTISE"]),
		grant("partner", "300", "act_1", ["ANALYZE"]),
	])
		with data.config.partners as {"300": {"role": "catalog_specialist"}}
	findings == {{
		"message": "Partner Catalog Crafters (300) holds only ADVERTISE on catalog `Shop` (c1); its role `catalog_specialist` requires MANAGE there: campaign work will stall",
		"subject": {"kind": "partner", "id": "300", "name": "Catalog Crafters"},
		"asset": {"id": "c1", "type": "catalog", "name": "Shop"},
		"remediation": "In Settings → Partners → Catalog Crafters → Assets → Catalogs → `Shop`, add MANAGE (or share the asset with them if it is not listed); if the role asks for more than Catalog Crafters's job needs, change it (`partners.300.role` in the org config).",
		"missing_tasks": ["MANAGE"],
	}}
}

test_fail_type_with_nothing_held if {
	findings := rule.findings with input as snapshot([])
		with data.config.members as {"200": {"role": "reporting"}}
	findings == {{
		"message": "Member Ivan (200)'s role `reporting` requires ANALYZE on ad accounts, but it has access to no ad account: campaign work will stall",
		"subject": {"kind": "member", "id": "200", "name": "Ivan"},
		"remediation": "Share the ad accounts that Ivan works on with ANALYZE (Settings → People → Ivan → Assign assets → Ad accounts); if it does not work on ad accounts, give it a role that does not require them (`members.200.role` in the org config).",
		"missing_tasks": ["ANALYZE"],
	}}
}

test_fail_scope_asset_without_grant if {
	findings := rule.findings with input as snapshot([grant("partner", "300", "c1", ["MANAGE"])])
		with data.config.partners as {"300": {"role": "catalog_specialist", "scope": ["c1", "c2", "c404"]}}
	[[f.asset.id, f.missing_tasks] | some f in findings] == [["c2", ["MANAGE"]]]
}

test_success_pending_grant_holds_and_page_normalization if {
	count(rule.findings) == 0 with input as snapshot([object.union(grant("partner", "300", "c1", ["MANAGE"]), {"status": "pending"})])
		with data.config.partners as {"300": {"role": "catalog_specialist"}}
	count(rule.findings) == 0 with input as {
		"members": [], "partners": [{"id": "300", "name": "C"}],
		"assets": [{"id": "p", "type": "page"}],
		"grants": [grant("partner", "300", "p", ["PROFILE_PLUS_MODERATE"])],
	}
		with data.config.partners as {"300": {"role": "community_manager"}}
}

test_success_not_exported_or_no_role if {
	count(rule.findings) == 0 with input as object.union(snapshot([]), {"source": {"edges": ["business_users"]}})
		with data.config.members as {"200": {"role": "reporting"}}
	count(rule.findings) == 0 with input as snapshot([grant("partner", "300", "c1", ["ADVERTISE"])])
}

# Access that could not be read is not missing access: silent for that asset (and its type),
# still a finding where it was read.
unread(grants, unread) := object.union(snapshot(grants), {"source": {"kind": "graph_bundle", "edges": ["agencies", "assigned_users"], "unread": unread}})

test_success_scope_asset_whose_partners_could_not_be_read if {
	findings := rule.findings with input as unread([grant("partner", "300", "c1", ["MANAGE"])], [{"asset_id": "c2", "edge": "agencies"}])
		with data.config.partners as {"300": {"role": "catalog_specialist", "scope": ["c1", "c2"]}}
	count(findings) == 0
}

test_fail_scope_asset_whose_people_could_not_be_read_is_still_the_partners if {
	findings := rule.findings with input as unread([grant("partner", "300", "c1", ["MANAGE"])], [{"asset_id": "c2", "edge": "assigned_users"}])
		with data.config.partners as {"300": {"role": "catalog_specialist", "scope": ["c1", "c2"]}}
	[f.asset.id | some f in findings] == ["c2"]
}

test_success_type_with_an_unread_asset if {
	count(rule.findings) == 0 with input as unread([], [{"asset_id": "act_1", "edge": "assigned_users"}])
		with data.config.members as {"200": {"role": "reporting"}}
	count(rule.findings) == 1 with input as unread([], [{"asset_id": "c1", "edge": "assigned_users"}])
		with data.config.members as {"200": {"role": "reporting"}}
}
