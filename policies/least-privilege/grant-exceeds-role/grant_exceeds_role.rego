# METADATA
# title: Access beyond the role
# description: >-
#   A partner or member with a declared role holds, on an asset, tasks its role does not allow
#   on that asset type, or holds access to a type its role does not use at all. Every task
#   beyond the job is risk: more people who can spend, publish or export data. Pending requests
#   count: a pending request that asks for more than the role is to be declined and asked again
#   with only what the role allows (and `stale-pending-request` does not also report it). A
#   partner's full-control task is left to `partner-full-control`.
# custom:
#   id: grant-exceeds-role
#   category: least-privilege
#   severity: high
#   remediation: >-
#     In Business Settings open the partner (Settings → Partners → the partner → Assets) or the
#     person (Settings → People → the person → Assets), select the asset, and turn off the tasks
#     the role does not allow, or remove the asset if the role needs no access to it. If the job
#     really changed, change the role in the org config. A pending request: decline it in
#     Settings → Requests and ask for one with only the tasks the role allows.
package portfolio_guard.rules.least_privilege.grant_exceeds_role

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some g in lib.array_or_empty(input.grants)
	# A known grantee with a defined role (`lib.known_grantee` and `lib.role`), in one lookup.
	role_name := lib.declared_role_names[lib.grantee_key(g.grantee)]
	a := lib.assets_by_id[g.asset_id]
	allowed := object.get(lib.allowed_by_role[role_name], a.type, set())
	# Cheap necessary condition first: some task, normalized, is not allowed.
	count(lib.normalized_tasks(a.type, g.tasks) - allowed) > 0
	excess := {t |
		some t in g.tasks
		not lib.normalized_task(a.type, t) in allowed
		not left_to_partner_full_control(g.grantee, a.type, t)
	}
	count(excess) > 0
	subject := lib.subject_of_grantee(g.grantee)
	f := {
		"message": sprintf("%s holds %s on %s%s; its role `%s` %s", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.task_list(excess),
			lib.describe_asset(a),
			pending_note(g),
			lib.role_name(g.grantee),
			allows(allowed, a.type),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(g, subject, a, allowed, excess),
		"excess_tasks": sort(excess),
	}
}

left_to_partner_full_control(grantee, asset_type, t) if {
	grantee.kind == "partner"
	t in lib.full_control_held(asset_type, [t])
}

pending_note(g) := " (pending request)" if lib.grant_status(g) == "pending" else := ""

allows(allowed, asset_type) := sprintf("allows %s there", [lib.task_list(allowed)]) if {
	count(allowed) > 0
} else := sprintf("needs no access to %s", [lower(lib.asset_type_plural(asset_type))])

# A pending request is not turned off task by task: it is declined, and the partner asked to
# request only what the role allows (one instruction; `stale-pending-request` stays quiet).
remediation(g, subject, a, allowed, excess) := sprintf("In Settings → Requests, decline %s's pending request for %s, which asks for %s beyond its role `%s`, and ask %s to request only %s; if %s's job really needs them, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_label(subject),
	lib.asset_label(a),
	lib.task_list(excess),
	lib.role_name(g.grantee),
	lib.subject_label(subject),
	lib.task_list(allowed),
	lib.subject_label(subject),
	lib.config_key(subject),
]) if {
	lib.grant_status(g) == "pending"
	count(allowed) > 0
} else := sprintf("In Settings → Requests, decline %s's pending request for %s: role `%s` needs no access to %s; if %s's job really needs it, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_label(subject),
	lib.asset_label(a),
	lib.role_name(g.grantee),
	lower(lib.asset_type_plural(a.type)),
	lib.subject_label(subject),
	lib.config_key(subject),
]) if {
	lib.grant_status(g) == "pending"
} else := sprintf("In %s, turn off %s and keep %s; if %s's job really needs them, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_asset_path(subject, a),
	lib.task_list(excess),
	lib.task_list(allowed),
	lib.subject_label(subject),
	lib.config_key(subject),
]) if {
	count(allowed) > 0
} else := sprintf("In %s → Remove, take the asset away: role `%s` needs no access to %s; if %s's job really needs it, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_asset_path(subject, a),
	lib.role_name(g.grantee),
	lower(lib.asset_type_plural(a.type)),
	lib.subject_label(subject),
	lib.config_key(subject),
])
