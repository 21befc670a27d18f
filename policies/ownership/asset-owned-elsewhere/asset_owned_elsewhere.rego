# METADATA
# title: Asset owned by an unknown business
# description: >-
#   An asset in the snapshot is owned by a portfolio that is neither the audited business nor
#   one of its partners. Nobody in the business controls who that owner lets in, or whether
#   the asset stays available.
# custom:
#   id: asset-owned-elsewhere
#   category: ownership
#   severity: high
#   remediation: >-
#     Find out which business owns the asset. If the asset is yours, have that portfolio's admin
#     transfer it to you, or create a replacement in your own portfolio (Settings → Accounts →
#     Add). If the owner works with you as a partner, add it in Settings → Partners. If you use
#     someone else's asset on purpose, record an exception for it in the org config.
package portfolio_guard.rules.ownership.asset_owned_elsewhere

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some a in input.assets
	owner := a.owner_business_id
	is_string(owner)
	owner != ""
	owner != input.business.id
	not lib.partners_by_id[owner]
	subject := {"kind": "business", "id": owner, "name": null}
	f := {
		"message": sprintf("%s is owned by business %s, which is neither %s nor one of its partners", [
			lib.capitalize(lib.describe_asset(a)),
			owner,
			lib.business_label,
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": sprintf(
			"Find out who business %s is. If %s is yours, have that portfolio's admin transfer it to %s or recreate it in Settings → %s → %s → Add; if the owner is a partner, add it in Settings → Partners → Add; if you use the asset on purpose, record an exception in the org config (rule `asset-owned-elsewhere`, subject `%s`, asset `%s`).",
			[owner, lib.describe_asset(a), lib.business_label, lib.asset_settings_group(a.type), lib.asset_type_plural(a.type), owner, a.id],
		),
	}
}
