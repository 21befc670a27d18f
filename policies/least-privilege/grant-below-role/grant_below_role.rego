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

# The subjects with a declared role (known, declared, the role defined in `roles`): the only
# ones a role requires anything of.
with_role := [s |
	some k in lib.facts.declared
	s := lib.subjects[k]
	is_string(s.role)
]

# Whether the subject declares a `scope` (tested positively: OPA and regorus read
# `not is_array(x.scope)` differently when `scope` is absent).
has_scope(s) if is_array(s.config.scope)

# The Graph edge that lists a subject's access to an asset.
edge("partner") := "agencies"

edge("member") := "assigned_users"

# The asset ids whose access of the subject's edge could not be read.
unread_ids(kind) := ids if {
	ids := lib.facts.unread[edge(kind)]
} else := []

# Whether the subject's access to some asset of the type could not be read.
unread_of_type(kind, asset_type) if {
	some id in unread_ids(kind)
	lib.facts.assets_by_id[id].type == asset_type
}

# On an asset the subject holds a grant on.
findings contains f if {
	not lib.grants_not_exported
	some s in with_role
	some g in s.grants
	g.missing != []
	f := asset_finding(s, g.asset.id, g.required, g.missing, sprintf("holds only %s", [lib.task_list(g.tasks)]))
}

# On an asset named in the subject's scope that it has no grant on.
findings contains f if {
	not lib.grants_not_exported
	some s in with_role
	scope := s.config.scope
	is_array(scope)
	some asset_id in scope
	a := lib.facts.assets_by_id[asset_id]
	not asset_id in s.asset_ids
	not asset_id in unread_ids(s.kind)
	required := lib.facts.required_by_role[s.role][a.type]
	count(required) > 0
	f := asset_finding(s, asset_id, required, required, "has no access to it although it is in its scope")
}

# Without a scope: a type the role requires tasks on, and nothing of that type held.
findings contains f if {
	not lib.grants_not_exported
	some s in with_role
	not has_scope(s)
	some asset_type, missing in lib.facts.required_by_role[s.role]
	count(missing) > 0
	not asset_type in s.asset_types
	not unread_of_type(s.kind, asset_type)
	subject := s.subject
	f := {
		"message": sprintf("%s's role `%s` requires %s on %s, but it has access to no %s: campaign work will stall", [
			s.described_capitalized,
			s.role,
			lib.task_list(missing),
			lower(lib.asset_type_plural(asset_type)),
			lib.asset_type_label(asset_type),
		]),
		"subject": subject,
		"remediation": sprintf("Share the %s that %s works on with %s (%s → Assign assets → %s); if it does not work on %s, give it a role that does not require them (`%s.role` in the org config).", [
			lower(lib.asset_type_plural(asset_type)),
			s.label,
			lib.task_list(missing),
			s.settings_path,
			lib.asset_type_plural(asset_type),
			lower(lib.asset_type_plural(asset_type)),
			s.config_key,
		]),
		"missing_tasks": sort(missing),
	}
}

# A finding about one asset (by id), its words read from the facts.
asset_finding(s, asset_id, required, missing, situation) := {
	"message": sprintf("%s %s on %s; its role `%s` requires %s there: campaign work will stall", [
		s.described_capitalized,
		situation,
		w.described,
		s.role,
		concat(", ", required),
	]),
	"subject": s.subject,
	"asset": w.ref,
	"remediation": sprintf("In %s → %s → %s, add %s (or share the asset with them if it is not listed); if the role asks for more than %s's job needs, change it (`%s.role` in the org config).", [
		s.assets_path,
		w.plural,
		w.label,
		concat(", ", missing),
		s.label,
		s.config_key,
	]),
	"missing_tasks": sort(missing),
} if {
	w := lib.facts.asset_words[asset_id]
}
