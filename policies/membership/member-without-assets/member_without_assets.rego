# METADATA
# title: Member without access to any asset
# description: >-
#   A member with partial access (a portfolio role other than ADMIN) has no active grant on any
#   asset: added, but unable to see anything. Either someone forgot to assign their assets, or
#   the login is no longer needed. Silent when the snapshot says asset access was not exported,
#   or that some asset's people could not be read.
# custom:
#   id: member-without-assets
#   category: membership
#   severity: low
#   remediation: >-
#     In Settings → People → the person → Assign assets, give them what their work needs, or
#     remove them from the portfolio if they no longer need access.
package portfolio_guard.rules.membership.member_without_assets

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	lib.facts.grants_not_exported == false
	not some_unread("assigned_users")

	# the subjects without an active grant are few: start from them, not from every member
	some s in lib.subjects
	s.active == false
	s.kind == "member"
	m := lib.facts.members_by_id[s.id]
	is_string(m.role)
	m.role != "ADMIN"
	label := subject_label(s)
	path := sprintf("Settings → %s → %s", [people_list(s), label])
	f := {
		"message": sprintf("%s is in the portfolio (role %s) but has no active access to any asset", [
			described(s),
			m.role,
		]),
		"subject": s.subject,
		"remediation": sprintf("In %s → Assign assets, give %s the assets their work needs, or remove them from the portfolio (%s → Remove) if they no longer need access.", [
			path,
			label,
			path,
		]),
	}
}

# Whether some asset's `edge` could not be read.
some_unread(edge) if count(object.get(lib.facts.unread, edge, [])) > 0

# "Member Dana (200)", or "Member 200" when the name is unknown.
described(s) := sprintf("Member %s (%s)", [s.name, s.id]) if {
	is_string(s.name)
} else := sprintf("Member %s", [s.id])

# The member as people know it: its name, else its id.
subject_label(s) := s.name if {
	is_string(s.name)
} else := s.id

# The Business Settings list a member is in: system users have their own.
people_list(s) := "Users → System users" if {
	s.member_kind == "system_user"
} else := "People"
