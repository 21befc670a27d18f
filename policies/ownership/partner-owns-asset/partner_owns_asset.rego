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
	some a in input.assets
	p := lib.partners_by_id[a.owner_business_id]
	subject := lib.subject_of_partner(p)
	f := {
		"message": sprintf("%s is owned by %s, not by %s, which can lose it when the partnership ends", [
			lib.capitalize(lib.describe_asset(a)),
			lib.describe_subject(subject),
			lib.business_label,
		]),
		"subject": subject,
		"asset": lib.asset_ref(a),
		"remediation": remediation(a, subject),
	}
}

remediation(a, subject) := sprintf(
	"Ask %s to remove %s from its portfolio, then claim it in Settings → Accounts → Pages → Add → Claim a Page and give %s back only the access its role needs in Settings → Partners → %s → Assign assets.",
	[lib.subject_label(subject), lib.describe_asset(a), lib.subject_label(subject), lib.subject_label(subject)],
) if {
	a.type == "page"
} else := sprintf(
	"Meta does not move ad accounts between portfolios: create a replacement in Settings → Accounts → Ad accounts → Add → Create a new ad account, share it with %s in Settings → Partners → %s → Assign assets, move the campaigns over, and ask %s to close %s.",
	[lib.subject_label(subject), lib.subject_label(subject), lib.subject_label(subject), a.id],
) if {
	a.type == "ad_account"
} else := sprintf(
	"Ask %s to transfer %s to %s where Meta allows it, or create a replacement in Settings → %s → %s → Add; then give %s only the access its role needs in Settings → Partners → %s → Assign assets.",
	[
		lib.subject_label(subject), lib.describe_asset(a), lib.business_label,
		lib.asset_settings_group(a.type), lib.asset_type_plural(a.type),
		lib.subject_label(subject), lib.subject_label(subject),
	],
)
