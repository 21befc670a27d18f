# METADATA
# title: Access held by someone outside the portfolio
# description: >-
#   A grant gives tasks on an asset to a partner or member that is no longer (or never was) in
#   the portfolio's partners or people: access left behind after a removal, which nobody
#   reviews because the grantee does not show up among the portfolio's members.
# custom:
#   id: grant-to-unknown-grantee
#   category: membership
#   severity: high
#   remediation: >-
#     Open the asset in Business Settings (Settings → Accounts → Ad accounts / Pages → the asset),
#     and under Partners or People remove the grantee. If it should keep working with you, add it
#     back in Settings → Partners (or People) and declare its role in the org config.
package portfolio_guard.rules.membership.grant_to_unknown_grantee

import rego.v1

import data.portfolio_guard.lib

# The grantees that are in neither `members` nor `partners` are few: their grants are reached
# through their subject facts, not by testing every grant.
findings contains f if {
	some s in lib.subjects
	s.known == false
	some g in s.grants
	a := g.asset
	is_object(a)
	subject := g.subject
	tasks := sort({t | some t in g.tasks})
	f := {
		"message": sprintf("%s %s holds %s on %s%s, but is not among the portfolio's %ss: access left behind after a removal", [
			capitalized_kinds[subject.kind],
			subject.id,
			held(tasks),
			describe_asset(a),
			pending_notes[g.status],
			subject.kind,
		]),
		"subject": subject,
		"asset": {"id": a.id, "type": a.type, "name": name_or_null(a)},
		"remediation": remediation(subject, a),
		"tasks": tasks,
	}
}

# An unknown grantee has no name: "Partner 399", "Member 299".
capitalized_kinds := {"partner": "Partner", "member": "Member"}

# By grant status (the facts' `status` is one of the two).
pending_notes := {"pending": " (pending)", "active": ""}

# The tasks held, sorted: "ADVERTISE, ANALYZE"; "access" when there are none.
held(tasks) := concat(", ", tasks) if {
	count(tasks) > 0
} else := "access"

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null

type_label(asset_type) := object.get(lib.asset_type_labels, asset_type, "asset")

# e.g. "ad account `Acme - Prospecting` (act_1)", or "pixel 700" when the name is unknown.
describe_asset(a) := sprintf("%s `%s` (%s)", [type_label(a.type), a.name, a.id]) if {
	is_string(a.name)
} else := sprintf("%s %s", [type_label(a.type), a.id])

# The asset's own page in Business Settings, e.g. "Settings → Accounts → Ad accounts → `Acme`"
# (`lib.asset_settings_path`).
settings_path(a) := sprintf("Settings → %s → %s → %s", [
	settings_group(a.type),
	object.get(lib.asset_type_plurals, a.type, "Other assets"),
	asset_label(a),
])

settings_group(asset_type) := "Data sources" if {
	asset_type in {"pixel", "dataset", "catalog"}
} else := "Accounts"

asset_label(a) := sprintf("`%s`", [a.name]) if {
	is_string(a.name)
} else := a.id

remediation(subject, a) := sprintf(
	"In %s → Partners, remove partner %s; if it should keep working with you, add it back in Settings → Partners → Add and declare its role in the org config (`partners.%s.role`).",
	[settings_path(a), subject.id, subject.id],
) if {
	subject.kind == "partner"
} else := sprintf(
	"In %s → People, remove %s %s; if they should keep access, add them back in Settings → People → Add and give them only the tasks their role needs.",
	[settings_path(a), subject.kind, subject.id],
)
