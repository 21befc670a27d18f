# METADATA
# title: Accepted risk has expired
# description: >-
#   An exception in the org config is past its `expires` date (a date-only value covers that
#   whole day, UTC). It no longer suppresses anything, so the risk it accepted is reported again
#   until someone decides to renew it or fix it.
# custom:
#   id: exception-expired
#   category: exceptions
#   severity: medium
#   remediation: >-
#     Ask the exception's owner whether the risk is still accepted. If it is, give the exception a
#     new `expires` date (and an up-to-date `reason`) in the org config; if not, fix the finding it
#     covered in Business Settings and delete the exception.
package portfolio_guard.rules.exceptions.exception_expired

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some i, e in data.config.exceptions
	lib.ended(e.expires)
	subject := lib.subject_of_exception(i, e)
	f := {
		"message": sprintf("Exception %s (%s, owner %s) expired %s and no longer suppresses anything", [
			subject.id,
			subject.name,
			owner(e),
			expiry(e.expires),
		]),
		"subject": subject,
		"remediation": sprintf(
			"Ask %s whether the risk is still accepted: if so, set a new `expires` date and reason on %s in the org config; if not, fix the %s finding for %s in Business Settings and delete the exception.",
			[owner(e), subject.id, e.rule, e.subject],
		),
	}
}

owner(e) := e.owner if {
	is_string(e.owner)
} else := "its owner"

# A date-only value covers its whole day.
expiry(s) := sprintf("at the end of %s", [s]) if {
	lib.is_date(s)
} else := sprintf("at %s", [s])
