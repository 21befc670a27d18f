package portfolio_guard.rules.membership.agency_staff_as_members_test

import rego.v1

import data.portfolio_guard.rules.membership.agency_staff_as_members as rule

snapshot := {
	"members": [
		{"id": "200", "kind": "person", "name": "Xavier", "email": "Xavier@EU.AgencyX.example"},
		{"id": "201", "kind": "person", "name": "Ana", "email": "ana@acme.example"},
		{"id": "202", "kind": "person", "name": "Lookalike", "email": "x@notagencyx.example"},
		{"id": "203", "kind": "system_user", "name": "Bot"},
	],
	"partners": [{"id": "300", "name": "Agency X"}],
}

member(id, email) := {"id": id, "kind": "person", "name": concat(" ", ["M", id]), "email": email}

with_members(members) := object.union(snapshot, {"members": members})

test_fail_agency_staff if {
	findings := rule.findings with input as snapshot
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
	findings == {{
		"message": "Member Xavier (200) uses the email Xavier@EU.AgencyX.example, on the domain of partner Agency X (300): the partner's staff should work through its partner access",
		"subject": {"kind": "member", "id": "200", "name": "Xavier"},
		"remediation": "Share the assets Xavier works on with the partner instead (Settings → Partners → Agency X → Assign assets) and let it assign its own people; then remove Xavier in Settings → People → Xavier → Remove.",
	}}
}

test_fail_exact_domain_and_config_case if {
	findings := rule.findings with input as with_members([member("210", "m@agencyx.example")])
		with data.config.partners as {"300": {"domains": [" AgencyX.Example"]}}
	{f.subject.id | some f in findings} == {"210"}
}

test_fail_several_partners_named_in_id_order if {
	findings := rule.findings with input as {
		"members": [member("210", "m@eu.group.example")],
		"partners": [{"id": "302", "name": "Group EU"}, {"id": "301", "name": "Group"}, {"id": "303", "name": "Group Media"}],
	}
		with data.config.partners as {
			"303": {"domains": ["group.example"]},
			"302": {"domains": ["eu.group.example"]},
			"301": {"domains": ["other.example", "group.example"]},
		}
	findings == {{
		"message": "Member M 210 (210) uses the email m@eu.group.example, on the domain of partner Group (301), partner Group EU (302) and partner Group Media (303): the partner's staff should work through its partner access",
		"subject": {"kind": "member", "id": "210", "name": "M 210"},
		"remediation": "Share the assets M 210 works on with the partner instead (Settings → Partners → Group → Assign assets / Settings → Partners → Group EU → Assign assets / Settings → Partners → Group Media → Assign assets) and let it assign its own people; then remove M 210 in Settings → People → M 210 → Remove.",
	}}
}

test_fail_partner_only_in_the_config if {
	findings := rule.findings with input as with_members([member("210", "m@oldagency.example")])
		with data.config.partners as {"399": {"domains": ["oldagency.example"]}}
	findings == {{
		"message": "Member M 210 (210) uses the email m@oldagency.example, on the domain of partner 399 (configured, but not connected to the portfolio): the partner's staff should work through its partner access",
		"subject": {"kind": "member", "id": "210", "name": "M 210"},
		"remediation": "Share the assets M 210 works on with the partner instead (Settings → Partners → Add → business ID 399, then Assign assets) and let it assign its own people; then remove M 210 in Settings → People → M 210 → Remove.",
	}}
}

test_fail_one_finding_per_member_whatever_the_role if {
	findings := rule.findings with input as with_members([
		object.union(member("210", "a@agencyx.example"), {"role": "ADMIN"}),
		object.union(member("211", "b@agencyx.example"), {"role": null}),
		{"id": "212", "kind": "system_user", "name": "Agency bot", "email": "bot@agencyx.example", "role": "EMPLOYEE"},
	])
		with data.config.partners as {"300": {"domains": ["agencyx.example", "AGENCYX.example"]}}
	{f.subject.id | some f in findings} == {"210", "211", "212"}
	count(findings) == 3
}

test_fail_system_user_remediation_path if {
	findings := rule.findings with input as with_members([{"id": "212", "kind": "system_user", "name": "Agency bot", "email": "bot@agencyx.example"}])
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
	{f.remediation | some f in findings} == {"Share the assets Agency bot works on with the partner instead (Settings → Partners → Agency X → Assign assets) and let it assign its own people; then remove Agency bot in Settings → Users → System users → Agency bot → Remove."}
}

test_success_without_partner_domains if {
	count(rule.findings) == 0 with input as snapshot
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"role": "reporting"}}
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"domains": []}}
	count(rule.findings) == 0 with input as snapshot with data.config.partners as {"300": {"domains": null}}
}

test_success_lookalike_and_parent_domains_are_not_the_partner if {
	count(rule.findings) == 0 with input as with_members([
		member("210", "a@notagencyx.example"),
		member("211", "b@agencyx.example.evil"),
		member("212", "c@example"),
		member("213", "d@agencyx-example"),
	])
		with data.config.partners as {"300": {"domains": ["agencyx.example"], "scope": []}}

	# a member on the parent domain is not staff of a partner configured with a subdomain
	count(rule.findings) == 0 with input as with_members([member("210", "a@agencyx.example")])
		with data.config.partners as {"300": {"domains": ["eu.agencyx.example"]}}
}

test_success_unknown_or_malformed_email if {
	count(rule.findings) == 0 with input as with_members([
		member("210", null),
		{"id": "211", "kind": "person", "name": "No email"},
		member("212", "agencyx.example"),
		member("213", "someone@"),
	])
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
}

test_success_no_members if {
	count(rule.findings) == 0 with input as {"partners": [{"id": "300", "name": "Agency X"}]}
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
	count(rule.findings) == 0 with input as {"members": null}
		with data.config.partners as {"300": {"domains": ["agencyx.example"]}}
}

test_domain_and_parents if {
	rule.domain_and_parents("a.b.example") == {"a.b.example", "b.example", "example"}
	rule.domain_and_parents("example") == {"example"}
}

test_partners_by_domain_sorted_ids_per_domain if {
	rule.partners_by_domain == {"a.example": ["1", "3"], "b.example": ["2"], "c.example": ["3"]} with data.config.partners as {
		"3": {"domains": ["c.example", " A.example"]},
		"2": {"domains": ["b.example"]},
		"1": {"domains": ["a.example", "A.EXAMPLE"]},
		"4": {"domains": []},
		"5": {},
	}
	rule.partners_by_domain == {} with data.config.partners as {}
	rule.partners_by_domain == {} with data.config.partners as {"4": {"domains": []}}
}

test_joined if {
	rule.joined(["A"]) == "A"
	rule.joined(["A", "B"]) == "A and B"
	rule.joined(["A", "B", "C"]) == "A, B and C"
}
