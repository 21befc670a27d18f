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
	some a in lib.array_or_empty(input.assets)
	owner := a.owner_business_id
	is_string(owner)
	owner != ""
	owner != input.business.id
	not lib.facts.partners_by_id[owner]
	described := describe_asset(a)
	business := lib.facts.business_label
	f := {
		"message": sprintf("%s is owned by business %s, which is neither %s nor one of its partners", [
			lib.capitalize(described),
			owner,
			business,
		]),
		"subject": {"kind": "business", "id": owner, "name": null},
		"asset": {"id": a.id, "type": a.type, "name": name_or_null(a)},
		"remediation": sprintf(
			"Find out who business %s is. If %s is yours, have that portfolio's admin transfer it to %s or recreate it in Settings → %s → %s → Add; if the owner is a partner, add it in Settings → Partners → Add; if you use the asset on purpose, record an exception in the org config (rule `asset-owned-elsewhere`, subject `%s`, asset `%s`).",
			[owner, described, business, settings_group(a.type), type_plural(a.type), owner, a.id],
		),
	}
}

name_or_null(x) := x.name if {
	is_string(x.name)
} else := null

type_label(asset_type) := object.get(lib.asset_type_labels, asset_type, "asset")

# e.g. "ad account `Acme - Prospecting` (act_1)", or "pixel 700" when the name is unknown.
describe_asset(a) := sprintf("%s `%s` (%s)", [type_label(a.type), a.name, a.id]) if {
	is_string(a.name)
} else := sprintf("%s %s", [type_label(a.type), a.id])

settings_group(asset_type) := "Data sources" if {
	asset_type in {"pixel", "dataset", "catalog"}
} else := "Accounts"

type_plural(asset_type) := object.get(lib.asset_type_plurals, asset_type, "Other assets")
