package portfolio_guard.rules.least_privilege.partner_full_control_test

import rego.v1

import data.portfolio_guard.rules.least_privilege.partner_full_control as rule

assets := [
	{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting", "owner_business_id": "100"},
	{"id": "500", "type": "page", "name": "Acme", "owner_business_id": "100"},
	{"id": "600", "type": "instagram_account", "name": "@acme", "owner_business_id": "100"},
	{"id": "700", "type": "pixel", "name": "Acme pixel", "owner_business_id": "100"},
	{"id": "710", "type": "dataset", "name": "Acme events", "owner_business_id": "100"},
	{"id": "800", "type": "catalog", "name": "Spring range", "owner_business_id": "100"},
	{"id": "900", "type": "app", "name": "Acme app", "owner_business_id": "100"},
	{"id": "950", "type": "whatsapp_business_account", "name": "Acme support", "owner_business_id": "100"},
	{"id": "990", "type": "other", "owner_business_id": "100"},
]

snapshot(grants) := {
	"schema_version": 1,
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "100", "name": "Acme Retail"},
	"members": [{"id": "200", "kind": "person", "name": "Dana Owner", "email": "dana@acme.example", "role": "ADMIN"}],
	"partners": [{"id": "300", "name": "Growth Agency Ltd"}],
	"assets": assets,
	"grants": grants,
}

grant(asset_id, tasks) := {"asset_id": asset_id, "grantee": {"kind": "partner", "id": "300"}, "tasks": tasks}

pending(asset_id, tasks) := object.union(grant(asset_id, tasks), {"status": "pending"})

as_role(name) := {"300": {"role": name}}

test_fail_manage_without_declared_role if {
	findings := rule.findings with input as snapshot([grant("act_1", ["MANAGE", "ADVERTISE", "ANALYZE", "DRAFT"])])
	findings == {{
		"message": "Partner Growth Agency Ltd (300) holds full control of ad account `Acme - Prospecting` (act_1) through MANAGE, but it has no declared role",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		"remediation": "Declare what Growth Agency Ltd is hired for in the org config (`partners.300.role`, e.g. `media_buyer`); unless that role allows full control there, in Settings → Partners → Growth Agency Ltd → Assets → Ad accounts → `Acme - Prospecting` → Manage, turn off full control (MANAGE).",
		"tasks": ["MANAGE"],
	}}
}

test_fail_manage_beyond_media_buyer if {
	findings := rule.findings with input as snapshot([grant("act_1", ["MANAGE", "ADVERTISE", "ANALYZE"])])
		with data.config.partners as as_role("media_buyer")
	findings == {{
		"message": "Partner Growth Agency Ltd (300) holds full control of ad account `Acme - Prospecting` (act_1) through MANAGE, but its role `media_buyer` allows only AA_ANALYZE, ADVERTISE, ANALYZE, DRAFT there",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		"remediation": "In Settings → Partners → Growth Agency Ltd → Assets → Ad accounts → `Acme - Prospecting` → Manage, turn off full control (MANAGE), and keep only what role `media_buyer` allows there (AA_ANALYZE, ADVERTISE, ANALYZE, DRAFT); if Growth Agency Ltd really needs full control, give it a role that allows it (`partners.300.role` in the org config, e.g. `full_service_agency`) or record an exception (rule `partner-full-control`, subject `300`, asset `act_1`).",
		"tasks": ["MANAGE"],
	}}
}

test_fail_pending_page_full_control_request if {
	findings := rule.findings with input as snapshot([pending("500", ["PROFILE_PLUS_FULL_CONTROL"])])
		with data.config.partners as as_role("reporting")
	findings == {{
		"message": "Partner Growth Agency Ltd (300) holds full control (pending) of Page `Acme` (500) through PROFILE_PLUS_FULL_CONTROL, but its role `reporting` allows only ANALYZE there",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "500", "type": "page", "name": "Acme"},
		"remediation": "In Settings → Requests, decline Growth Agency Ltd's pending request for full control (PROFILE_PLUS_FULL_CONTROL) of Page `Acme` (500), and ask it to request only what role `reporting` allows there (ANALYZE); if Growth Agency Ltd really needs full control, give it a role that allows it (`partners.300.role` in the org config, e.g. `full_service_agency`) or record an exception (rule `partner-full-control`, subject `300`, asset `500`).",
		"tasks": ["PROFILE_PLUS_FULL_CONTROL"],
	}}
}

test_fail_pixel_edit_on_a_role_without_pixels if {
	findings := rule.findings with input as snapshot([grant("700", ["EDIT", "ANALYZE"])])
		with data.config.partners as as_role("creative")
	findings == {{
		"message": "Partner Growth Agency Ltd (300) holds full control of pixel `Acme pixel` (700) through EDIT, but its role `creative` allows no access there",
		"subject": {"kind": "partner", "id": "300", "name": "Growth Agency Ltd"},
		"asset": {"id": "700", "type": "pixel", "name": "Acme pixel"},
		"remediation": "In Settings → Partners → Growth Agency Ltd → Assets → Pixels → `Acme pixel`, remove the asset from Growth Agency Ltd: role `creative` needs no access to this pixel at all; if Growth Agency Ltd really needs it, give it a role that allows it (`partners.300.role` in the org config) or record an exception (rule `partner-full-control`, subject `300`, asset `700`).",
		"tasks": ["EDIT"],
	}}
}

test_fail_profile_plus_manage_on_page_counts if {
	findings := rule.findings with input as snapshot([grant("500", ["PROFILE_PLUS_MANAGE", "PROFILE_PLUS_ADVERTISE"])])
		with data.config.partners as as_role("media_buyer")
	{[f.asset.id, f.tasks] | some f in findings} == {["500", ["PROFILE_PLUS_MANAGE"]]}
}

test_fail_both_page_vocabularies_listed if {
	findings := rule.findings with input as snapshot([grant("500", ["MANAGE", "PROFILE_PLUS_FULL_CONTROL", "ANALYZE"])])
	{f.tasks | some f in findings} == {["MANAGE", "PROFILE_PLUS_FULL_CONTROL"]}
}

test_fail_every_full_control_type if {
	findings := rule.findings with input as snapshot([
		grant("act_1", ["MANAGE"]),
		grant("500", ["MANAGE"]),
		grant("700", ["EDIT"]),
		grant("710", ["MANAGE"]),
		grant("800", ["MANAGE"]),
		grant("950", ["MANAGE"]),
	])
		with data.config.partners as as_role("reporting")
	{f.asset.id | some f in findings} == {"act_1", "500", "700", "710", "800", "950"}
}

test_fail_undefined_role_name if {
	findings := rule.findings with input as snapshot([grant("act_1", ["MANAGE"])])
		with data.config.partners as as_role("ghost")
	{f.message | some f in findings} == {"Partner Growth Agency Ltd (300) holds full control of ad account `Acme - Prospecting` (act_1) through MANAGE, but its role `ghost` is not defined in the org config's `roles`"}
}

test_success_role_allows_full_control if {
	count(rule.findings) == 0 with input as snapshot([
		grant("act_1", ["MANAGE", "ADVERTISE"]),
		grant("500", ["PROFILE_PLUS_FULL_CONTROL", "MANAGE"]),
		grant("700", ["EDIT"]),
		grant("710", ["MANAGE"]),
		grant("800", ["MANAGE"]),
	])
		with data.config.partners as as_role("full_service_agency")
}

test_success_catalog_specialist_manages_catalogs if {
	count(rule.findings) == 0 with input as snapshot([grant("800", ["MANAGE", "ADVERTISE"])])
		with data.config.partners as as_role("catalog_specialist")
}

test_success_user_role_allowing_new_page_vocabulary if {
	count(rule.findings) == 0 with input as snapshot([grant("500", ["MANAGE"])])
		with data.config.partners as as_role("page_admin")
		with data.config.roles.page_admin as {"assets": {"page": {"allowed": ["PROFILE_PLUS_FULL_CONTROL"]}}}
}

test_success_no_full_control_task if {
	count(rule.findings) == 0 with input as snapshot([
		grant("act_1", ["ADVERTISE", "ANALYZE", "DRAFT"]),
		grant("500", ["PROFILE_PLUS_ADVERTISE", "PROFILE_PLUS_ANALYZE"]),
		grant("700", ["ANALYZE", "UPLOAD"]),
	])
}

test_success_profile_plus_on_ad_account_does_not_normalize if {
	count(rule.findings) == 0 with input as snapshot([grant("act_1", ["PROFILE_PLUS_FULL_CONTROL", "PROFILE_PLUS_MANAGE"])])
}

test_success_instagram_app_other_never_full_control if {
	count(rule.findings) == 0 with input as snapshot([
		grant("600", ["MANAGE", "CONTENT", "ADVERTISE"]),
		grant("900", ["MANAGE"]),
		grant("990", ["MANAGE", "EDIT"]),
	])
}

test_success_manage_on_pixel_is_not_full_control if {
	count(rule.findings) == 0 with input as snapshot([grant("700", ["MANAGE", "ANALYZE"])])
}

test_success_unknown_partner_is_another_rule if {
	count(rule.findings) == 0 with input as snapshot([{"asset_id": "act_1", "grantee": {"kind": "partner", "id": "399"}, "tasks": ["MANAGE"]}])
}

test_success_members_are_not_partners if {
	count(rule.findings) == 0 with input as snapshot([{"asset_id": "act_1", "grantee": {"kind": "member", "id": "200"}, "tasks": ["MANAGE"]}])
}

test_fail_null_status_counts_as_active if {
	findings := rule.findings with input as snapshot([object.union(grant("act_1", ["MANAGE"]), {"status": null})])
	{f.message | some f in findings} == {"Partner Growth Agency Ltd (300) holds full control of ad account `Acme - Prospecting` (act_1) through MANAGE, but it has no declared role"}
}
