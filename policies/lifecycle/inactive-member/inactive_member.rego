# METADATA
# title: Inactive member
# description: >-
#   A member's last activity is more than `thresholds.inactive_days` (90 by default) before now.
#   Dormant logins keep their access, are rarely watched, and are the ones taken over.
# custom:
#   id: inactive-member
#   category: lifecycle
#   severity: medium
#   remediation: >-
#     In Settings → People → the person, remove them if they no longer need access, or reduce
#     their assets to what they still use; if they are away on purpose, record an exception with
#     an expiry.
package portfolio_guard.rules.lifecycle.inactive_member

import rego.v1

import data.portfolio_guard.lib

inactive_days := data.config.thresholds.inactive_days

findings contains f if {
	some m in lib.array_or_empty(input.members)
	lib.older_than_days(m.last_active_time, inactive_days)
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s was last active on %s, %d days ago (more than %d)", [
			lib.capitalize(lib.describe_subject(subject)),
			m.last_active_time,
			lib.days_since(m.last_active_time),
			inactive_days,
		]),
		"subject": subject,
		"remediation": sprintf("In %s, remove %s if they no longer need access (Remove), or reduce their assets to what they still use; if the absence is planned, record an exception for `inactive-member` with an expiry.", [
			lib.subject_settings_path(subject),
			lib.subject_label(subject),
		]),
	}
}
