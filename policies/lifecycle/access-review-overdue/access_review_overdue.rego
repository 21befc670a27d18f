# METADATA
# title: Partner access review overdue
# description: >-
#   A partner with access has never been reviewed (`reviewed_at` missing in the org config), or
#   its last review is more than `thresholds.review_interval_days` (90 by default: the quarterly
#   audit practitioners recommend) before now. Unreviewed partner access drifts: agencies keep
#   tasks and assets long after the work that needed them.
# custom:
#   id: access-review-overdue
#   category: lifecycle
#   severity: medium
#   remediation: >-
#     Review what the partner can reach in Settings → Partners → the partner → Assets, remove what
#     its work no longer needs, then record the date as `partners.<id>.reviewed_at` in the org
#     config.
package portfolio_guard.rules.lifecycle.access_review_overdue

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	# The partners holding a grant (pending counts), from the subjects with grants.
	some key, _ in lib.grants_by_grantee
	s := lib.subjects[key]
	s.kind == "partner"
	s.known
	state := review_state(s.config)
	subject := s.subject
	f := {
		"message": sprintf("%s holds access but %s", [lib.capitalize(lib.describe_subject(subject)), state]),
		"subject": subject,
		"remediation": sprintf("Review what %s can reach in Settings → Partners → %s → Assets and remove what its work no longer needs, then set `partners.%s.reviewed_at` to today's date in the org config.", [
			lib.subject_label(subject),
			lib.subject_label(subject),
			s.id,
		]),
	}
}

interval := data.config.thresholds.review_interval_days

# The partner's review as the message tells it; undefined when its review is recent.
review_state(c) := "has never been reviewed (no `reviewed_at` in the org config)" if {
	not reviewed(c)
} else := sprintf("was last reviewed on %s, %d days ago (reviews are due every %d days)", [
	c.reviewed_at,
	lib.days_since(c.reviewed_at),
	interval,
]) if {
	lib.older_than_days(c.reviewed_at, interval)
}

# Whether the org config records a review (any value but false: null or a malformed value is
# judged as a date, and stays silent when it is none).
reviewed(c) if {
	is_object(c)
	object.get(c, "reviewed_at", false) != false
}
