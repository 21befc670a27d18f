# METADATA
# title: Partner owns a business asset
# description: >-
#   An asset the business uses is owned by one of its partners' portfolios. The partner
#   should only have access: whoever owns an asset decides who keeps it, so the business can
#   be locked out of its own ad account, Page or data when the partnership ends.
# custom:
#   id: partner-owns-asset
#   category: ownership
#   severity: critical
#   remediation: >-
#     Bring the asset into your own portfolio and give the partner access instead. A Page can
#     be claimed once the partner releases it (Settings → Accounts → Pages → Add → Claim a
#     Page); Meta does not move ad accounts between portfolios, so create a new one in
#     Settings → Accounts → Ad accounts → Add and move the campaigns. Then share it with the
#     partner in Settings → Partners → the partner → Assign assets.
package portfolio_guard.rules.ownership.partner_owns_asset

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some a in lib.array_or_empty(input.assets)
	p := lib.facts.partners_by_id[a.owner_business_id]
	s := lib.subjects[concat(":", ["partner", p.id])]
	f := {
		"message": sprintf("%s is owned by %s, not by %s, which can lose it when the partnership ends", [
			lib.capitalize(describe_asset(a)),
			describe_partner(s),
			lib.facts.business_label,
		]),
		"subject": s.subject,
		"asset": {"id": a.id, "type": a.type, "name": name_or_null(a)},
		"remediation": remediation(a, subject_label(s)),
	}
}

# e.g. "partner Growth Agency Ltd (300)", or "partner 300" when the name is unknown.
describe_partner(s) := sprintf("partner %s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("partner %s", [s.id])

# The partner as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id

remediation(a, label) := sprintf(
	"Ask %s to remove %s from its portfolio, then claim it in Settings → Accounts → Pages → Add → Claim a Page and give %s back only the access its role needs in Settings → Partners → %s → Assign assets.",
	[label, describe_asset(a), label, label],
) if {
	a.type == "page"
} else := sprintf(
	"Meta does not move ad accounts between portfolios: create a replacement in Settings → Accounts → Ad accounts → Add → Create a new ad account, share it with %s in Settings → Partners → %s → Assign assets, move the campaigns over, and ask %s to close %s.",
	[label, label, label, a.id],
) if {
	a.type == "ad_account"
} else := sprintf(
	"Ask %s to transfer %s to %s where Meta allows it, or create a replacement in Settings → %s → %s → Add; then give %s only the access its role needs in Settings → Partners → %s → Assign assets.",
	[
		label, describe_asset(a), lib.facts.business_label,
		settings_group(a.type), type_plural(a.type),
		label, label,
	],
)

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
