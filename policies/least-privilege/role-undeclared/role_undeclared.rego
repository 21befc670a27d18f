# METADATA
# title: Role not declared
# description: >-
#   A partner with any grant (pending requests count), or a member with partial access and any
#   grant, has no role in the org config, so least privilege cannot be judged: nobody has said
#   what the access is for. Admins are judged by the membership rules instead.
# custom:
#   id: role-undeclared
#   category: least-privilege
#   severity: low
#   remediation: >-
#     Declare the role in the org config: `partners.<id>.role` or `members.<id>.role`, one of the
#     built-in roles (media_buyer, creative, reporting, catalog_specialist, audience_strategist,
#     community_manager, analytics_tool, ai_platform, full_service_agency, in_house_admin) or one
#     of your own.
package portfolio_guard.rules.least_privilege.role_undeclared

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some p in lib.array_or_empty(input.partners)
	finding_for({"kind": "partner", "id": p.id})
	f := finding({"kind": "partner", "id": p.id})
}

findings contains f if {
	some m in lib.array_or_empty(input.members)
	is_string(m.role)
	m.role != "ADMIN"
	finding_for({"kind": "member", "id": m.id})
	f := finding({"kind": "member", "id": m.id})
}

finding_for(grantee) if {
	lib.grantee_key(grantee) in lib.grantees_with_grants
	not lib.role_name(grantee)
}

finding(grantee) := {
	"message": sprintf("%s holds access to %d %s but has no role in the org config, so least privilege cannot be judged", [
		lib.capitalize(lib.describe_subject(subject)),
		n,
		plural(n),
	]),
	"subject": subject,
	"remediation": sprintf("Declare what %s is for: set `%s.role` in the org config to one of %s (or define a role of your own under `roles`).", [
		lib.subject_label(subject),
		lib.config_key(subject),
		lib.sorted_list(object.keys(data.config.roles)),
	]),
} if {
	subject := lib.subject_of_grantee(grantee)
	n := count(lib.grant_asset_ids_by_grantee[lib.grantee_key(grantee)])
}

plural(1) := "asset"

plural(n) := "assets" if n != 1
