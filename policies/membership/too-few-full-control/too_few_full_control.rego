# METADATA
# title: Too few trusted people with full control
# description: >-
#   Fewer people on the business's own domains (members of kind `person`, not external; system
#   users do not count) hold the portfolio role ADMIN than `thresholds.min_full_control_members`
#   (2 by default). If the only admin leaves, loses their login or is locked out, the business
#   loses control of its own portfolio.
# custom:
#   id: too-few-full-control
#   category: membership
#   severity: high
#   remediation: >-
#     Add a second trusted person with full control: Settings → People → Add people, enter a
#     company email, choose Full control. Ask them to turn on two-factor authentication.
package portfolio_guard.rules.membership.too_few_full_control

import rego.v1

import data.portfolio_guard.lib

min_admins := data.config.thresholds.min_full_control_members

findings contains f if {
	trusted := [m |
		some m in lib.array_or_empty(input.members)
		m.role == "ADMIN"
		m.kind == "person"
		not lib.is_external(m)
	]
	count(trusted) < min_admins
	f := {
		"message": sprintf("%s: at least %d %s needed so the business keeps control of its portfolio if one of them leaves or is locked out", [
			who(trusted),
			min_admins,
			are(min_admins),
		]),
		"subject": {"kind": "business", "id": input.business.id, "name": name_or_null(input.business)},
		"remediation": sprintf("In Settings → People → Add people, invite %d more trusted %s with a company email and choose Full control; ask them to turn on two-factor authentication.", [
			min_admins - count(trusted),
			plural(min_admins - count(trusted)),
		]),
	}
}

who(trusted) := sprintf("No person%s has full control of the portfolio (ADMIN)", [own_domains]) if {
	count(trusted) == 0
} else := sprintf("Only 1 person%s (%s) has full control of the portfolio (ADMIN)", [own_domains, names(trusted)]) if {
	count(trusted) == 1
} else := sprintf("Only %d people%s (%s) have full control of the portfolio (ADMIN)", [count(trusted), own_domains, names(trusted)])

# Who counts is judged against `trusted_domains` only when it is set.
own_domains := " on the business's own domains" if {
	count(lib.trusted_domains) > 0
} else := ""

names(members) := concat(", ", sort([label(m) | some m in members]))

# A member as people know it: its name, else its id.
label(m) := m.name if {
	is_string(m.name)
} else := m.id

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null

are(1) := "is"

are(n) := "are" if n != 1

plural(1) := "person"

plural(n) := "people" if n != 1
