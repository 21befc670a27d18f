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

# The known partners (few), then their grants; a grant's `full_control` is its raw tasks that
# give full control of its asset.
findings contains f if {
	some s in lib.subjects
	s.kind == "partner"
	s.known
	some g in s.grants
	held := g.full_control
	count(held) > 0
	not role_allows_full_control(g)
	a := g.asset
	subject := s.subject
	f := {
		"message": sprintf("%s holds full control%s of %s through %s, but %s", [
			lib.capitalize(lib.describe_subject(subject)),
			pending_note(g),
			lib.describe_asset(a),
			lib.task_list(held),
			role_clause(g),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(g, subject, a, held),
		"tasks": sort(held),
	}
}

# `allowed`: the role's normalized tasks on the asset's type (null without a defined role).
role_allows_full_control(g) if {
	is_array(g.allowed)
	some t in g.allowed
	t in lib.full_control_tasks[g.asset_type]
}

# The role's tasks on the asset's type; [] when there is no defined role.
role_allowed(g) := g.allowed if {
	is_array(g.allowed)
} else := []

pending_note(g) := " (pending)" if {
	g.status == "pending"
} else := ""

# What the role allows there, or why there is nothing to compare with.
role_clause(g) := sprintf("its role `%s` allows only %s there", [
	g.role_name,
	lib.task_list(role_allowed(g)),
]) if {
	count(role_allowed(g)) > 0
} else := sprintf("its role `%s` allows no access there", [g.role_name]) if {
	is_string(g.role)
} else := sprintf("its role `%s` is not defined in the org config's `roles`", [g.role_name]) if {
	is_string(g.role_name)
} else := "it has no declared role"

# The click in Business Settings that takes full control away.
action(g, subject, a, held) := sprintf("in Settings → Requests, decline %s's pending request for full control (%s) of %s", [
	lib.subject_label(subject),
	lib.task_list(held),
	lib.describe_asset(a),
]) if {
	g.status == "pending"
} else := sprintf("in %s → Manage, turn off full control (%s)", [lib.partner_asset_path(subject, a), lib.task_list(held)])

keep_only(g) := "ask it to request only" if {
	g.status == "pending"
} else := "keep only"

# The click that takes the asset away altogether (the role needs none of it).
removal(g, subject, a, held) := action(g, subject, a, held) if {
	g.status == "pending"
} else := sprintf("in %s, remove the asset from %s", [lib.partner_asset_path(subject, a), lib.subject_label(subject)])

remediation(g, subject, a, held) := sprintf(
	"%s, and %s what role `%s` allows there (%s); if %s really needs full control, give it a role that allows it (`partners.%s.role` in the org config, e.g. `full_service_agency`) or record an exception (rule `partner-full-control`, subject `%s`, asset `%s`).",
	[
		lib.capitalize(action(g, subject, a, held)), keep_only(g), g.role_name,
		lib.task_list(role_allowed(g)), lib.subject_label(subject),
		subject.id, subject.id, a.id,
	],
) if {
	count(role_allowed(g)) > 0
} else := sprintf(
	"%s: role `%s` needs no access to this %s at all; if %s really needs it, give it a role that allows it (`partners.%s.role` in the org config) or record an exception (rule `partner-full-control`, subject `%s`, asset `%s`).",
	[
		lib.capitalize(removal(g, subject, a, held)), g.role_name,
		lib.asset_type_label(a.type), lib.subject_label(subject),
		subject.id, subject.id, a.id,
	],
) if {
	is_string(g.role)
} else := sprintf(
	"Declare what %s is hired for in the org config (`partners.%s.role`, e.g. `media_buyer`); unless that role allows full control there, %s.",
	[lib.subject_label(subject), subject.id, action(g, subject, a, held)],
)
