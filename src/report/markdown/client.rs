//! The client's Markdown report: what a business owner reads, without the internals of the
//! check (rule ids, exception ids, the tool, the rule appendix, the findings' `details`).

use super::{by_severity, capitalized, literal, names, push_summary, push_warnings, text, At};
use crate::report::table::named;
use crate::report::{headline, report_date, Finding, Report, Suppressed};
use std::fmt::Write as _;

/// The report as Markdown to hand to a client: `# Access review: <business> — <date>`, the
/// headline, warnings, the counts, then the findings by severity, each with who and what it is
/// about, "What is wrong" and "How to fix it", and the accepted risks with who accepted them
/// and until when.
///
/// It leaves out what only the person running the check needs: rule ids, exception ids, the
/// tool, the rule appendix and the findings' `details`. It writes the findings' own words, so
/// give it a report already in plain words (`report::plain`) to keep config paths out too.
pub fn to_markdown_client(report: &Report) -> String {
    let mut md = String::new();
    let business = &report.business;
    let name = literal(&business.name, At::Inline);
    let date = report_date(&report.evaluated_at).unwrap_or(&report.evaluated_at);
    let date = literal(date, At::Inline);
    let _ = writeln!(
        md,
        "# Access review: {}\n",
        match (name.is_empty(), date.is_empty()) {
            (false, false) => format!("{name} — {date}"),
            (false, true) => name.clone(),
            (true, _) => date.clone(),
        }
    );
    if !name.is_empty() {
        let _ = writeln!(
            md,
            "- **Business portfolio:** {name} (ID {})",
            literal(&business.id, At::Inline)
        );
    }
    if !date.is_empty() {
        let _ = writeln!(md, "- **Checked on:** {date}");
    }
    let _ = write!(md, "\n**{}**\n\n", headline(report));
    push_warnings(&mut md, report);
    push_summary(&mut md, report, "Accepted risks", "Checks run");
    md.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        md.push_str("No problems found.\n\n");
    }
    for (sev, group) in by_severity(&report.findings) {
        let _ = writeln!(md, "### {} ({})\n", capitalized(sev), group.len());
        for f in group {
            let names = names(report, f);
            push_client_finding(&mut md, f, &names, "####");
            let _ = writeln!(
                md,
                "- **How to fix it:** {}\n",
                text(&f.remediation, At::Inline, &names)
            );
        }
    }
    if !report.suppressed.is_empty() {
        md.push_str(
            "## Accepted risks\n\n\
             These problems were accepted on purpose. They are listed so they can be looked at \
             again, at the latest when the acceptance ends.\n\n",
        );
        for Suppressed {
            finding: f,
            exception: e,
        } in &report.suppressed
        {
            let names = names(report, f);
            push_client_finding(&mut md, f, &names, "###");
            let _ = writeln!(
                md,
                "- **Why it was accepted:** {}\n\
                 - **Accepted by:** {}\n\
                 - **Until:** {}\n",
                literal(&e.reason, At::Inline),
                literal(&e.owner, At::Inline),
                literal(&e.expires, At::Inline),
            );
        }
    }
    md
}

/// A finding for the client: its title as a heading, who and what it is about (by name when
/// there is one), and what is wrong.
fn push_client_finding(md: &mut String, f: &Finding, names: &[&str], heading: &str) {
    let _ = writeln!(md, "{heading} {}\n", text(&f.title, At::Inline, names));
    let s = &f.subject;
    // The business itself, or an exception of the config, is no one to point at.
    if !matches!(s.kind.as_str(), "business" | "exception") {
        let name = s.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let who = name.unwrap_or(&s.id);
        let _ = writeln!(md, "- **Who:** {}", literal(who, At::Inline));
    }
    if let Some(a) = &f.asset {
        let kind = a.asset_type.as_deref().map(|t| t.replace('_', " "));
        let name = a.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let label = match (kind, name) {
            (Some(k), Some(n)) => format!("{k} {n}"),
            (None, Some(n)) => n.to_string(),
            (kind, None) => named(kind.as_deref(), None, &a.id),
        };
        let _ = writeln!(md, "- **Asset:** {}", literal(&label, At::Inline));
    }
    let _ = writeln!(
        md,
        "- **What is wrong:** {}",
        text(&f.message, At::Inline, names)
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_inert;
    use super::*;
    use crate::report::fixture::{empty, sample};

    #[test]
    fn client_report_leaves_out_the_internals() {
        let mut r = sample();
        r.findings[0]
            .details
            .insert("excess_tasks".into(), serde_json::json!(["MANAGE_SECRET"]));
        let md = to_markdown_client(&r);
        assert!(
            md.starts_with(
                "# Access review: Acme Retail — 2026-11-01\n\n\
                 - **Business portfolio:** Acme Retail (ID 100000000000001)\n\
                 - **Checked on:** 2026-11-01\n\n\
                 **4 findings — capture incomplete**\n\n\
                 ## Warnings\n\n\
                 - the capture has no `agencies` edge: partner grants may be missing\n\n\
                 ## Summary\n\n"
            ),
            "{md}"
        );
        assert!(md.contains("| Accepted risks | 1 |\n| Checks run | 4 |\n"));
        for rule in r
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(["acme-no-freelancers"])
        {
            assert!(
                !md.contains(&format!("`{rule}`")) && !md.contains(&format!("({rule})")),
                "{rule}"
            );
        }
        for internal in [
            "exceptions[0]",
            "exceptions\\[0]",
            "MANAGE_SECRET",
            "Appendix",
            "portfolio-guard",
            "Rule",
            "2026-11-01T09:30:00Z",
        ] {
            assert!(!md.contains(internal), "{internal} in\n{md}");
        }
        assert_inert(&md);
        let pos = |s: &str| {
            md.find(s)
                .unwrap_or_else(|| panic!("missing {s:?} in\n{md}"))
        };
        assert!(pos("## Warnings") < pos("## Findings"));
        assert!(pos("### Critical (1)") < pos("### High (1)"));
        assert!(pos("### Low (1)") < pos("### Info (1)"));
        assert!(md.contains(
            "#### Title of partner-owns-asset\n\n\
             - **Who:** Growth Agency Ltd\n\
             - **Asset:** ad account Acme - Prospecting\n\
             - **What is wrong:** Ad account `Acme - Prospecting` (act_400000000000031) is owned by \
             partner Growth Agency Ltd (300000000000021)\n\
             - **How to fix it:** Business Settings → Partners → remove the access that \
             partner-owns-asset reports, then review the asset's other partners and people.\n\n"
        ), "{md}");
        let high = &md[pos("### High (1)")..pos("### Low (1)")];
        assert!(
            !high.contains("**Who:**"),
            "the business is no one to point at: {high}"
        );
        assert!(
            md.contains("- **Who:** 200000000000009\n"),
            "no name: the id"
        );
        assert!(
            md.ends_with(
                "## Accepted risks\n\n\
             These problems were accepted on purpose. They are listed so they can be looked at \
             again, at the latest when the acceptance ends.\n\n\
             ### Title of partner-without-assets\n\n\
             - **Who:** Freelancer Co\n\
             - **What is wrong:** Partner Freelancer Co (300000000000022) has no assets\n\
             - **Why it was accepted:** Offboarding, in progress\n\
             - **Accepted by:** ops@acme.example\n\
             - **Until:** 2026-12-31\n\n"
            ),
            "{md}"
        );
    }

    #[test]
    fn client_report_without_findings_or_warnings() {
        let md = to_markdown_client(&empty());
        assert_eq!(
            md,
            "# Access review: Acme Retail — 2026-11-01\n\n\
             - **Business portfolio:** Acme Retail (ID 100000000000001)\n\
             - **Checked on:** 2026-11-01\n\n\
             **No findings**\n\n\
             ## Summary\n\n\
             | Severity | Findings |\n| --- | ---: |\n\
             | Critical | 0 |\n| High | 0 |\n| Medium | 0 |\n| Low | 0 |\n| Info | 0 |\n\
             | Accepted risks | 0 |\n| Checks run | 0 |\n\n\
             ## Findings\n\nNo problems found.\n\n"
        );
        let mut r = empty();
        r.business.name = String::new();
        r.evaluated_at = "soon".into();
        assert!(to_markdown_client(&r)
            .starts_with("# Access review: soon\n\n- **Checked on:** soon\n\n"));
    }
}
