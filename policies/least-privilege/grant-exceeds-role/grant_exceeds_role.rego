# METADATA
# title: Access beyond the role
# description: >-
#   A partner or member with a declared role holds, on an asset, tasks its role does not allow
#   on that asset type, or holds access to a type its role does not use at all. Every task
#   beyond the job is risk: more people who can spend, publish or export data. Pending requests
#   count: a pending request that asks for more than the role is to be declined and asked again
#   with only what the role allows (and `stale-pending-request` does not also report it). A
#   partner's full-control task is left to `partner-full-control`.
# custom:
#   id: grant-exceeds-role
#   category: least-privilege
#   severity: high
#   remediation: >-
#     In Business Settings open the partner (Settings → Partners → the partner → Assets) or the
#     person (Settings → People → the person → Assets), select the asset, and turn off the tasks
#     the role does not allow, or remove the asset if the role needs no access to it. If the job
#     really changed, change the role in the org config. A pending request: decline it in
#     Settings → Requests and ask for one with only the tasks the role allows.
package portfolio_guard.rules.least_privilege.grant_exceeds_role

import rego.v1

import data.portfolio_guard.lib

# The subjects with a declared role (known, declared, the role defined in `roles`), then their
# grants: a grant's `allowed` is the role's tasks on its asset's type.
findings contains f if {
	some k in lib.facts.declared
	s := lib.subjects[k]
	is_string(s.role)
	some g in s.grants
	g.beyond != []
	excess := {t |
		some t in g.beyond
		not left_to_partner_full_control(s, g, t)
	}
	count(excess) > 0
	a := g.asset
	w := lib.facts.asset_words[a.id]
	allowed := g.allowed
	f := {
		"message": sprintf("%s holds %s on %s%s; its role `%s` %s", [
			s.described_capitalized,
			concat(", ", sort(excess)),
			w.described,
			pending_note(g),
			g.role,
			allows(allowed, w),
		]),
		"subject": s.subject,
		"asset": w.ref,
		"remediation": remediation(g, s, w, allowed, excess),
		"excess_tasks": sort(excess),
	}
}

# A partner's full-control task (its raw code) is `partner-full-control`'s.
left_to_partner_full_control(s, g, t) if {
	s.kind == "partner"
	t in g.full_control
}

pending_note(g) := " (pending request)" if {
	g.status == "pending"
} else := ""

allows(allowed, w) := sprintf("allows %s there", [concat(", ", allowed)]) if {
	count(allowed) > 0
} else := sprintf("needs no access to %s", [lower(w.plural)])

# A pending request is not turned off task by task: it is declined, and the partner asked to
# request only what the role allows (one instruction; `stale-pending-request` stays quiet).
remediation(g, s, w, allowed, excess) := sprintf("In Settings → Requests, decline %s's pending request for %s, which asks for %s beyond its role `%s`, and ask %s to request only %s; if %s's job really needs them, change its role (`%s.role` in the org config) or record an exception.", [
	s.label,
	w.label,
	concat(", ", sort(excess)),
	g.role,
	s.label,
	concat(", ", allowed),
	s.label,
	s.config_key,
]) if {
	g.status == "pending"
	count(allowed) > 0
} else := sprintf("In Settings → Requests, decline %s's pending request for %s: role `%s` needs no access to %s; if %s's job really needs it, change its role (`%s.role` in the org config) or record an exception.", [
	s.label,
	w.label,
	g.role,
	lower(w.plural),
	s.label,
	s.config_key,
]) if {
	g.status == "pending"
} else := sprintf("In %s → %s → %s, turn off %s and keep %s; if %s's job really needs them, change its role (`%s.role` in the org config) or record an exception.", [
	s.assets_path,
	w.plural,
	w.label,
	concat(", ", sort(excess)),
	concat(", ", allowed),
	s.label,
	s.config_key,
]) if {
	count(allowed) > 0
} else := sprintf("In %s → %s → %s → Remove, take the asset away: role `%s` needs no access to %s; if %s's job really needs it, change its role (`%s.role` in the org config) or record an exception.", [
	s.assets_path,
	w.plural,
	w.label,
	g.role,
	lower(w.plural),
	s.label,
	s.config_key,
])
