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

findings contains f if {
	some g in input.grants
	not lib.known_grantee(g.grantee)
	a := lib.assets_by_id[g.asset_id]
	subject := {"kind": g.grantee.kind, "id": g.grantee.id, "name": null}
	f := {
		"message": sprintf("%s holds %s on %s%s, but is not among the portfolio's %ss: access left behind after a removal", [
			lib.capitalize(lib.describe_subject(subject)),
			held(g.tasks),
			lib.describe_asset(a),
			pending_note(g),
			subject.kind,
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(subject, a),
		"tasks": sort({t | some t in g.tasks}),
	}
}

held(tasks) := lib.task_list(tasks) if {
	count(tasks) > 0
} else := "access"

pending_note(g) := " (pending)" if {
	lib.grant_status(g) == "pending"
} else := ""

remediation(subject, a) := sprintf(
	"In %s → Partners, remove partner %s; if it should keep working with you, add it back in Settings → Partners → Add and declare its role in the org config (`partners.%s.role`).",
	[lib.asset_settings_path(a), subject.id, subject.id],
) if {
	subject.kind == "partner"
} else := sprintf(
	"In %s → People, remove %s %s; if they should keep access, add them back in Settings → People → Add and give them only the tasks their role needs.",
	[lib.asset_settings_path(a), subject.kind, subject.id],
)
