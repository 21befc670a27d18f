# METADATA
# title: Partner has full control of an asset
# description: >-
#   A partner holds full control of an asset (MANAGE; EDIT on a pixel) although its role does
#   not allow it there, or it has no declared role. Full control lets the partner add and remove
#   people and partners, change payment settings and lock the business out; pending requests
#   count too, since approving one gives exactly that.
# custom:
#   id: partner-full-control
#   category: least-privilege
#   severity: high
#   remediation: >-
#     In Settings → Partners → the partner → Assets, open the asset and turn off full control,
#     keeping only the tasks its role needs (for a pending request: decline it in Settings →
#     Requests). If the partner really needs full control, give it a role that allows it in the
#     org config (`partners.<id>.role`, e.g. `full_service_agency`) or record an exception.
package portfolio_guard.rules.least_privilege.partner_full_control

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some g in input.grants
	g.grantee.kind == "partner"
	p := lib.partners_by_id[g.grantee.id]
	a := lib.assets_by_id[g.asset_id]
	held := lib.full_control_held(a.type, g.tasks)
	count(held) > 0
	not role_allows_full_control(g.grantee, a.type)
	subject := lib.subject_of_partner(p)
	f := {
		"message": sprintf("%s holds full control%s of %s through %s, but %s", [
			lib.capitalize(lib.describe_subject(subject)),
			pending_note(g),
			lib.describe_asset(a),
			lib.task_list(held),
			role_clause(g.grantee, a.type),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(g, subject, a, held),
		"tasks": sort(held),
	}
}

role_allows_full_control(grantee, asset_type) if {
	some t in lib.full_control_tasks[asset_type]
	t in lib.role_allowed(grantee, asset_type)
}

pending_note(g) := " (pending)" if {
	lib.grant_status(g) == "pending"
} else := ""

# What the role allows there, or why there is nothing to compare with.
role_clause(grantee, asset_type) := sprintf("its role `%s` allows only %s there", [
	lib.role_name(grantee),
	lib.task_list(lib.role_allowed(grantee, asset_type)),
]) if {
	count(lib.role_allowed(grantee, asset_type)) > 0
} else := sprintf("its role `%s` allows no access there", [lib.role_name(grantee)]) if {
	lib.role(grantee)
} else := sprintf("its role `%s` is not defined in the org config's `roles`", [lib.role_name(grantee)]) if {
	lib.role_name(grantee)
} else := "it has no declared role"

# The click in Business Settings that takes full control away.
action(g, subject, a, held) := sprintf("in Settings → Requests, decline %s's pending request for full control (%s) of %s", [
	lib.subject_label(subject),
	lib.task_list(held),
	lib.describe_asset(a),
]) if {
	lib.grant_status(g) == "pending"
} else := sprintf("in %s → Manage, turn off full control (%s)", [lib.partner_asset_path(subject, a), lib.task_list(held)])

keep_only(g) := "ask it to request only" if {
	lib.grant_status(g) == "pending"
} else := "keep only"

# The click that takes the asset away altogether (the role needs none of it).
removal(g, subject, a, held) := action(g, subject, a, held) if {
	lib.grant_status(g) == "pending"
} else := sprintf("in %s, remove the asset from %s", [lib.partner_asset_path(subject, a), lib.subject_label(subject)])

remediation(g, subject, a, held) := sprintf(
	"%s, and %s what role `%s` allows there (%s); if %s really needs full control, give it a role that allows it (`partners.%s.role` in the org config, e.g. `full_service_agency`) or record an exception (rule `partner-full-control`, subject `%s`, asset `%s`).",
	[
		lib.capitalize(action(g, subject, a, held)), keep_only(g), lib.role_name(g.grantee),
		lib.task_list(lib.role_allowed(g.grantee, a.type)), lib.subject_label(subject),
		subject.id, subject.id, a.id,
	],
) if {
	count(lib.role_allowed(g.grantee, a.type)) > 0
} else := sprintf(
	"%s: role `%s` needs no access to this %s at all; if %s really needs it, give it a role that allows it (`partners.%s.role` in the org config) or record an exception (rule `partner-full-control`, subject `%s`, asset `%s`).",
	[
		lib.capitalize(removal(g, subject, a, held)), lib.role_name(g.grantee),
		lib.asset_type_label(a.type), lib.subject_label(subject),
		subject.id, subject.id, a.id,
	],
) if {
	lib.role(g.grantee)
} else := sprintf(
	"Declare what %s is hired for in the org config (`partners.%s.role`, e.g. `media_buyer`); unless that role allows full control there, %s.",
	[lib.subject_label(subject), subject.id, action(g, subject, a, held)],
)
