# METADATA
# title: Too many people with full control
# description: >-
#   More members hold the portfolio role ADMIN (full control) than
#   `thresholds.max_full_control_members` (5 by default). Every admin can add people, remove
#   other admins and take over every asset; each one more is one more login to steal.
# custom:
#   id: too-many-full-control
#   category: membership
#   severity: medium
#   remediation: >-
#     In Settings → People, change Full control to Partial access for everyone who does not
#     manage the portfolio itself, keeping their assets. If the business really needs more
#     admins, raise `thresholds.max_full_control_members` in the org config.
package portfolio_guard.rules.membership.too_many_full_control

import rego.v1

import data.portfolio_guard.lib

max_admins := data.config.thresholds.max_full_control_members

findings contains f if {
	admins := [m | some m in lib.array_or_empty(input.members); m.role == "ADMIN"]
	count(admins) > max_admins
	names := sort([label(m) | some m in admins])
	f := {
		"message": sprintf("%d members have full control of the portfolio (ADMIN), more than the %d allowed: %s", [
			count(admins),
			max_admins,
			concat(", ", names),
		]),
		"subject": {"kind": "business", "id": input.business.id, "name": name_or_null(input.business)},
		"remediation": sprintf("In Settings → People, change Full control to Partial access for those of %s who do not manage the portfolio itself (keep their assets); if %s really needs more admins, raise `thresholds.max_full_control_members` in the org config.", [
			concat(", ", names),
			lib.facts.business_label,
		]),
	}
}

# A member as people know it: its name, else its id.
label(m) := m.name if {
	is_string(m.name)
} else := m.id

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null
