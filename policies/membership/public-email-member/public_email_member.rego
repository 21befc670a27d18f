# METADATA
# title: Member on a public webmail address
# description: >-
#   A member's email is on a public webmail domain (`public_email_domains`: gmail.com,
#   outlook.com, …). Nobody at the business controls that mailbox or its recovery, and it stays
#   with the person when they leave.
# custom:
#   id: public-email-member
#   category: membership
#   severity: low
#   remediation: >-
#     Invite the person again with a company address (Settings → People → Add people), give that
#     login the same assets, and remove the webmail one. If the domain is not webmail, change
#     `public_email_domains` in the org config.
package portfolio_guard.rules.membership.public_email_member

import rego.v1

import data.portfolio_guard.lib

findings contains f if {
	some m in lib.array_or_empty(input.members)
	lib.is_public_email(m)
	subject := lib.subject_of_member(m)
	f := {
		"message": sprintf("%s logs in with %s, a public webmail address nobody at %s controls", [
			lib.capitalize(lib.describe_subject(subject)),
			m.email,
			lib.business_label,
		]),
		"subject": subject,
		"remediation": sprintf("Invite %s again with a company email (Settings → People → Add people), assign that login the same assets, then remove the webmail one in %s → Remove; if %s is not webmail, remove it from `public_email_domains` in the org config.", [
			lib.subject_label(subject),
			lib.subject_settings_path(subject),
			lib.email_domain(m.email),
		]),
	}
}
