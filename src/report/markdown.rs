//! The Markdown report: a document a consultant can hand to a client.
//!
//! All text that comes from the input (names, ids, messages, remediations, reasons, titles) is
//! written as plain text with [`escape`]: it cannot open a link, emphasis, a code span or HTML,
//! nor break a table. That includes the backticks the rules put around names in messages: they
//! show as literal backticks rather than code spans, because the name between them comes from
//! the input and may itself hold a backtick that would end the span early and let the rest
//! (say `<img …>`) through as HTML.

use super::table::{clean, exception_note, named, subject_label};
use super::{Finding, Report, Severity};
use std::fmt::Write as _;

/// The report as GitHub-flavoured Markdown: title, summary table, findings by severity with how
/// to fix them, accepted risks, warnings, and an appendix of the rules evaluated.
pub fn to_markdown(report: &Report) -> String {
    let mut md = String::new();
    let s = &report.summary;
    let _ = write!(
        md,
        "# Access review: {}\n\n\
         - **Business:** {} ({})\n\
         - **Evaluated at:** {}\n\
         - **Tool:** {} {}\n\n\
         ## Summary\n\n\
         | Severity | Findings |\n\
         | --- | ---: |\n",
        escape(&report.business.name),
        escape(&report.business.name),
        escape(&report.business.id),
        escape(&report.evaluated_at),
        escape(&report.tool.name),
        escape(&report.tool.version),
    );
    for sev in Severity::ALL {
        let _ = writeln!(md, "| {} | {} |", capitalized(sev), s.count(sev));
    }
    let _ = write!(
        md,
        "| Suppressed (accepted risks) | {} |\n| Rules evaluated | {} |\n\n## Findings\n\n",
        s.suppressed, s.rules_evaluated
    );
    if report.findings.is_empty() {
        md.push_str("No findings: no evaluated rule reported a problem.\n\n");
    }
    for sev in Severity::ALL {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {} ({})\n", capitalized(sev), group.len());
        for f in group {
            let _ = writeln!(md, "#### {} ({})\n", escape(&f.title), code(&f.rule));
            push_details(&mut md, f);
            let _ = writeln!(md, "- **How to fix:** {}\n", escape(&f.remediation));
        }
    }
    if !report.suppressed.is_empty() {
        md.push_str(
            "## Accepted risks (suppressed)\n\n\
             These findings match an exception in the organisation's configuration.\n\n",
        );
        for sup in &report.suppressed {
            let (f, e) = (&sup.finding, &sup.exception);
            let _ = writeln!(
                md,
                "### {} ({}) — {}\n",
                escape(&f.title),
                code(&f.rule),
                f.severity
            );
            push_details(&mut md, f);
            let _ = writeln!(
                md,
                "- **Accepted:** {} — {}\n",
                escape(&e.id),
                escape(&exception_note(e))
            );
        }
    }
    if !report.warnings.is_empty() {
        md.push_str("## Warnings\n\n");
        for w in &report.warnings {
            let _ = writeln!(md, "- {}", escape(w));
        }
        md.push('\n');
    }
    md.push_str("## Appendix: rules evaluated\n\n");
    if report.rules.is_empty() {
        md.push_str("No rule metadata was recorded with this report.\n");
    } else {
        md.push_str("| Rule | Title | Category | Severity |\n| --- | --- | --- | --- |\n");
        let mut rules: Vec<_> = report.rules.iter().collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        for r in rules {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                code(&r.id),
                escape(&r.title),
                escape(&r.category),
                r.severity
            );
        }
    }
    md
}

/// Subject, asset and message of a finding, as list items.
fn push_details(md: &mut String, f: &Finding) {
    let _ = writeln!(md, "- **Subject:** {}", escape(&subject_label(&f.subject)));
    if let Some(a) = &f.asset {
        let kind = a.asset_type.as_deref().map(|t| t.replace('_', " "));
        let label = named(kind.as_deref(), a.name.as_deref(), &a.id);
        let _ = writeln!(md, "- **Asset:** {}", escape(&label));
    }
    let _ = writeln!(md, "- **Finding:** {}", escape(&f.message));
}

fn capitalized(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// Input text as inert, single-line Markdown: line breaks become spaces, control characters go
/// (see [`clean`]), `<`, `>` and `&` become entities, and the other characters Markdown or GFM
/// give a meaning to (`\` `` ` `` `*` `_` `[` `]` `|` `#` `~` `$` `!`) are backslash-escaped, so
/// the text is safe in a paragraph, a heading or a table cell.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A code span for an identifier such as a rule id; anything else is escaped text instead.
fn code(id: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '/');
    if !id.is_empty() && id.chars().all(plain) {
        format!("`{id}`")
    } else {
        escape(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::fixture::{empty, sample};

    /// The cells of a table row: split at pipes that are not backslash-escaped (as GFM does).
    fn cells(line: &str) -> usize {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        n - 1
    }

    #[test]
    fn title_summary_and_findings_by_severity() {
        let md = to_markdown(&sample());
        assert!(
            md.starts_with(
                "# Access review: Acme Retail\n\n\
             - **Business:** Acme Retail (100000000000001)\n\
             - **Evaluated at:** 2026-11-01T09:30:00Z\n\
             - **Tool:** portfolio-guard 0.1.0\n\n## Summary\n\n"
            ),
            "{md}"
        );
        for row in [
            "| Critical | 1 |",
            "| High | 1 |",
            "| Medium | 0 |",
            "| Low | 1 |",
            "| Info | 1 |",
            "| Suppressed (accepted risks) | 1 |",
            "| Rules evaluated | 4 |",
        ] {
            assert!(md.contains(&format!("\n{row}\n")), "{row}");
        }
        let pos = |s: &str| {
            md.find(s)
                .unwrap_or_else(|| panic!("missing {s:?} in\n{md}"))
        };
        assert!(pos("### Critical (1)") < pos("### High (1)"));
        assert!(pos("### High (1)") < pos("### Low (1)"));
        assert!(pos("### Low (1)") < pos("### Info (1)"));
        assert!(
            !md.contains("### Medium"),
            "empty severities have no heading"
        );
        assert!(md.contains(
            "#### Title of partner-owns-asset (`partner-owns-asset`)\n\n\
             - **Subject:** partner Growth Agency Ltd (300000000000021)\n\
             - **Asset:** ad account Acme - Prospecting (act\\_400000000000031)\n\
             - **Finding:** Ad account \\`Acme - Prospecting\\` (act\\_400000000000031) is owned by \
             partner Growth Agency Ltd (300000000000021)\n\
             - **How to fix:** Business Settings → Partners → remove the access that \
             partner-owns-asset reports, then review the asset's other partners and people.\n\n"
        ), "{md}");
        let high = &md[pos("### High")..pos("### Low")];
        assert!(!high.contains("**Asset:**"), "no asset, no asset line");
        assert!(md.contains("- **Subject:** member 200000000000009\n"));
    }

    #[test]
    fn accepted_risks_warnings_and_rule_appendix() {
        let md = to_markdown(&sample());
        let acc = &md
            [md.find("## Accepted risks (suppressed)\n").unwrap()..md.find("## Warnings").unwrap()];
        assert!(
            acc.contains("### Title of partner-without-assets (`partner-without-assets`) — low\n"),
            "{acc}"
        );
        assert!(acc.contains(
            "- **Accepted:** exceptions\\[0\\] — Offboarding, in progress (owner ops@acme.example, expires 2026-12-31)\n"
        ), "{acc}");
        assert!(md.contains("## Warnings\n\n- the capture has no \\`agencies\\` edge: partner grants may be missing\n"));
        let appendix = &md[md.find("## Appendix: rules evaluated\n").unwrap()..];
        let rows: Vec<&str> = appendix.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 2 + 4);
        assert_eq!(
            rows[2],
            "| `partner-owns-asset` | Partner owns a business asset | ownership | critical |"
        );
        assert_eq!(
            rows[5],
            "| `too-few-full-control` | Too few people hold full control | membership | high |"
        );
    }

    #[test]
    fn hostile_names_cannot_break_out() {
        let md = to_markdown(&sample());
        assert!(
            !md.contains('<') && !md.contains('>'),
            "no raw angle bracket:\n{md}"
        );
        assert!(!md.contains('\x1b'));
        assert!(md.contains(
            "- **Subject:** member Eve, \"the\" intern &lt;img src=x onerror=alert(1)&gt; \\*evil\\* \\| \
             \u{fffd}\\[2J 🦀 (=cmd\\|' /C calc'\\!A0)\n"
        ), "{md}");
        // Every table row has as many cells as its header.
        let mut expected = None;
        for line in md.lines() {
            if line.starts_with('|') {
                let n = cells(line);
                assert_eq!(*expected.get_or_insert(n), n, "{line}");
            } else {
                expected = None;
            }
        }
    }

    #[test]
    fn escape_neutralises_markdown_and_html() {
        assert_eq!(
            escape("*a* _b_ `c` [d](e) \\ | ~f~ #g $h$ !"),
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\\\ \\| \\~f\\~ \\#g \\$h\\$ \\!"
        );
        assert_eq!(
            escape("<script>x & y</script>"),
            "&lt;script&gt;x &amp; y&lt;/script&gt;"
        );
        assert_eq!(escape("two\nlines\r\nhere"), "two lines  here");
        let cell = escape("a | b\nc");
        assert_eq!(cells(&format!("| {cell} | x |")), 2);
        assert_eq!(code("partner-owns-asset"), "`partner-owns-asset`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code(""), "");
    }

    #[test]
    fn empty_report_says_no_findings() {
        let md = to_markdown(&empty());
        assert!(
            md.contains("## Findings\n\nNo findings: no evaluated rule reported a problem.\n"),
            "{md}"
        );
        assert!(md.contains("| Rules evaluated | 0 |"));
        assert!(
            !md.contains("Accepted risks") && !md.contains("## Warnings") && !md.contains("###")
        );
        assert!(md.ends_with(
            "## Appendix: rules evaluated\n\nNo rule metadata was recorded with this report.\n"
        ));
    }
}
