package portfolio_guard.lib_test

import rego.v1

import data.portfolio_guard.lib

# Values a snapshot may hold but a literal would give a static type to (null, numbers) are
# passed through `input.unknown`, so OPA's type checker accepts the calls.

# ---------------------------------------------------------------------------------------------
# Time

test_now_prefers_runtime if {
	lib.now == "2027-01-02T00:00:00Z" with input as {"captured_at": "2026-11-01T09:30:00Z"}
		with data.runtime.now as "2027-01-02T00:00:00Z"
}

test_now_falls_back_to_captured_at if {
	lib.now == "2026-11-01T09:30:00Z" with input as {"captured_at": "2026-11-01T09:30:00Z"}
}

test_now_undefined_without_any_time if {
	not lib.now with input as {}
}

test_now_ns if {
	lib.now_ns == 1798761600000000000 with data.runtime.now as "2027-01-01T00:00:00Z"
}

test_is_rfc3339 if {
	lib.is_rfc3339("2026-11-01T09:30:00Z")
	lib.is_rfc3339("2026-11-01T09:30:00.125+02:00")
	not lib.is_rfc3339("2026-11-01")
	not lib.is_rfc3339("2014-01-07T23:26:09+0000")
	not lib.is_rfc3339(input.unknown) with input as {"unknown": null}
	not lib.is_rfc3339(input.unknown) with input as {"unknown": 20261101}
}

test_is_date if {
	lib.is_date("2027-01-01")
	not lib.is_date("2027-01-01T00:00:00Z")
	not lib.is_date("01/01/2027")
	not lib.is_date(input.unknown) with input as {"unknown": null}
}

test_instant_ns if {
	lib.instant_ns("2027-01-01T00:00:00Z") == 1798761600000000000
	lib.instant_ns("2027-01-01T02:00:00+02:00") == 1798761600000000000
	lib.instant_ns("2027-01-01") == 1798761600000000000
}

test_instant_ns_undefined_for_unknown_values if {
	not lib.instant_ns(input.unknown) with input as {"unknown": null}
	not lib.instant_ns("soon")
	not lib.instant_ns(input.unknown) with input as {"unknown": 42}
}

test_end_ns_date_covers_the_whole_day if {
	lib.end_ns("2027-01-01") == 1798848000000000000
	lib.end_ns("2027-01-01T00:00:00Z") == 1798761600000000000
	not lib.end_ns(input.unknown) with input as {"unknown": null}
}

test_ended_date_only_boundaries if {
	not lib.ended("2027-01-01") with data.runtime.now as "2027-01-01T23:59:59Z"
	lib.ended("2027-01-01") with data.runtime.now as "2027-01-02T00:00:00Z"
}

test_ended_full_time_boundaries if {
	not lib.ended("2027-01-01T12:00:00Z") with data.runtime.now as "2027-01-01T11:59:59Z"
	lib.ended("2027-01-01T12:00:00Z") with data.runtime.now as "2027-01-01T12:00:00Z"
}

test_ended_unknown_is_not_ended if {
	not lib.ended(input.unknown) with input as {"unknown": null}
		with data.runtime.now as "2027-01-02T00:00:00Z"
}

test_older_than_days_is_strict if {
	# exactly 90 days is not more than 90 days
	not lib.older_than_days("2026-08-03T09:30:00Z", 90) with data.runtime.now as "2026-11-01T09:30:00Z"
	lib.older_than_days("2026-08-03T09:29:59Z", 90) with data.runtime.now as "2026-11-01T09:30:00Z"
}

test_older_than_days_date_runs_from_midnight if {
	not lib.older_than_days("2026-08-03", 90) with data.runtime.now as "2026-11-01T00:00:00Z"
	lib.older_than_days("2026-08-03", 90) with data.runtime.now as "2026-11-01T00:00:01Z"
	not lib.older_than_days(input.unknown, 90) with input as {"unknown": null}
		with data.runtime.now as "2026-11-01T00:00:01Z"
}

# ---------------------------------------------------------------------------------------------
# Indexes

snapshot := {
	"captured_at": "2026-11-01T09:30:00Z",
	"business": {"id": "1", "name": "Acme"},
	"members": [
		{"id": "200", "kind": "person", "name": "Dana", "email": "dana@acme.example", "role": "ADMIN"},
		{"id": "201", "kind": "system_user", "name": "Sync", "role": "EMPLOYEE"},
	],
	"partners": [{"id": "300", "name": "Growth Agency"}, {"id": "301", "name": null}],
	"assets": [
		{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"},
		{"id": "p1", "type": "page", "name": null},
	],
	"grants": [],
}

test_array_or_empty if {
	lib.array_or_empty([1]) == [1]
	lib.array_or_empty(null) == []
	lib.array_or_empty({"a": 1}) == []
}

test_members_by_id if {
	ids := {id | some id, _ in lib.members_by_id} with input as snapshot
	ids == {"200", "201"}
	lib.members_by_id["201"].name == "Sync" with input as snapshot
}

test_partners_by_id if {
	lib.partners_by_id["300"].name == "Growth Agency" with input as snapshot
	count(lib.partners_by_id) == 2 with input as snapshot
}

test_assets_by_id if {
	lib.assets_by_id.act_1.type == "ad_account" with input as snapshot
	count(lib.assets_by_id) == 2 with input as snapshot
}

test_indexes_empty_without_lists if {
	count(lib.members_by_id) == 0 with input as {}
	count(lib.partners_by_id) == 0 with input as {}
	count(lib.assets_by_id) == 0 with input as {}
	count(lib.members_by_id) == 0 with input as {"members": null}
}

# ---------------------------------------------------------------------------------------------
# Grants and tasks

test_grant_status if {
	lib.grant_status({"status": "pending"}) == "pending"
	lib.grant_status({"status": "active"}) == "active"
	lib.grant_status({"status": null}) == "active"
	lib.grant_status({}) == "active"
}

test_normalized_task_pages if {
	lib.normalized_task("page", "PROFILE_PLUS_FULL_CONTROL") == "MANAGE"
	lib.normalized_task("page", "PROFILE_PLUS_MANAGE") == "MANAGE"
	lib.normalized_task("page", "PROFILE_PLUS_ADVERTISE") == "ADVERTISE"
	lib.normalized_task("page", "CREATE_CONTENT") == "CREATE_CONTENT"
}

test_normalized_task_other_types_unchanged if {
	lib.normalized_task("ad_account", "PROFILE_PLUS_ADVERTISE") == "PROFILE_PLUS_ADVERTISE"
	lib.normalized_task("ad_account", "PROFILE_PLUS_FULL_CONTROL") == "PROFILE_PLUS_FULL_CONTROL"
	lib.normalized_task("instagram_account", "CONTENT") == "CONTENT"
}

test_normalized_tasks if {
	lib.normalized_tasks("page", ["PROFILE_PLUS_FULL_CONTROL", "MANAGE", "PROFILE_PLUS_ANALYZE"]) == {"MANAGE", "ANALYZE"}
	lib.normalized_tasks("catalog", ["MANAGE", "AA_ANALYZE"]) == {"MANAGE", "AA_ANALYZE"}
	lib.normalized_tasks("page", []) == set()
}

test_full_control_tasks if {
	lib.full_control_tasks.ad_account == {"MANAGE"}
	lib.full_control_tasks.page == {"MANAGE"}
	lib.full_control_tasks.catalog == {"MANAGE"}
	lib.full_control_tasks.dataset == {"MANAGE"}
	lib.full_control_tasks.whatsapp_business_account == {"MANAGE"}
	lib.full_control_tasks.pixel == {"EDIT"}
	object.keys(lib.full_control_tasks) == {"ad_account", "page", "catalog", "dataset", "whatsapp_business_account", "pixel"}
}

# The full-control tasks come from the glossary's levels, not from a list of their own.
test_full_control_tasks_follow_the_glossary if {
	glossary := {
		"ad_account": {"MANAGE": {"level": "full_control"}, "ANALYZE": {"level": "view_only"}},
		"instagram_account": {"CONTENT": {"level": "can_act"}},
		"pixel": {"EDIT": {"level": "full_control"}, "UPLOAD": {"level": "full_control"}},
	}
	fc := lib.full_control_tasks with data.portfolio_guard.tasks as glossary
	fc == {"ad_account": {"MANAGE"}, "pixel": {"EDIT", "UPLOAD"}}
}

test_task_glossary if {
	lib.tasks.ad_account.ADVERTISE.level == "can_act"
	lib.tasks.page.MODERATE.name == "Community activity"
	every _, by_code in lib.tasks {
		every code, t in by_code {
			t.level in {"full_control", "can_act", "view_only"}
			not startswith(code, "PROFILE_PLUS_")
		}
	}
}

test_task_level if {
	lib.task_level("page", "PROFILE_PLUS_FULL_CONTROL") == "full_control"
	lib.task_level("page", "PROFILE_PLUS_ANALYZE") == "view_only"
	lib.task_level("ad_account", "ADVERTISE") == "can_act"
	lib.task_level("whatsapp_business_account", "VIEW_COST") == "view_only"
	not lib.task_level("ad_account", "PROFILE_PLUS_MANAGE")
	not lib.task_level("app", "MANAGE")
}

test_full_control_held_pages_both_vocabularies if {
	lib.full_control_held("page", ["PROFILE_PLUS_FULL_CONTROL", "ANALYZE"]) == {"PROFILE_PLUS_FULL_CONTROL"}
	lib.full_control_held("page", ["PROFILE_PLUS_MANAGE"]) == {"PROFILE_PLUS_MANAGE"}
	lib.full_control_held("page", ["MANAGE", "PROFILE_PLUS_FULL_CONTROL"]) == {"MANAGE", "PROFILE_PLUS_FULL_CONTROL"}
	lib.full_control_held("page", ["PROFILE_PLUS_CREATE_CONTENT"]) == set()
}

test_full_control_held_per_type if {
	lib.full_control_held("ad_account", ["MANAGE", "ADVERTISE"]) == {"MANAGE"}
	lib.full_control_held("pixel", ["EDIT", "ANALYZE"]) == {"EDIT"}
	lib.full_control_held("pixel", ["MANAGE"]) == set()
	lib.full_control_held("dataset", ["MANAGE"]) == {"MANAGE"}
	lib.full_control_held("whatsapp_business_account", ["MANAGE"]) == {"MANAGE"}
}

test_full_control_held_never_for_instagram_app_other if {
	lib.full_control_held("instagram_account", ["MANAGE", "CONTENT"]) == set()
	lib.full_control_held("app", ["MANAGE"]) == set()
	lib.full_control_held("other", ["MANAGE"]) == set()
}

test_full_control_held_profile_plus_on_ad_account_does_not_count if {
	lib.full_control_held("ad_account", ["PROFILE_PLUS_FULL_CONTROL", "PROFILE_PLUS_MANAGE"]) == set()
}

# ---------------------------------------------------------------------------------------------
# Email domains

test_email_domain if {
	lib.email_domain("Dana@Acme.Example") == "acme.example"
	lib.email_domain("odd@name@agency.example") == "agency.example"
	not lib.email_domain("no-at-sign")
	not lib.email_domain("trailing@")
	not lib.email_domain(input.unknown) with input as {"unknown": null}
}

test_trusted_and_public_domains_lowercased if {
	lib.trusted_domains == {"acme.example"} with data.config.trusted_domains as ["ACME.example"]
	"gmail.com" in lib.public_email_domains
}

test_is_trusted_domain if {
	lib.is_trusted_domain("acme.example") with data.config.trusted_domains as ["acme.example"]
	lib.is_trusted_domain("eu.acme.example") with data.config.trusted_domains as ["acme.example"]
	not lib.is_trusted_domain("notacme.example") with data.config.trusted_domains as ["acme.example"]
	not lib.is_trusted_domain("acme.example.evil") with data.config.trusted_domains as ["acme.example"]
}

test_is_external if {
	lib.is_external({"email": "jo@gmail.com"}) with data.config.trusted_domains as ["acme.example"]
	lib.is_external({"email": "jo@notacme.example"}) with data.config.trusted_domains as ["acme.example"]
}

test_is_external_subdomain_and_case_are_internal if {
	not lib.is_external({"email": "jo@EU.Acme.Example"}) with data.config.trusted_domains as ["acme.example"]
	not lib.is_external({"email": "jo@acme.example"}) with data.config.trusted_domains as ["ACME.EXAMPLE"]
}

test_is_external_not_judged_without_trusted_domains if {
	not lib.is_external({"email": "jo@gmail.com"})
	not lib.is_external({"email": "jo@gmail.com"}) with data.config.trusted_domains as []
}

test_is_external_unknown_email if {
	not lib.is_external({"email": null}) with data.config.trusted_domains as ["acme.example"]
	not lib.is_external({}) with data.config.trusted_domains as ["acme.example"]
}

test_is_public_email if {
	lib.is_public_email({"email": "jo@GMAIL.com"})
	lib.is_public_email({"email": "jo@proton.me"})
	not lib.is_public_email({"email": "jo@mail.gmail.com"})
	not lib.is_public_email({"email": "jo@acme.example"})
	not lib.is_public_email({"email": null})
	lib.is_public_email({"email": "jo@mail.example"}) with data.config.public_email_domains as ["mail.example"]
}

# ---------------------------------------------------------------------------------------------
# Roles

partners_config := {
	"300": {"role": "reporting"},
	"301": {"verified": true},
	"302": {"role": "intern"},
}

test_subject_config if {
	lib.subject_config({"kind": "partner", "id": "300"}) == {"role": "reporting"} with data.config.partners as partners_config
	lib.subject_config({"kind": "member", "id": "200"}) == {"role": "creative"} with data.config.members as {"200": {"role": "creative"}}
	not lib.subject_config({"kind": "member", "id": "300"}) with data.config.partners as partners_config
}

test_role_name if {
	lib.role_name({"kind": "partner", "id": "300"}) == "reporting" with data.config.partners as partners_config
	not lib.role_name({"kind": "partner", "id": "301"}) with data.config.partners as partners_config
	not lib.role_name({"kind": "partner", "id": "399"}) with data.config.partners as partners_config
}

test_role if {
	r := lib.role({"kind": "partner", "id": "300"}) with data.config.partners as partners_config
	r.assets.ad_account.required == ["ANALYZE"]
	not lib.role({"kind": "partner", "id": "301"}) with data.config.partners as partners_config
	not lib.role({"kind": "partner", "id": "302"}) with data.config.partners as partners_config
}

test_role_user_defined if {
	r := lib.role({"kind": "partner", "id": "302"}) with data.config.partners as partners_config
		with data.config.roles.intern as {"assets": {"page": {"allowed": ["ANALYZE"]}}}
	r.assets.page.allowed == ["ANALYZE"]
}

test_role_allowed if {
	lib.role_allowed({"kind": "partner", "id": "300"}, "ad_account") == {"ANALYZE", "AA_ANALYZE"} with data.config.partners as partners_config
	lib.role_allowed({"kind": "partner", "id": "300"}, "app") == set() with data.config.partners as partners_config
	not lib.role_allowed({"kind": "partner", "id": "301"}, "ad_account") with data.config.partners as partners_config
}

test_role_allowed_normalizes_page_tasks if {
	allowed := lib.role_allowed({"kind": "partner", "id": "302"}, "page") with data.config.partners as partners_config
		with data.config.roles.intern as {"assets": {"page": {"allowed": ["PROFILE_PLUS_FULL_CONTROL", "PROFILE_PLUS_ANALYZE"]}}}
	allowed == {"MANAGE", "ANALYZE"}
}

test_builtin_full_service_agency_allows_full_control if {
	grantee := {"kind": "partner", "id": "300"}
	"MANAGE" in lib.role_allowed(grantee, "page") with data.config.partners as {"300": {"role": "full_service_agency"}}
	"EDIT" in lib.role_allowed(grantee, "pixel") with data.config.partners as {"300": {"role": "full_service_agency"}}
	count(lib.role_allowed(grantee, "instagram_account")) == 5 with data.config.partners as {"300": {"role": "full_service_agency"}}
}

test_known_grantee if {
	lib.known_grantee({"kind": "member", "id": "200"}) with input as snapshot
	lib.known_grantee({"kind": "partner", "id": "301"}) with input as snapshot
	not lib.known_grantee({"kind": "partner", "id": "200"}) with input as snapshot
	not lib.known_grantee({"kind": "member", "id": "999"}) with input as snapshot
}

# ---------------------------------------------------------------------------------------------
# Presentation

test_name_or_null if {
	lib.name_or_null({"name": "X"}) == "X"
	lib.name_or_null({"name": null}) == null
	lib.name_or_null({}) == null
}

test_grantee_record if {
	lib.grantee_record({"kind": "partner", "id": "300"}).name == "Growth Agency" with input as snapshot
	lib.grantee_record({"kind": "member", "id": "201"}).kind == "system_user" with input as snapshot
	lib.grantee_record({"kind": "member", "id": "300"}) == {} with input as snapshot
}

test_subject_of_grantee if {
	lib.subject_of_grantee({"kind": "partner", "id": "300"}) == {"kind": "partner", "id": "300", "name": "Growth Agency"} with input as snapshot
	lib.subject_of_grantee({"kind": "partner", "id": "301"}) == {"kind": "partner", "id": "301", "name": null} with input as snapshot
	lib.subject_of_grantee({"kind": "member", "id": "200"}) == {"kind": "member", "id": "200", "name": "Dana"} with input as snapshot
	lib.subject_of_grantee({"kind": "member", "id": "999"}) == {"kind": "member", "id": "999", "name": null} with input as snapshot
}

test_subject_of_member_and_partner if {
	lib.subject_of_member({"id": "200", "name": "Dana"}) == {"kind": "member", "id": "200", "name": "Dana"}
	lib.subject_of_partner({"id": "300"}) == {"kind": "partner", "id": "300", "name": null}
}

test_subject_of_exception if {
	lib.subject_of_exception(0, {"rule": "partner-full-control", "subject": "300", "asset": "act_1"}) == {"kind": "exception", "id": "exceptions[0]", "name": "partner-full-control for 300 on act_1"}
	lib.subject_of_exception(12, {"rule": "inactive-member", "subject": "200"}) == {"kind": "exception", "id": "exceptions[12]", "name": "inactive-member for 200"}
}

test_business_label if {
	lib.business_label == "Acme" with input as snapshot
	lib.business_label == "your business" with input as {"business": {"id": "1"}}
}

test_asset_ref if {
	lib.asset_ref({"id": "act_1", "type": "ad_account", "name": "X", "spend_cap": 0}) == {"id": "act_1", "type": "ad_account", "name": "X"}
	lib.asset_ref({"id": "p1", "type": "page"}) == {"id": "p1", "type": "page", "name": null}
}

test_asset_type_label if {
	lib.asset_type_label("ad_account") == "ad account"
	lib.asset_type_label("page") == "Page"
	lib.asset_type_label("instagram_account") == "Instagram account"
	lib.asset_type_label("whatsapp_business_account") == "WhatsApp Business account"
	lib.asset_type_label("other") == "asset"
	lib.asset_type_label("hologram") == "asset"
}

test_asset_type_plural_and_group if {
	lib.asset_type_plural("ad_account") == "Ad accounts"
	lib.asset_type_plural("dataset") == "Datasets"
	lib.asset_type_plural("other") == "Other assets"
	lib.asset_settings_group("catalog") == "Data sources"
	lib.asset_settings_group("pixel") == "Data sources"
	lib.asset_settings_group("page") == "Accounts"
}

test_describe_asset if {
	lib.describe_asset({"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"}) == "ad account `Acme - Prospecting` (act_1)"
	lib.describe_asset({"id": "p1", "type": "page", "name": null}) == "Page p1"
	lib.describe_asset({"id": "px", "type": "pixel"}) == "pixel px"
	lib.describe_asset({"id": "c1", "type": "catalog", "name": "Spring"}) == "catalog `Spring` (c1)"
}

test_asset_settings_path if {
	lib.asset_settings_path({"id": "act_1", "type": "ad_account", "name": "Acme"}) == "Settings → Accounts → Ad accounts → `Acme`"
	lib.asset_settings_path({"id": "px", "type": "pixel"}) == "Settings → Data sources → Pixels → px"
	lib.asset_settings_path({"id": "w", "type": "whatsapp_business_account", "name": "Support"}) == "Settings → Accounts → WhatsApp accounts → `Support`"
	lib.asset_settings_path({"id": "o", "type": "other"}) == "Settings → Accounts → Other assets → o"
}

test_partner_asset_path if {
	subject := {"kind": "partner", "id": "300", "name": "Growth Agency"}
	lib.partner_asset_path(subject, {"id": "p1", "type": "page", "name": "Acme"}) == "Settings → Partners → Growth Agency → Assets → Pages → `Acme`"
	lib.partner_asset_path({"kind": "partner", "id": "301", "name": null}, {"id": "c1", "type": "catalog"}) == "Settings → Partners → 301 → Assets → Catalogs → c1"
}

test_describe_subject if {
	lib.describe_subject({"kind": "partner", "id": "300", "name": "Growth Agency Ltd"}) == "partner Growth Agency Ltd (300)"
	lib.describe_subject({"kind": "member", "id": "200", "name": null}) == "member 200"
	lib.describe_subject({"kind": "business", "id": "999", "name": null}) == "business 999"
}

test_subject_label if {
	lib.subject_label({"kind": "partner", "id": "300", "name": "Growth Agency"}) == "Growth Agency"
	lib.subject_label({"kind": "partner", "id": "301", "name": null}) == "301"
}

test_task_list if {
	lib.task_list(["DRAFT", "ADVERTISE", "ANALYZE", "ADVERTISE"]) == "ADVERTISE, ANALYZE, DRAFT"
	lib.task_list({"MANAGE"}) == "MANAGE"
	lib.task_list([]) == ""
}

test_sorted_list if {
	lib.sorted_list({"b.example", "a.example"}) == "a.example, b.example"
}

test_capitalize if {
	lib.capitalize("ad account `x` (act_1)") == "Ad account `x` (act_1)"
	lib.capitalize("Page p1") == "Page p1"
	lib.capitalize("é") == "É"
}

# ---------------------------------------------------------------------------------------------
# Grant indexes

grant_index_input := {
	"assets": [{"id": "a", "type": "page"}, {"id": "b", "type": "ad_account"}],
	"grants": [
		{"asset_id": "a", "grantee": {"kind": "partner", "id": "1"}, "tasks": ["ANALYZE"], "status": "pending"},
		{"asset_id": "b", "grantee": {"kind": "partner", "id": "1"}, "tasks": ["ANALYZE"]},
		{"asset_id": "a", "grantee": {"kind": "member", "id": "1"}, "tasks": ["ANALYZE"], "status": "pending"},
	],
}

test_grants_by_grantee if {
	count(lib.grants_by_grantee["partner:1"]) == 2 with input as grant_index_input
	count(lib.grants_by_grantee["member:1"]) == 1 with input as grant_index_input
	not lib.grants_by_grantee["member:2"] with input as grant_index_input
}

test_grantees_with_grants_counts_pending if {
	lib.grantees_with_grants == {"partner:1", "member:1"} with input as grant_index_input
	lib.grantees_with_active_grants == {"partner:1"} with input as grant_index_input
}

test_grant_types_by_grantee if {
	lib.grant_types_by_grantee["partner:1"] == ["ad_account", "page"] with input as grant_index_input
}

test_grants_not_exported if {
	lib.grants_not_exported with input as {"source": {"edges": ["business_users"]}}
	not lib.grants_not_exported with input as {"source": {"edges": ["business_users", "agencies"]}}
	not lib.grants_not_exported with input as {"source": {"kind": "manual"}}
	not lib.grants_not_exported with input as {}
}

test_days_since_and_paths if {
	lib.days_since("2026-10-01T09:30:00Z") == 31 with data.runtime.now as "2026-11-01T09:30:00Z"
	lib.days_since("2026-10-01") == 31 with data.runtime.now as "2026-11-01T09:30:00Z"
	lib.config_key({"kind": "partner", "id": "3"}) == "partners.3"
	lib.config_key({"kind": "member", "id": "2"}) == "members.2"
	lib.subject_asset_path({"kind": "member", "id": "2", "name": "Bot"}, {"id": "p", "type": "pixel", "name": "Px"}) == "Settings → Users → System users → Bot → Assets → Pixels → `Px`" with input as {"members": [{"id": "2", "kind": "system_user", "name": "Bot"}]}
	lib.subject_settings_path({"kind": "member", "id": "2", "name": "Dana"}) == "Settings → People → Dana" with input as {"members": [{"id": "2", "kind": "person", "name": "Dana"}]}
	lib.grant_asset_ids_by_grantee["partner:1"] == ["a", "b"] with input as grant_index_input
	lib.declared_grantees == {{"kind": "partner", "id": "1"}} with input as {"partners": [{"id": "1"}], "members": []}
		with data.config.partners as {"1": {}, "9": {}}
		with data.config.members as {"2": {}}
}

test_unread_asset_ids if {
	lib.grants_unread({"kind": "partner", "id": "3"}, "p1") with input as {"source": {"unread": [{"asset_id": "p1", "edge": "agencies"}]}}
	not lib.grants_unread({"kind": "member", "id": "2"}, "p1") with input as {"source": {"unread": [{"asset_id": "p1", "edge": "agencies"}]}}
	lib.some_unread("agencies") with input as {"source": {"unread": [{"asset_id": "p1", "edge": "agencies"}]}}
	not lib.some_unread("assigned_users") with input as {"source": {"unread": [{"asset_id": "p1", "edge": "agencies"}]}}
	not lib.some_unread("agencies") with input as {"source": {"kind": "manual"}}
	not lib.some_unread("agencies") with input as {}
}
