# METADATA
# title: Partner without access to any asset
# description: >-
#   A partner business is connected to the portfolio but holds no grant at all (pending requests
#   count as grants). A partner connection nobody uses is a door left open for the next request;
#   or the assets it needs were never shared. Silent when asset access was not exported, or
#   when some asset's partners could not be read.
# custom:
#   id: partner-without-assets
#   category: membership
#   severity: low
#   remediation: >-
#     In Settings → Partners → the partner, assign the assets its work needs, or remove the
#     partner if the engagement is over.
package portfolio_guard.rules.membership.partner_without_assets

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	lib.facts.grants_not_exported == false
	not some_unread("agencies")
	some p in lib.array_or_empty(input.partners)
	s := lib.subjects[concat(":", ["partner", p.id])]
	count(s.grants) == 0
	label := subject_label(s)
	f := {
		"message": sprintf("%s is connected to the portfolio but has access to no asset", [described(s)]),
		"subject": s.subject,
		"remediation": sprintf("In Settings → Partners → %s → Assign assets, share what its work needs, or remove the partner (Settings → Partners → %s → Remove) if the engagement is over.", [
			label,
			label,
		]),
	}
}

# Whether some asset's `edge` could not be read.
some_unread(edge) if count(object.get(lib.facts.unread, edge, [])) > 0

# "Partner Growth (300)", or "Partner 300" when the name is unknown.
described(s) := sprintf("Partner %s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("Partner %s", [s.id])

# The partner as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id
