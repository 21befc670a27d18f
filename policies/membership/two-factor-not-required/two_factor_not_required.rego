# METADATA
# title: Two-factor authentication not required
# description: >-
#   The portfolio does not require two-factor authentication (`two_factor_type` is `none`), so
#   admins and employees can reach ad spend and customer data with a password alone.
# custom:
#   id: two-factor-not-required
#   category: membership
#   severity: medium
#   remediation: >-
#     In Settings → Security Center → Two-factor authentication, choose "Required for admins" or
#     "Required for everyone".
package portfolio_guard.rules.membership.two_factor_not_required

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	input.business.two_factor_type == "none"
	f := {
		"message": sprintf("%s does not require two-factor authentication for anyone (two_factor_type `none`)", [lib.capitalize(lib.facts.business_label)]),
		"subject": {"kind": "business", "id": input.business.id, "name": name_or_null(input.business)},
		"remediation": "In Settings → Security Center → Two-factor authentication, choose \"Required for admins\" (at least) or \"Required for everyone\".",
	}
}

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null
