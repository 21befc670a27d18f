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
	not lib.grants_not_exported
	not lib.some_unread("agencies")
	some p in lib.array_or_empty(input.partners)
	not sprintf("partner:%s", [p.id]) in lib.grantees_with_grants
	subject := lib.subject_of_partner(p)
	f := {
		"message": sprintf("%s is connected to the portfolio but has access to no asset", [lib.capitalize(lib.describe_subject(subject))]),
		"subject": subject,
		"remediation": sprintf("In Settings → Partners → %s → Assign assets, share what its work needs, or remove the partner (Settings → Partners → %s → Remove) if the engagement is over.", [
			lib.subject_label(subject),
			lib.subject_label(subject),
		]),
	}
}
