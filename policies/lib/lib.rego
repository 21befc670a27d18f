# Shared helpers for the built-in rules and for an org's custom policies
# (`import data.portfolio_guard.lib`).
#
# Data contract:
#   input                            the access snapshot, exactly as written (optional fields may
#                                    be absent or null: both mean "not known")
#   data.config                      the merged org config (built-in defaults overlaid by the user's)
#   data.runtime.now                 RFC 3339 "now"; falls back to input.captured_at
#   data.runtime.matched_exceptions  indices of the exceptions that suppressed a finding
#   data.portfolio_guard.tasks       the task glossary (`policies/config/tasks.json`)
#   data.portfolio_guard.facts       the facts: the joins the rules need (see `facts` below)
#
# Every helper is linear in the snapshot: the indexes below are read from the facts, built once
# per check, and rules look things up in them instead of nesting iterations. No value rule of
# this package may be costly: regorus evaluates all of them as soon as a rule reads one.
package portfolio_guard.lib

import rego.v1

import data.portfolio_guard.derive

# ---------------------------------------------------------------------------------------------
# Facts
#
# The engine computes the facts natively, once per check, and gives them as
# `data.portfolio_guard.facts`. Without the engine (a policy's tests, OPA given no facts) they
# are derived in Rego from `input` and `data.config` by package `portfolio_guard.derive`
# (`derive.rego`), which is also their definition; a test proves both the same.
#
#   facts.now_ns               "now" in ns since the epoch
#   facts.business_label       the business's name ("your business" when it has none)
#   facts.members_by_id        id -> member (as in `input`); partners_by_id, assets_by_id alike
#   facts.grants               `input.grants` in order, each with these fields added:
#       index                  its position in `input.grants`
#       key                    `partner:<id>` / `member:<id>`
#       status                 `pending` or `active`
#       known                  the grantee is in `members` / `partners`
#       subject                `{kind, id, name}` as findings name it (name null when unknown)
#       asset, asset_type      the asset (null when not in `assets`) and its type
#       role                   the declared role when the grantee is known and the role defined
#       role_name              the declared role as written (even undefined), else null
#       normalized             its tasks normalized (`normalized_tasks`), sorted
#       full_control           its raw tasks that give full control of the asset, sorted
#       allowed, required      the role's normalized tasks on the asset's type, sorted ([]: the
#                              role does not use the type; null: no role or no asset)
#       beyond                 its raw tasks whose normalized task `allowed` lacks, sorted
#       missing                the `required` tasks its tasks do not give ([] for both without a
#                              role or asset)
#   facts.subjects             key -> {kind, id, key, name, known, member_kind, config, declared,
#                              role_name, role, subject, grants, asset_ids, asset_types, active}
#                              for every member, partner and grantee of a grant, and its words:
#                              label, described, described_capitalized, config_key,
#                              settings_path, assets_path (`subject_label`, `describe_subject`, …)
#   facts.asset_words          asset id -> {label, described, plural, settings_path, ref}
#                              (`asset_label`, `describe_asset`, `asset_type_plural`, …)
#   facts.grants_by_grantee    key -> its grants (keys with grants only)
#   facts.declared             the keys of the subjects the config declares and the snapshot has
#   facts.allowed_by_role      role -> asset type -> normalized allowed tasks; required_by_role
#   facts.grants_not_exported  see `grants_not_exported`
#   facts.unread               Graph edge -> asset ids whose access could not be read
#   facts.times                time or date text -> {start_ns, end_ns} for the snapshot's and
#                              config's times the built-in rules read
# Lists are JSON arrays (sorted when they are sets of strings), so OPA reads the same document.

facts := data.portfolio_guard.facts if {
	is_object(data.portfolio_guard.facts)
} else := derive.facts

grants := facts.grants

subjects := facts.subjects

# A subject's grants (with their facts), by key; [] when it has none.
grants_of(key) := gs if {
	gs := facts.grants_by_grantee[key]
} else := []

# ---------------------------------------------------------------------------------------------
# Time

ns_per_day := 86400000000000

# "Now" as RFC 3339: the caller's (`--now`), else the snapshot's `captured_at`.
now := t if {
	t := data.runtime.now
	is_rfc3339(t)
} else := input.captured_at if {
	is_rfc3339(input.captured_at)
}

now_ns := t if {
	t := facts.now_ns
	is_number(t)
}

# A full RFC 3339 time (the shape only; the engine parses it).
is_rfc3339(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`, s)
}

# A date alone, `YYYY-MM-DD`.
is_date(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
}

# The instant a time or date starts at (a date: its 00:00Z). Undefined for null and non-times.
# Read from `facts.times` when it is there (no parsing per call).
instant_ns(s) := t if {
	t := facts.times[s].start_ns
} else := parse_start_ns(s)

# The first instant after a time or date: a date D covers all of day D, so it ends at D+1 00:00Z.
end_ns(s) := t if {
	t := facts.times[s].end_ns
} else := parse_end_ns(s)

parse_start_ns(s) := time.parse_rfc3339_ns(s) if is_rfc3339(s)

parse_start_ns(s) := time.parse_rfc3339_ns(concat("", [s, "T00:00:00Z"])) if is_date(s)

parse_end_ns(s) := parse_start_ns(s) if is_rfc3339(s)

parse_end_ns(s) := parse_start_ns(s) + ns_per_day if is_date(s)

# "Before now": a date-only value is before now from the next day's 00:00Z on.
ended(s) if end_ns(s) <= now_ns

# Strictly more than `n` × 24 h before now, measured from the instant given.
older_than_days(s, n) if now_ns - instant_ns(s) > n * ns_per_day

# Whole days from `s` to now (rounded down).
days_since(s) := floor((now_ns - instant_ns(s)) / ns_per_day)

# ---------------------------------------------------------------------------------------------
# Indexes

# An array field of the snapshot, or [] when it is absent or null (iterating null is an
# error in regorus).
array_or_empty(x) := x if {
	is_array(x)
} else := []

members_by_id := facts.members_by_id

partners_by_id := facts.partners_by_id

assets_by_id := facts.assets_by_id

# ---------------------------------------------------------------------------------------------
# Grants and tasks

# `pending` for a partner request not yet confirmed; `active` otherwise (null/absent = active).
grant_status(g) := "pending" if {
	g.status == "pending"
} else := "active"

# Page tasks have two vocabularies: `PROFILE_PLUS_<T>` counts as `<T>`, and
# `PROFILE_PLUS_FULL_CONTROL` as `MANAGE`. Other types keep their tasks as they are.
normalized_task(asset_type, t) := "MANAGE" if {
	asset_type == "page"
	t == "PROFILE_PLUS_FULL_CONTROL"
} else := trim_prefix(t, "PROFILE_PLUS_") if {
	asset_type == "page"
} else := t

normalized_tasks(asset_type, tasks) := {normalized_task(asset_type, t) | some t in tasks}

# The task glossary (`policies/config/tasks.json`): per asset type, each task code (page codes
# normalized) with its human `name`, what it `allows`, and its `level` (`full_control`,
# `can_act` or `view_only`).
tasks := data.portfolio_guard.tasks

# The tasks that give full control of an asset, per type (after normalization), from the
# glossary's levels. Instagram accounts, apps and `other` have none (no key).
full_control_tasks := {asset_type: codes |
	some asset_type, by_code in tasks
	codes := {code | some code, t in by_code; t.level == "full_control"}
	count(codes) > 0
}

# A task's level on a type (raw or normalized code); undefined for a code the type lacks.
task_level(asset_type, t) := tasks[asset_type][normalized_task(asset_type, t)].level

# The raw tasks among `tasks` that give full control of an asset of this type.
full_control_held(asset_type, tasks) := {t |
	some t in tasks
	normalized_task(asset_type, t) in full_control_tasks[asset_type]
}

# A stable key for a grantee: `partner:<id>` or `member:<id>`.
grantee_key(grantee) := concat(":", [grantee.kind, grantee.id])

# Grants indexed by grantee key (each with its facts): each subject's grants without scanning
# every grant.
grants_by_grantee := facts.grants_by_grantee

# Grantee keys with at least one grant (pending counts: "holds a grant").
grantees_with_grants := {k | some k, _ in facts.grants_by_grantee}

# Grantee keys with at least one active grant.
grantees_with_active_grants := {k | some k, s in facts.subjects; s.active}

# The asset types a grantee holds grants on (assets in `assets` only), by grantee key.
grant_types_by_grantee := {k: s.asset_types | some k, s in facts.subjects; count(s.asset_types) > 0}

# The asset ids a grantee holds grants on (pending included), by grantee key.
grant_asset_ids_by_grantee := {k: s.asset_ids | some k, s in facts.subjects; count(s.asset_ids) > 0}

# "Not exported is not empty": true when the snapshot says which Graph edges were captured and
# neither asset-access edge is among them, so a missing grant proves nothing.
grants_not_exported if facts.grants_not_exported

# The per-asset Graph edge that lists a grantee's access: `assigned_users` for people and
# system users, `agencies` for partners.
grants_edge(grantee) := "agencies" if grantee.kind == "partner"

grants_edge(grantee) := "assigned_users" if grantee.kind == "member"

# Asset ids whose access of one edge could not be read (`source.unread`, an error from the Graph
# API), by edge: who holds what there is unknown, not none.
unread_asset_ids := facts.unread

# Whether some asset's `edge` could not be read.
some_unread(edge) if unread_asset_ids[edge]

# Whether the grantee's access to the asset could not be read.
grants_unread(grantee, asset_id) if asset_id in unread_asset_ids[grants_edge(grantee)]

# Whether the grantee's access to some asset of the type could not be read.
grants_unread_of_type(grantee, asset_type) if {
	some id in unread_asset_ids[grants_edge(grantee)]
	assets_by_id[id].type == asset_type
}

# ---------------------------------------------------------------------------------------------
# Email domains

# The lowercased part after the last `@`; undefined when the email is unknown or has no domain.
email_domain(email) := lower(domain) if {
	is_string(email)
	parts := split(email, "@")
	count(parts) > 1
	domain := parts[count(parts) - 1]
	domain != ""
}

trusted_domains := {lower(d) | some d in data.config.trusted_domains}

public_email_domains := {lower(d) | some d in data.config.public_email_domains}

# A trusted domain, or a subdomain of one.
is_trusted_domain(domain) if domain in trusted_domains

is_trusted_domain(domain) if {
	some t in trusted_domains
	endswith(domain, concat("", [".", t]))
}

# External: judged only when `trusted_domains` is set and the member's email is known.
is_external(member) if {
	count(trusted_domains) > 0
	domain := email_domain(member.email)
	not is_trusted_domain(domain)
}

is_public_email(member) if email_domain(member.email) in public_email_domains

# ---------------------------------------------------------------------------------------------
# Roles

# What the org config declares about a grantee (`{kind, id}`): `data.config.partners[id]` or
# `data.config.members[id]`.
subject_config(grantee) := config_partners[grantee.id] if grantee.kind == "partner"

subject_config(grantee) := config_members[grantee.id] if grantee.kind == "member"

# The config's objects as rules of this package: regorus resolves `data.<path>[<expr>]` by
# searching every module for rules at that path on each lookup (~10-20 µs), while a lookup in
# a rule of the same package is a plain index.
config_partners := data.config.partners

config_members := data.config.members

config_roles := data.config.roles

role_name(grantee) := name if {
	name := subject_config(grantee).role
	is_string(name)
}

# The role profile; undefined when the grantee has no declared role.
role(grantee) := config_roles[role_name(grantee)]

# The tasks each role allows, per asset type, normalized: built once, looked up per grant.
allowed_by_role := {name: {asset_type: {normalized_task(asset_type, t) | some t in p.allowed} |
	some asset_type, p in r.assets
} |
	some name, r in data.config.roles
}

# The tasks the grantee's role allows on a type, normalized; the empty set when the role does
# not use the type; undefined when there is no role.
role_allowed(grantee, asset_type) := object.get(allowed_by_role[role_name(grantee)], asset_type, set())

# The known grantees (in `members` or `partners`) whose declared role is defined in `roles`,
# by grantee key, with that role's name: `lib.role(g.grantee)` and `lib.known_grantee(g.grantee)`
# in one lookup. Built once per declared subject; the rules that judge every grant against its
# role filter grants through it (a function call per grant costs several µs in regorus).
declared_role_names := {k: s.role |
	some k in facts.declared
	s := facts.subjects[k]
	is_string(s.role)
}

# Whether a grantee is in `members` or `partners` (an unknown one is access left behind).
known_grantee(grantee) if {
	grantee.kind == "member"
	members_by_id[grantee.id]
}

known_grantee(grantee) if {
	grantee.kind == "partner"
	partners_by_id[grantee.id]
}

# ---------------------------------------------------------------------------------------------
# Presentation: every rule names subjects and assets the same way.

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null

# The member or partner a grantee refers to; `{}` for an unknown grantee.
grantee_record(grantee) := r if {
	grantee.kind == "partner"
	r := partners_by_id[grantee.id]
} else := r if {
	grantee.kind == "member"
	r := members_by_id[grantee.id]
} else := {}

subject_of_grantee(grantee) := {
	"kind": grantee.kind,
	"id": grantee.id,
	"name": name_or_null(grantee_record(grantee)),
}

subject_of_member(m) := {"kind": "member", "id": m.id, "name": name_or_null(m)}

subject_of_partner(p) := {"kind": "partner", "id": p.id, "name": name_or_null(p)}

# An org-config exception as a finding subject: `exceptions[<i>]`, named
# "<rule> for <subject>[ on <asset>]".
subject_of_exception(i, e) := {
	"kind": "exception",
	"id": sprintf("exceptions[%d]", [i]),
	"name": concat("", [e.rule, " for ", e.subject, exception_asset_suffix(e)]),
}

exception_asset_suffix(e) := concat("", [" on ", e.asset]) if {
	is_string(e.asset)
} else := ""

# The audited business as people know it.
business_label := facts.business_label

asset_ref(a) := {"id": a.id, "type": a.type, "name": name_or_null(a)}

asset_type_labels := {
	"ad_account": "ad account",
	"page": "Page",
	"instagram_account": "Instagram account",
	"pixel": "pixel",
	"dataset": "dataset",
	"catalog": "catalog",
	"app": "app",
	"whatsapp_business_account": "WhatsApp Business account",
	"other": "asset",
}

asset_type_label(asset_type) := object.get(asset_type_labels, asset_type, "asset")

# How Business Settings lists an asset type, and under which group.
asset_type_plurals := {
	"ad_account": "Ad accounts",
	"page": "Pages",
	"instagram_account": "Instagram accounts",
	"pixel": "Pixels",
	"dataset": "Datasets",
	"catalog": "Catalogs",
	"app": "Apps",
	"whatsapp_business_account": "WhatsApp accounts",
}

asset_type_plural(asset_type) := object.get(asset_type_plurals, asset_type, "Other assets")

asset_settings_group(asset_type) := "Data sources" if {
	asset_type in {"pixel", "dataset", "catalog"}
} else := "Accounts"

# e.g. "ad account `Acme - Prospecting` (act_1)", or "ad account act_1" when the name is unknown.
describe_asset(a) := sprintf("%s `%s` (%s)", [asset_type_label(a.type), a.name, a.id]) if {
	is_string(a.name)
} else := sprintf("%s %s", [asset_type_label(a.type), a.id])

# The asset as Business Settings shows it: its name, else its id.
asset_label(a) := sprintf("`%s`", [a.name]) if {
	is_string(a.name)
} else := a.id

# The asset's own page in Business Settings, e.g. "Settings → Accounts → Ad accounts → `Acme - Prospecting`".
asset_settings_path(a) := sprintf("Settings → %s → %s → %s", [asset_settings_group(a.type), asset_type_plural(a.type), asset_label(a)])

# The asset in a partner's view, e.g.
# "Settings → Partners → Growth Agency Ltd → Assets → Ad accounts → `Acme - Prospecting`".
partner_asset_path(subject, a) := sprintf("Settings → Partners → %s → Assets → %s → %s", [subject_label(subject), asset_type_plural(a.type), asset_label(a)])

# e.g. "partner Growth Agency Ltd (300000000000021)", or "partner 300000000000021".
describe_subject(s) := sprintf("%s %s (%s)", [s.kind, s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("%s %s", [s.kind, s.id])

# A subject as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id

# Sorted, deduplicated, comma-separated: "ADVERTISE, ANALYZE".
task_list(tasks) := sorted_list(tasks)

# Any strings (domains, ids), sorted, deduplicated, comma-separated.
sorted_list(xs) := concat(", ", sort({x | some x in xs}))

# The first letter upper case, for a sentence that starts with a described subject or asset.
capitalize(s) := concat("", [upper(substring(s, 0, 1)), substring(s, 1, -1)])

# Where the org config declares a subject: `partners.<id>` or `members.<id>`.
config_key(subject) := sprintf("partners.%s", [subject.id]) if {
	subject.kind == "partner"
} else := sprintf("members.%s", [subject.id])

# Where a subject's access to an asset is changed in Business Settings, e.g.
# "Settings → Partners → Growth → Assets → Ad accounts → `X`" or
# "Settings → People → Dana → Assets → Ad accounts → `X`" (system users have their own list).
subject_asset_path(subject, a) := partner_asset_path(subject, a) if {
	subject.kind == "partner"
} else := sprintf("Settings → %s → %s → Assets → %s → %s", [
	people_list(subject),
	subject_label(subject),
	asset_type_plural(a.type),
	asset_label(a),
])

# The Business Settings list a member is in: system users have their own.
people_list(subject) := "Users → System users" if {
	members_by_id[subject.id].kind == "system_user"
} else := "People"

# Where a subject is managed as a whole: "Settings → Partners → Growth" / "Settings → People → Dana".
subject_settings_path(subject) := sprintf("Settings → Partners → %s", [subject_label(subject)]) if {
	subject.kind == "partner"
} else := sprintf("Settings → %s → %s", [people_list(subject), subject_label(subject)])

# The subjects the org config declares and the snapshot has, with their grantee shape.
declared_grantees := {{"kind": s.kind, "id": s.id} | some k in facts.declared; s := facts.subjects[k]}
