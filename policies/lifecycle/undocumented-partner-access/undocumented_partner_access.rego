# METADATA
# title: Partner access without a justification
# description: >-
#   A partner with access has no `justification` in the org config (the engagement, statement of
#   work or contract it works under). Access nobody can explain is access nobody will defend, or
#   remove, at the next review.
# custom:
#   id: undocumented-partner-access
#   category: lifecycle
#   severity: low
#   remediation: >-
#     Record why the partner has access as `partners.<id>.justification` in the org config (e.g.
#     "SOW 2024-07, paid social"); if nobody knows, remove the partner in Settings → Partners.
package portfolio_guard.rules.lifecycle.undocumented_partner_access

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some p in lib.array_or_empty(input.partners)
	sprintf("partner:%s", [p.id]) in lib.grantees_with_grants
	not justified(p.id)
	subject := lib.subject_of_partner(p)
	f := {
		"message": sprintf("%s holds access but the org config records no justification for it", [lib.capitalize(lib.describe_subject(subject))]),
		"subject": subject,
		"remediation": sprintf("Record why %s has access as `partners.%s.justification` in the org config (the engagement or statement of work); if nobody can say, remove it in Settings → Partners → %s → Remove.", [
			lib.subject_label(subject),
			p.id,
			lib.subject_label(subject),
		]),
	}
}

justified(id) if {
	j := data.config.partners[id].justification
	is_string(j)
	trim_space(j) != ""
}
