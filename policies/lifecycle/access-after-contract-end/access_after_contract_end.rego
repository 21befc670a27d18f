# METADATA
# title: Access after the contract ended
# description: >-
#   A partner or member whose `contract_end` in the org config has passed still holds an active
#   grant. Access should end when the work ends; leftover access is how former agencies and
#   freelancers keep reaching ad spend and customer data. A date-only contract end covers that
#   whole day.
# custom:
#   id: access-after-contract-end
#   category: lifecycle
#   severity: high
#   remediation: >-
#     Remove the asset from the partner (Settings → Partners → the partner → Assets → the asset →
#     Remove) or from the person (Settings → People → the person → Assets), or remove them from
#     the portfolio altogether. If the contract was extended, update `contract_end` in the org
#     config.
package portfolio_guard.rules.lifecycle.access_after_contract_end

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	# The known subjects the org config declares whose contract ended, then their grants
	# (rather than every grant and then its subject); the subject's words once per subject.
	some key in lib.facts.declared
	s := lib.subjects[key]
	end := s.config.contract_end
	lib.ended(end)
	subject := s.subject
	who := lib.capitalize(lib.describe_subject(subject))
	label := lib.subject_label(subject)
	settings_path := lib.subject_settings_path(subject)
	config_key := lib.config_key(subject)
	some g in s.grants
	g.status == "active"
	a := g.asset
	a != null
	f := {
		"message": sprintf("%s still holds %s on %s although its contract ended on %s", [
			who,
			lib.task_list(g.tasks),
			lib.describe_asset(a),
			end,
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("In %s → Remove, take the access away (or remove %s from the portfolio in %s → Remove); if the contract was extended, update `%s.contract_end` in the org config.", [
			lib.subject_asset_path(subject, a),
			label,
			settings_path,
			config_key,
		]),
	}
}
