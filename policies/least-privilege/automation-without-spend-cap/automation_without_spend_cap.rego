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

findings contains f if {
	# The known subjects whose role is an automation, then their grants.
	some key, role_name in lib.declared_role_names
	lib.config_roles[role_name].automation == true
	some g in lib.grants_by_grantee[key]
	a := lib.assets_by_id[g.asset_id]
	a.type == "ad_account"
	is_number(a.spend_cap)
	a.spend_cap == 0
	spending := spending_tasks(g.tasks)
	count(spending) > 0
	subject := lib.subject_of_grantee(g.grantee)
	f := {
		"message": sprintf("%s (role `%s`, an automation) can spend on %s through %s, and the account has no spending limit", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.role_name(g.grantee),
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

spending_tasks(tasks) := {t | some t in tasks; t == "ADVERTISE"} | lib.full_control_held("ad_account", tasks)
