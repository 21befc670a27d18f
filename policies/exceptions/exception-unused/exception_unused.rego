# METADATA
# title: Accepted risk matches nothing
# description: >-
#   An exception in the org config suppressed no finding: the risk it accepted is gone, or it
#   names the wrong rule, subject or asset (or a disabled rule). Stale exceptions hide the next
#   real finding that happens to match them.
# custom:
#   id: exception-unused
#   category: exceptions
#   severity: low
#   remediation: >-
#     Delete the exception from the org config if the risk is gone; otherwise correct its `rule`,
#     `subject` or `asset` to the ids the report shows for the finding you meant to accept.
package portfolio_guard.rules.exceptions.exception_unused

import rego.v1

import data.portfolio_guard.lib

matched := {i | some i in data.runtime.matched_exceptions}

findings contains f if {
	some i, e in data.config.exceptions
	not expired(e)
	not i in matched
	subject := lib.subject_of_exception(i, e)
	f := {
		"message": sprintf("Exception %s (%s) matched no finding: the risk it accepts is gone, or it does not name the finding it was meant for", [
			subject.id,
			subject.name,
		]),
		"subject": subject,
		"remediation": sprintf(
			"If the risk is gone, delete %s from the org config; otherwise correct its `rule`, `subject` or `asset` to the ids the report shows for the finding (and check that `%s` is not in `rules.disabled`).",
			[subject.id, e.rule],
		),
	}
}

# Written positively (`not lib.ended(e.expires)` would be undefined in OPA for an exception
# without `expires`): an expired exception is reported by `exception-expired` instead.
expired(e) if lib.ended(e.expires)
