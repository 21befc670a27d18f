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

# The subjects with a declared role (known, declared, the role defined in `roles`), then their
# grants: a grant's `allowed` is the role's tasks on its asset's type.
findings contains f if {
	some k in lib.facts.declared
	s := lib.subjects[k]
	is_string(s.role)
	some g in s.grants
	allowed := g.allowed
	is_array(allowed)

	# Cheap necessary condition first: some task, normalized, is not allowed.
	count([t | some t in g.normalized; not t in allowed]) > 0
	excess := {t |
		some t in g.tasks
		not lib.normalized_task(g.asset_type, t) in allowed
		not left_to_partner_full_control(g, t)
	}
	count(excess) > 0
	a := g.asset
	subject := g.subject
	f := {
		"message": sprintf("%s holds %s on %s%s; its role `%s` %s", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.task_list(excess),
			lib.describe_asset(a),
			pending_note(g),
			g.role,
			allows(allowed, a.type),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(g, subject, a, allowed, excess),
		"excess_tasks": sort(excess),
	}
}

# A partner's full-control task (its raw code) is `partner-full-control`'s.
left_to_partner_full_control(g, t) if {
	g.subject.kind == "partner"
	t in g.full_control
}

pending_note(g) := " (pending request)" if {
	g.status == "pending"
} else := ""

allows(allowed, asset_type) := sprintf("allows %s there", [lib.task_list(allowed)]) if {
	count(allowed) > 0
} else := sprintf("needs no access to %s", [lower(lib.asset_type_plural(asset_type))])

# A pending request is not turned off task by task: it is declined, and the partner asked to
# request only what the role allows (one instruction; `stale-pending-request` stays quiet).
remediation(g, subject, a, allowed, excess) := sprintf("In Settings → Requests, decline %s's pending request for %s, which asks for %s beyond its role `%s`, and ask %s to request only %s; if %s's job really needs them, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_label(subject),
	lib.asset_label(a),
	lib.task_list(excess),
	g.role,
	lib.subject_label(subject),
	lib.task_list(allowed),
	lib.subject_label(subject),
	lib.config_key(subject),
]) if {
	g.status == "pending"
	count(allowed) > 0
} else := sprintf("In Settings → Requests, decline %s's pending request for %s: role `%s` needs no access to %s; if %s's job really needs it, change its role (`%s.role` in the org config) or record an exception.", [
	lib.subject_label(subject),
	lib.asset_label(a),
	g.role,
	lower(lib.asset_type_plural(a.type)),
	lib.subject_label(subject),
	lib.config_key(subject),
]) if {
	g.status == "pending"
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
	g.role,
	lower(lib.asset_type_plural(a.type)),
	lib.subject_label(subject),
	lib.config_key(subject),
])
