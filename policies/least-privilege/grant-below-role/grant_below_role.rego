# METADATA
# title: Access below what the role needs
# description: >-
#   A partner or member with a declared role lacks tasks its role requires: on an asset it holds
#   a grant on (pending requests count as held), on an asset named in its `scope` that it has no
#   grant on, or, without a scope, on a whole asset type the role requires tasks on but the
#   subject holds nothing of (one finding per type). Campaign work stalls until someone notices.
#   Silent when the snapshot says asset access was not exported, and for assets whose access
#   could not be read (`source.unread`).
# custom:
#   id: grant-below-role
#   category: least-privilege
#   severity: medium
#   remediation: >-
#     Give the missing tasks: Settings → Partners → the partner → Assets (or Settings → People →
#     the person → Assets), select the asset and turn the tasks on, or Assign assets to share an
#     asset of the missing type. If the role asks for more than the job needs, change the role in
#     the org config.
package portfolio_guard.rules.least_privilege.grant_below_role

import rego.v1

import data.portfolio_guard.lib

required_tasks(grantee, asset_type) := {lib.normalized_task(asset_type, t) |
	some t in lib.role(grantee).assets[asset_type].required
}

held_asset_ids(grantee) := ids if {
	ids := lib.grant_asset_ids_by_grantee[lib.grantee_key(grantee)]
} else := set()

held_types(grantee) := types if {
	types := lib.grant_types_by_grantee[lib.grantee_key(grantee)]
} else := set()

# The tasks each role requires, per asset type, normalized: built once, looked up per grant.
required_by_role := {name: {asset_type: {lib.normalized_task(asset_type, t) | some t in p.required} |
	some asset_type, p in r.assets
} |
	some name, r in lib.config_roles
}

# On an asset the subject holds a grant on.
findings contains f if {
	not lib.grants_not_exported
	some g in lib.array_or_empty(input.grants)
	# A known grantee with a defined role (a grantee without one requires nothing).
	role_name := lib.declared_role_names[lib.grantee_key(g.grantee)]
	a := lib.assets_by_id[g.asset_id]
	required := required_by_role[role_name][a.type]
	count(required) > 0
	held := lib.normalized_tasks(a.type, g.tasks)
	missing := {t | some t in required; not t in held}
	count(missing) > 0
	subject := lib.subject_of_grantee(g.grantee)
	f := asset_finding(subject, g.grantee, a, missing, sprintf("holds only %s", [lib.task_list(g.tasks)]))
}

# On an asset named in the subject's scope that it has no grant on.
findings contains f if {
	not lib.grants_not_exported
	some grantee in lib.declared_grantees
	some asset_id in lib.array_or_empty(lib.subject_config(grantee).scope)
	a := lib.assets_by_id[asset_id]
	not asset_id in held_asset_ids(grantee)
	not lib.grants_unread(grantee, asset_id)
	missing := required_tasks(grantee, a.type)
	count(missing) > 0
	subject := lib.subject_of_grantee(grantee)
	f := asset_finding(subject, grantee, a, missing, "has no access to it although it is in its scope")
}

# Without a scope: a type the role requires tasks on, and nothing of that type held.
findings contains f if {
	not lib.grants_not_exported
	some grantee in lib.declared_grantees
	not is_array(lib.subject_config(grantee).scope)
	some asset_type, _ in lib.role(grantee).assets
	missing := required_tasks(grantee, asset_type)
	count(missing) > 0
	not asset_type in held_types(grantee)
	not lib.grants_unread_of_type(grantee, asset_type)
	subject := lib.subject_of_grantee(grantee)
	f := {
		"message": sprintf("%s's role `%s` requires %s on %s, but it has access to no %s: campaign work will stall", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.role_name(grantee),
			lib.task_list(missing),
			lower(lib.asset_type_plural(asset_type)),
			lib.asset_type_label(asset_type),
		]),
		"subject": subject,
		"remediation": sprintf("Share the %s that %s works on with %s (%s → Assign assets → %s); if it does not work on %s, give it a role that does not require them (`%s.role` in the org config).", [
			lower(lib.asset_type_plural(asset_type)),
			lib.subject_label(subject),
			lib.task_list(missing),
			lib.subject_settings_path(subject),
			lib.asset_type_plural(asset_type),
			lower(lib.asset_type_plural(asset_type)),
			lib.config_key(subject),
		]),
		"missing_tasks": sort(missing),
	}
}

asset_finding(subject, grantee, a, missing, situation) := {
	"message": sprintf("%s %s on %s; its role `%s` requires %s there: campaign work will stall", [
		lib.capitalize(lib.describe_subject(subject)),
		situation,
		lib.describe_asset(a),
		lib.role_name(grantee),
		lib.task_list(required_tasks(grantee, a.type)),
	]),
	"subject": subject,
	"asset": lib.asset_ref(a),
	"remediation": sprintf("In %s, add %s (or share the asset with them if it is not listed); if the role asks for more than %s's job needs, change it (`%s.role` in the org config).", [
		lib.subject_asset_path(subject, a),
		lib.task_list(missing),
		lib.subject_label(subject),
		lib.config_key(subject),
	]),
	"missing_tasks": sort(missing),
}
