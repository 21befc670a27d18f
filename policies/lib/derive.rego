# The facts (`lib.facts`), derived in Rego: the definition of what the engine computes natively
# once per check (`src/facts.rs`) and gives as `data.portfolio_guard.facts`. The engine's copy is
# what checks read; this one is what a policy's tests read (`with input as …`), and what OPA reads
# when it is not given the engine's. A test proves both the same on generated and example
# snapshots. The field list is documented in `lib.rego`.
#
# Only `lib` functions are called here, never its values (those read the facts).
package portfolio_guard.derive

import rego.v1

import data.portfolio_guard.lib

facts := {
	"now_ns": now_ns,
	"business_label": business_label,
	"members_by_id": members_by_id,
	"partners_by_id": partners_by_id,
	"assets_by_id": assets_by_id,
	"asset_words": asset_words,
	"grants": grants,
	"subjects": subjects,
	"grants_by_grantee": grants_by_grantee,
	"declared": declared,
	"allowed_by_role": tasks_by_role("allowed"),
	"required_by_role": tasks_by_role("required"),
	"grants_not_exported": grants_not_exported,
	"unread": unread,
	"times": times,
}

now := t if {
	t := data.runtime.now
	lib.is_rfc3339(t)
} else := input.captured_at

# null when neither `data.runtime.now` nor `captured_at` is a time (only in a policy's tests).
now_ns := t if {
	t := lib.parse_start_ns(now)
} else := null

business_label := n if {
	n := input.business.name
	is_string(n)
} else := "your business"

members := lib.array_or_empty(input.members)

partners := lib.array_or_empty(input.partners)

members_by_id := {m.id: m | some m in members; is_string(m.id)}

partners_by_id := {p.id: p | some p in partners; is_string(p.id)}

assets_by_id := {a.id: a | some a in lib.array_or_empty(input.assets); is_string(a.id)}

config_of(kind, id) := data.config.partners[id] if kind == "partner"

config_of(kind, id) := data.config.members[id] if kind == "member"

# The record a grantee refers to, when the snapshot has it.
record(kind, id) := members_by_id[id] if kind == "member"

record(kind, id) := partners_by_id[id] if kind == "partner"

role_name_of(kind, id) := r if {
	r := config_of(kind, id).role
	is_string(r)
} else := null

# The declared role of a known subject, when it is defined in `roles`.
role_of(kind, id) := r if {
	record(kind, id)
	r := role_name_of(kind, id)
	data.config.roles[r]
} else := null

name_of(kind, id) := n if {
	n := record(kind, id).name
	is_string(n)
} else := null

subject(kind, id) := {"kind": kind, "id": id, "name": name_of(kind, id)}

full_control_tasks := {asset_type: codes |
	some asset_type, by_code in data.portfolio_guard.tasks
	codes := {code | some code, t in by_code; t.level == "full_control"}
}

sorted_normalized(asset_type, tasks) := sort({lib.normalized_task(asset_type, t) | some t in tasks})

tasks_by_role(kind) := {role_name: {asset_type: sorted_normalized(asset_type, lib.array_or_empty(p[kind])) |
	some asset_type, p in r.assets
} |
	some role_name, r in data.config.roles
}

role_tasks(kind, role_name, asset_type) := null if {
	role_name == null
} else := null if {
	asset_type == null
} else := tasks if {
	tasks := tasks_by_role(kind)[role_name][asset_type]
} else := []

asset_type_of(id) := assets_by_id[id].type if {
	assets_by_id[id]
} else := null

full_control(asset_type, tasks) := [] if {
	asset_type == null
} else := sort({t |
	some t in tasks
	lib.normalized_task(asset_type, t) in object.get(full_control_tasks, asset_type, set())
})

normalized(asset_type, tasks) := sort({t | some t in tasks}) if {
	asset_type == null
} else := sorted_normalized(asset_type, tasks)

grants := [object.union(g, derived(i, g)) | some i, g in lib.array_or_empty(input.grants)]

derived(i, g) := {
	"index": i,
	"key": lib.grantee_key(g.grantee),
	"status": lib.grant_status(g),
	"known": is_known(g.grantee.kind, g.grantee.id),
	"subject": subject(g.grantee.kind, g.grantee.id),
	"asset": object.get(assets_by_id, g.asset_id, null),
	"asset_type": t,
	"role": r,
	"role_name": role_name_of(g.grantee.kind, g.grantee.id),
	"normalized": normalized(t, tasks),
	"full_control": full_control(t, tasks),
	"allowed": role_tasks("allowed", r, t),
	"required": role_tasks("required", r, t),
	"beyond": beyond(r, t, tasks),
	"missing": missing(r, t, tasks),
} if {
	t := asset_type_of(g.asset_id)
	r := role_of(g.grantee.kind, g.grantee.id)
	tasks := lib.array_or_empty(object.get(g, "tasks", []))
}

# Its raw tasks whose normalized task the role does not allow there (none without a role or asset).
beyond(r, t, tasks) := [] if {
	r == null
} else := [] if {
	t == null
} else := sort({x |
	some x in tasks
	not lib.normalized_task(t, x) in role_tasks("allowed", r, t)
})

# The role's required tasks there (normalized) that its tasks do not give.
missing(r, t, tasks) := [] if {
	r == null
} else := [] if {
	t == null
} else := [x |
	held := {lib.normalized_task(t, y) | some y in tasks}
	some x in role_tasks("required", r, t)
	not x in held
]

is_known(kind, id) if record(kind, id)

default is_known(_, _) := false

# Every member, partner and grantee of a grant, by key.
subject_keys := object.union_n([
	{concat(":", ["member", m.id]): ["member", m.id] | some m in members},
	{concat(":", ["partner", p.id]): ["partner", p.id] | some p in partners},
	{g.key: [g.grantee.kind, g.grantee.id] | some g in grants},
])

# Grant facts by grantee key, in input order (comprehension indexing: one pass, not quadratic).
grants_by_grantee := {k: gs |
	some g0 in grants
	k := g0.key
	gs := [g | some g in grants; g.key == k]
}

subjects := {k: subject_facts(k, kind, id) | some k, [kind, id] in subject_keys}

subject_facts(k, kind, id) := {
	"kind": kind,
	"id": id,
	"key": k,
	"name": name_of(kind, id),
	"known": is_known(kind, id),
	"member_kind": member_kind(kind, id),
	"config": object.get(object.get(data.config, concat("", [kind, "s"]), {}), id, null),
	"declared": is_declared(kind, id),
	"role_name": role_name_of(kind, id),
	"role": role_of(kind, id),
	"subject": subject(kind, id),
	"grants": gs,
	"asset_ids": sort({g.asset_id | some g in gs}),
	"asset_types": sort({g.asset_type | some g in gs; g.asset_type != null}),
	"active": count([g | some g in gs; g.status == "active"]) > 0,
	"label": lib.subject_label(subject(kind, id)),
	"described": lib.describe_subject(subject(kind, id)),
	"described_capitalized": lib.capitalize(lib.describe_subject(subject(kind, id))),
	"config_key": lib.config_key(subject(kind, id)),
	"settings_path": settings_path(kind, id),
	"assets_path": concat("", [settings_path(kind, id), " → Assets"]),
} if {
	gs := object.get(grants_by_grantee, k, [])
}

# `lib.subject_settings_path` (its `people_list` reads `lib.members_by_id`, i.e. the facts).
settings_path(kind, id) := concat("", ["Settings → Partners → ", lib.subject_label(subject(kind, id))]) if {
	kind == "partner"
} else := concat("", ["Settings → ", people_list(id), " → ", lib.subject_label(subject(kind, id))])

people_list(id) := "Users → System users" if {
	members_by_id[id].kind == "system_user"
} else := "People"

# How findings name each asset: `lib.asset_label`, `lib.describe_asset`, `lib.asset_type_plural`,
# `lib.asset_settings_path` and `lib.asset_ref`.
asset_words := {id: {
	"label": lib.asset_label(a),
	"described": lib.describe_asset(a),
	"plural": lib.asset_type_plural(a.type),
	"settings_path": lib.asset_settings_path(a),
	"ref": lib.asset_ref(a),
} |
	some id, a in assets_by_id
}

member_kind(kind, id) := t if {
	kind == "member"
	t := members_by_id[id].kind
} else := null

is_declared(kind, id) if {
	record(kind, id)
	config_of(kind, id)
}

default is_declared(_, _) := false

declared := sort([k | some k, s in subjects; s.declared])

grants_not_exported if {
	edges := input.source.edges
	is_array(edges)
	not "assigned_users" in edges
	not "agencies" in edges
}

default grants_not_exported := false

unread_entries := lib.array_or_empty(input.source.unread)

unread := {edge: ids |
	some entry in unread_entries
	edge := entry.edge
	ids := sort({x.asset_id | some x in unread_entries; x.edge == edge; is_string(x.asset_id)})
}

# The times the built-in rules read, each with its start and end.
time_texts := (((({t |
	some t in [input.captured_at, now]
} | {t |
	some m in members
	t := object.get(m, "last_active_time", null)
}) | {t |
	some inv in lib.array_or_empty(input.invitations)
	some f in ["created_time", "expiration_time"]
	t := object.get(inv, f, null)
}) | {t |
	some g in lib.array_or_empty(input.grants)
	some f in ["requested_time", "expires_time"]
	t := object.get(g, f, null)
}) | {t |
	some group in ["partners", "members"]
	some c in object.get(data.config, group, {})
	some f in ["contract_end", "reviewed_at"]
	t := object.get(c, f, null)
}) | {t | some e in lib.array_or_empty(data.config.exceptions); t := object.get(e, "expires", null)}

times := {t: {"start_ns": lib.parse_start_ns(t), "end_ns": lib.parse_end_ns(t)} |
	some t in time_texts
	is_string(t)
	lib.parse_start_ns(t)
}
