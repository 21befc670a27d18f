# METADATA
# title: Stale invitation
# description: >-
#   An invitation to join the portfolio that was neither accepted nor declined is past its
#   expiration time, or older than `thresholds.invitation_max_age_days` (14 by default). An open
#   invitation is a standing offer of access that anyone holding the link or the mailbox can take
#   up. An invitation whose status is unknown stays silent.
# custom:
#   id: stale-invitation
#   category: lifecycle
#   severity: low
#   remediation: >-
#     In Settings → People, open the pending invitation and cancel it; send a new one if the
#     person still needs access.
package portfolio_guard.rules.lifecycle.stale_invitation

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some inv in lib.array_or_empty(input.invitations)
	status := inv.status
	is_string(status)
	not upper(status) in {"ACCEPTED", "DECLINED"}
	reasons := [r | some r in [expired(inv), too_old(inv)]; r != ""]
	count(reasons) > 0
	subject := {"kind": "invitation", "id": inv.id, "name": invitee(inv)}
	f := {
		"message": sprintf("Invitation %s%s is still %s: %s", [inv.id, for_whom(inv), status, concat(" and ", reasons)]),
		"subject": subject,
		"remediation": sprintf("In Settings → People, open the pending invitation%s and cancel it; send a new one if the person still needs access.", [for_whom(inv)]),
	}
}

max_age := data.config.thresholds.invitation_max_age_days

expired(inv) := sprintf("it expired at %s", [inv.expiration_time]) if {
	lib.instant_ns(inv.expiration_time) <= lib.now_ns
} else := ""

too_old(inv) := sprintf("it was sent %d days ago (more than %d)", [lib.days_since(inv.created_time), max_age]) if {
	lib.older_than_days(inv.created_time, max_age)
} else := ""

invitee(inv) := inv.email if {
	is_string(inv.email)
} else := null

for_whom(inv) := sprintf(" for %s", [inv.email]) if {
	is_string(inv.email)
} else := ""
