# METADATA
# title: Access outside the declared scope
# description: >-
#   A partner or member whose `scope` in the org config lists the assets it should reach holds an
#   active grant on an asset outside that list. Scopes are how an agency working on one brand is
#   kept away from the others.
# custom:
#   id: asset-outside-scope
#   category: least-privilege
#   severity: medium
#   remediation: >-
#     Remove the asset from the partner (Settings → Partners → the partner → Assets → the asset →
#     Remove) or the person (Settings → People → the person → Assets). If the scope is out of
#     date, add the asset id to `scope` in the org config.
package portfolio_guard.rules.least_privilege.asset_outside_scope

import rego.v1

import data.portfolio_guard.lib

# Per subject with a declared scope (few), then its grants.
findings contains f if {
	some s in lib.subjects
	s.known
	scope := s.config.scope
	is_array(scope)
	some g in s.grants
	g.status == "active"
	not g.asset_id in scope
	a := g.asset
	is_object(a)
	subject := s.subject
	f := {
		"message": sprintf("%s holds %s on %s, outside its declared scope (%s)", [
			lib.capitalize(lib.describe_subject(subject)),
			lib.task_list(g.tasks),
			lib.describe_asset(a),
			scope_text(scope),
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf("In %s → Remove, take the asset away; if %s should work on it, add `%s` to `%s.scope` in the org config.", [
			lib.subject_asset_path(subject, a),
			lib.subject_label(subject),
			a.id,
			lib.config_key(subject),
		]),
	}
}

scope_text(scope) := lib.sorted_list(scope) if {
	count(scope) > 0
} else := "empty"
