# METADATA
# title: Automation on an ad account without a spending limit
# description: >-
#   A partner or member whose role is marked `automation` (a tool that acts on its own, such as
#   an AI bidding platform) can spend on an ad account (ADVERTISE or full control) whose account
#   spending limit is not set (`spend_cap` 0). A bug or a runaway rule then has no ceiling. An
#   unknown spending limit stays silent.
# custom:
#   id: automation-without-spend-cap
#   category: least-privilege
#   severity: medium
#   remediation: >-
#     Set an account spending limit on the ad account (Billing & payments → Payment settings →
#     Account spending limit), sized to what the automation may spend.
package portfolio_guard.rules.least_privilege.automation_without_spend_cap

import rego.v1

import data.portfolio_guard.lib

# The roles marked as an automation (few), then the known subjects with one, then their grants.
automation_roles := {name | some name, r in lib.config_roles; r.automation == true}

findings contains f if {
	count(automation_roles) > 0
	some s in lib.subjects
	s.role in automation_roles
	some g in s.grants
	g.asset_type == "ad_account"
	a := g.asset
	is_number(a.spend_cap)
	a.spend_cap == 0
	spending := {t | some t in g.tasks; t == "ADVERTISE"} | {t | some t in g.full_control}
	count(spending) > 0
	subject := s.subject
	f := {
		"message": sprintf("%s (role `%s`, an automation) can spend on %s through %s, and the account has no spending limit", [
			lib.capitalize(lib.describe_subject(subject)),
			s.role,
			lib.describe_asset(a),
			lib.task_list(spending),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("Set an account spending limit on %s (Billing & payments → Payment settings → Account spending limit) sized to what %s may spend; until then consider turning off %s in %s.", [
			lib.describe_asset(a),
			lib.subject_label(subject),
			lib.task_list(spending),
			lib.subject_asset_path(subject, a),
		]),
	}
}
