# METADATA
# title: Temporary access without an end date
# description: >-
#   A partner or member the org config marks `temporary` holds a grant with no `expires_time`.
#   Temporary work with permanent access is how access outlives the job: nobody remembers to
#   take it away.
# custom:
#   id: temporary-access-without-expiry
#   category: lifecycle
#   severity: low
#   remediation: >-
#     Re-share the asset as temporary access with an end date (Business Settings offers temporary
#     access of 3 to 75 days when assigning a person or partner), or calendar its removal. If the
#     access is no longer temporary, set `temporary: false` in the org config.
package portfolio_guard.rules.lifecycle.temporary_access_without_expiry

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	# The known subjects the org config declares temporary, then their grants (rather than
	# every grant and then its subject).
	some key in lib.facts.declared
	s := lib.subjects[key]
	s.config.temporary == true
	some g in s.grants
	not has_expiry(g)
	a := g.asset
	a != null
	subject := g.subject
	f := {
		"message": sprintf("%s is declared temporary but holds %s on %s with no end date", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.task_list(g.tasks),
			lib.describe_asset(a),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("In %s, remove the access and assign it again as temporary access with an end date (or note when to remove it); if %s is no longer temporary, set `%s.temporary` to false in the org config.", [
			lib.subject_asset_path(subject, a),
			lib.subject_label(subject),
			lib.config_key(subject),
		]),
	}
}

# The grant has an end date. Tested positively: `not is_string(g.expires_time)` would be
# undefined in OPA for a grant without the field (OPA evaluates the argument first).
has_expiry(g) if is_string(g.expires_time)
