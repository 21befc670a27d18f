# METADATA
# title: Agency staff added as members
# description: >-
#   A member's email is on one of a partner's configured `domains` (or a subdomain of one): the
#   partner's people were added to the portfolio one by one instead of working through the
#   partner's access. Individual logins outlive the engagement, bypass the partner's own
#   offboarding, and are invisible when the partner is reviewed.
# custom:
#   id: agency-staff-as-members
#   category: membership
#   severity: medium
#   remediation: >-
#     Share the assets with the partner (Settings → Partners → the partner → Assign assets) and
#     let it assign its own people; then remove the person in Settings → People.
package portfolio_guard.rules.membership.agency_staff_as_members

import rego.v1

import data.portfolio_guard.lib

# [domain, partner id] for every domain (trimmed, lower-cased) a partner of the org config uses,
# sorted (by domain, then id) and without repeats.
domain_pairs := sort({[trim_space(lower(d)), id] |
	some id, c in data.config.partners
	some d in lib.array_or_empty(c.domains)
})

# Domain -> the sorted ids of the partners that use it: built once, looked up per member. Each
# domain's pairs are one run of `domain_pairs`, taken with `array.slice`: linear in both
# regorus and OPA (a comprehension per domain over every pair would be quadratic in regorus,
# which does not index comprehensions; a partial set looked up per member, in OPA).
partners_by_domain := {domain_pairs[start][0]: [pair[1] | some pair in array.slice(domain_pairs, start, run_end(k))] |
	some k, start in run_starts
}

# Where each domain's run starts in `domain_pairs`, in order.
run_starts := [i |
	some i, pair in domain_pairs
	starts_run(i, pair[0])
]

starts_run(0, _) := true

starts_run(i, domain) if domain_pairs[i - 1][0] != domain

# Where the k-th run ends (exclusive): where the next one starts, or the end of the pairs.
run_end(k) := run_starts[k + 1] if {
	k + 1 < count(run_starts)
} else := count(domain_pairs)

# A domain and every parent domain of it: "a.b.example" -> {"a.b.example", "b.example", "example"}.
# A member on a subdomain of a partner's domain is that partner's staff, as a subdomain of a
# trusted domain is internal (`lib.is_trusted_domain`).
domain_and_parents(d) := {concat(".", array.slice(parts, i, count(parts))) |
	parts := split(d, ".")
	some i in numbers.range(0, count(parts) - 1)
}

members := lib.array_or_empty(input.members)

# The members' email domains that are a partner's domain or under one -> the sorted ids of those
# partners. Each distinct domain is judged once (members share a few domains); when none is a
# partner's, the members are not looked at again.
partners_of_domain := {domain: ids |
	some domain in {lib.email_domain(m.email) | some m in members}
	ids := sort({id | some d in domain_and_parents(domain); some id in partners_by_domain[d]})
	count(ids) > 0
}

findings contains f if {
	count(partners_of_domain) > 0
	some m in members
	ids := partners_of_domain[lib.email_domain(m.email)]
	s := lib.subjects[concat(":", ["member", m.id])]
	label := subject_label(s)
	f := {
		"message": sprintf("%s uses the email %s, on the domain of %s: the partner's staff should work through its partner access", [
			described(s),
			m.email,
			joined([partner_name(id) | some id in ids]),
		]),
		"subject": s.subject,
		"remediation": sprintf("Share the assets %s works on with the partner instead (%s) and let it assign its own people; then remove %s in Settings → %s → %s → Remove.", [
			label,
			concat(" / ", [partner_path(id) | some id in ids]),
			label,
			people_list(s),
			label,
		]),
	}
}

# "A", "A and B", "A, B and C".
joined(xs) := xs[0] if {
	count(xs) == 1
} else := concat(" and ", [concat(", ", array.slice(xs, 0, count(xs) - 1)), xs[count(xs) - 1]])

# "Member Dana (200)", or "Member 200" when the name is unknown.
described(s) := sprintf("Member %s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("Member %s", [s.id])

# A member or partner as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id

# The Business Settings list a member is in: system users have their own.
people_list(s) := "Users → System users" if {
	s.member_kind == "system_user"
} else := "People"

# A connected partner's subject facts, by id.
partner(id) := p if {
	p := lib.subjects[concat(":", ["partner", id])]
	p.known
}

partner_name(id) := sprintf("partner %s (%s)", [p.name, id]) if {
	p := partner(id)
	is_string(p.name)
} else := sprintf("partner %s", [id]) if {
	partner(id)
} else := sprintf("partner %s (configured, but not connected to the portfolio)", [id])

# Where the partner gets the assets: a connected partner in its own page; one that is only in
# the org config has to be added first, by its business ID.
partner_path(id) := sprintf("Settings → Partners → %s → Assign assets", [subject_label(p)]) if {
	p := partner(id)
} else := sprintf("Settings → Partners → Add → business ID %s, then Assign assets", [id])
