# METADATA
# title: Access request pending too long
# description: >-
#   A grant has been `pending` (a partner request nobody confirmed) for more than
#   `thresholds.pending_request_max_age_days` (7 by default) since it was requested. The partner
#   still cannot work, so the campaign it was hired for stalls. A request that asks for more than
#   the partner's role allows is left to `grant-exceeds-role` and `partner-full-control`, which
#   say to decline it: each pending request gets one instruction.
# custom:
#   id: stale-pending-request
#   category: lifecycle
#   severity: low
#   remediation: >-
#     In Settings → Requests, approve the request: its tasks are within the partner's role. With
#     no role declared yet, declare it first, then approve the request or decline it.
package portfolio_guard.rules.lifecycle.stale_pending_request

import rego.v1

import data.portfolio_guard.lib

max_age := data.config.thresholds.pending_request_max_age_days

findings contains f if {
	some g in lib.grants
	g.status == "pending"
	g.known
	a := g.asset
	a != null
	lib.older_than_days(g.requested_time, max_age)
	within_role(g)
	subject := g.subject
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
		"remediation": remediation(g, subject, a),
	}
}

# The request asks for nothing beyond the role (or no role is declared yet): nothing else tells
# the user what to do with it. Written positively, so OPA and regorus read it the same way.
within_role(g) if {
	g.role == null
	not partner_full_control_request(g)
} else if {
	g.role != null
	count({t | some t in g.normalized} - {t | some t in g.allowed}) == 0
}

remediation(g, subject, a) := sprintf("In Settings → Requests, approve %s's request for %s: the tasks it asks for are within its role `%s`.", [
	lib.subject_label(subject),
	lib.asset_label(a),
	g.role,
]) if {
	g.role != null
} else := sprintf("Declare %s's role (`%s.role` in the org config); then, in Settings → Requests, approve its request for %s if the tasks fit that role, or decline it and agree with %s what to request instead.", [
	lib.subject_label(subject),
	lib.config_key(subject),
	lib.asset_label(a),
	lib.subject_label(subject),
])

# `partner-full-control` reports (and says to decline) a partner's request for full control
# whatever its role.
partner_full_control_request(g) if {
	g.grantee.kind == "partner"
	count(g.full_control) > 0
}
