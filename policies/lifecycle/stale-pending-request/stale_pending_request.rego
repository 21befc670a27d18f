# METADATA
# title: Access request pending too long
# description: >-
#   A grant has been `pending` (a partner request nobody confirmed) for more than
#   `thresholds.pending_request_max_age_days` (7 by default) since it was requested. The partner
#   still cannot work, so the campaign it was hired for stalls.
# custom:
#   id: stale-pending-request
#   category: lifecycle
#   severity: low
#   remediation: >-
#     In Settings → Requests, approve the request if the tasks match the partner's role, or
#     decline it and agree with the partner on what to request instead.
package portfolio_guard.rules.lifecycle.stale_pending_request

import rego.v1

import data.portfolio_guard.lib

max_age := data.config.thresholds.pending_request_max_age_days

findings contains f if {
	some g in lib.array_or_empty(input.grants)
	lib.grant_status(g) == "pending"
	lib.known_grantee(g.grantee)
	lib.older_than_days(g.requested_time, max_age)
	a := lib.assets_by_id[g.asset_id]
	subject := lib.subject_of_grantee(g.grantee)
	f := {
		"message": sprintf("%s's request for %s on %s has been pending since %s, %d days (more than %d): it still cannot work on it", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.task_list(g.tasks),
			lib.describe_asset(a),
			g.requested_time,
			lib.days_since(g.requested_time),
			max_age,
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("In Settings → Requests, approve %s's request for %s if those tasks match what its role needs, or decline it and agree with %s what to request instead.", [
			lib.subject_label(subject),
			lib.asset_label(a),
			lib.subject_label(subject),
		]),
	}
}
