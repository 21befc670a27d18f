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

# The known subjects with a grant (pending counts) and no role in the config: every partner,
# and the members with a portfolio role other than ADMIN.
findings contains f if {
	some s in lib.subjects
	s.known
	s.role_name == null
	count(s.grants) > 0
	judged(s)
	f := finding(s)
}

judged(s) if s.kind == "partner"

judged(s) if {
	s.kind == "member"
	role := lib.members_by_id[s.id].role
	is_string(role)
	role != "ADMIN"
}

finding(s) := {
	"message": sprintf("%s holds access to %d %s but has no role in the org config, so least privilege cannot be judged", [
		lib.capitalize(lib.describe_subject(s.subject)),
		n,
		plural(n),
	]),
	"subject": s.subject,
	"remediation": sprintf("Declare what %s is for: set `%s.role` in the org config to one of %s (or define a role of your own under `roles`).", [
		lib.subject_label(s.subject),
		lib.config_key(s.subject),
		lib.sorted_list(object.keys(lib.config_roles)),
	]),
} if {
	n := count(s.asset_ids)
}

plural(1) := "asset"

plural(n) := "assets" if n != 1
