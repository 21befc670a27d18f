# METADATA
# title: External person with financial access
# description: >-
#   A member whose email is outside the business's trusted domains holds a finance permission
#   (finance editor or analyst) or a FINANCE_* portfolio role: someone outside the business can
#   see, or change, payment methods, invoices and spend. Judged only when `trusted_domains` is
#   set.
# custom:
#   id: external-finance-access
#   category: least-privilege
#   severity: high
#   remediation: >-
#     In Settings → People → the person, turn off financial access (Finance editor / Finance
#     analyst); give billing work to someone on the business's own domains.
package portfolio_guard.rules.least_privilege.external_finance_access

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	lib.is_external(m)
	access := finance_access(m)
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s (%s) is outside the trusted domains (%s) but has financial access: %s", [
			lib.capitalize(lib.describe_subject(subject)),
			m.email,
			lib.sorted_list(lib.trusted_domains),
			access,
		]),
		"subject": subject,
		"remediation": sprintf("In %s, turn off financial access (Finance editor / Finance analyst) and give billing work to someone on your own domains; if %s is one of your domains, add it to `trusted_domains` in the org config.", [
			lib.subject_settings_path(subject),
			lib.email_domain(m.email),
		]),
	}
}

finance_access(m) := concat(" and ", [x | some x in [permission(m), role(m)]; x != ""]) if {
	concat("", [permission(m), role(m)]) != ""
}

permission(m) := sprintf("finance permission %s", [m.finance_permission]) if {
	is_string(m.finance_permission)
	m.finance_permission != ""
} else := ""

role(m) := sprintf("portfolio role %s", [m.role]) if {
	is_string(m.role)
	startswith(m.role, "FINANCE_")
} else := ""
