//! The Markdown reports: the full one for whoever runs the check, and a client-facing one
//! ([`to_markdown_client`], in `markdown/client.rs`) written with the same helpers.
//!
//! Text from the input shows as written and cannot open a link, emphasis, HTML or a new block,
//! nor break a table. Values (names, ids, reasons) go through [`literal`]. Texts the rules
//! wrote (titles, messages, remediations, warnings) go through [`text`], where the backticks the
//! rules put around names become real code spans, fenced with more backticks than the name
//! holds, so a name with a backtick or an `<img …>` inside stays literal text. No HTML entity is
//! written: characters that would start markup are backslash-escaped, and only where they would
//! (an `&` only before a letter, a `#` only at the start of a word, a `_` only outside a word).

mod client;
mod diff;

pub use client::to_markdown_client;
pub use diff::{comparison_markdown, what_if_markdown};

use super::table::{clean, exception_note, named, subject_label};
use super::{headline, Finding, Report, Severity};
use std::fmt::Write as _;

/// The report as GitHub-flavoured Markdown for whoever runs the check: title, the
/// [headline](super::headline), warnings, summary table, findings by severity with their rule
/// ids and how to fix them, accepted risks with the exceptions that accept them, and an appendix
/// of the rules evaluated.
pub fn to_markdown(report: &Report) -> String {
    let mut md = String::new();
    let business = &report.business;
    let _ = write!(
        md,
        "# Access review: {}\n\n\
         - **Business:** {} ({})\n\
         - **Evaluated at:** {}\n\
         - **Tool:** {} {}\n\n\
         **{}**\n\n",
        literal(&business.name, At::Inline),
        literal(&business.name, At::Inline),
        literal(&business.id, At::Inline),
        literal(&report.evaluated_at, At::Inline),
        literal(&report.tool.name, At::Inline),
        literal(&report.tool.version, At::Inline),
        headline(report),
    );
    push_warnings(&mut md, report);
    push_summary(
        &mut md,
        report,
        "Suppressed (accepted risks)",
        "Rules evaluated",
    );
    md.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        md.push_str("No findings: no evaluated rule reported a problem.\n\n");
    }
    for (sev, group) in by_severity(&report.findings) {
        let _ = writeln!(md, "### {} ({})\n", capitalized(sev), group.len());
        for f in group {
            let names = names(report, f);
            let _ = writeln!(
                md,
                "#### {} ({})\n",
                text(&f.title, At::Inline, &names),
                code_span(&f.rule, false)
            );
            push_details(&mut md, f, &names);
            let _ = writeln!(
                md,
                "- **How to fix:** {}\n",
                text(&f.remediation, At::Inline, &names)
            );
        }
    }
    if !report.suppressed.is_empty() {
        md.push_str(
            "## Accepted risks (suppressed)\n\n\
             These findings match an exception in the organisation's configuration.\n\n",
        );
        for sup in &report.suppressed {
            let (f, e) = (&sup.finding, &sup.exception);
            let names = names(report, f);
            let _ = writeln!(
                md,
                "### {} ({}) — {}\n",
                text(&f.title, At::Inline, &names),
                code_span(&f.rule, false),
                f.severity
            );
            push_details(&mut md, f, &names);
            let _ = writeln!(
                md,
                "- **Accepted:** {} — {}\n",
                code_span(&e.id, false),
                literal(&exception_note(e), At::Inline)
            );
        }
    }
    push_appendix(&mut md, report);
    md
}

/// The appendix: the rules evaluated, by id.
fn push_appendix(md: &mut String, report: &Report) {
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
                code_span(&r.id, true),
                text(&r.title, At::Cell, &[]),
                literal(&r.category, At::Cell),
                r.severity
            );
        }
    }
}

/// Warnings first: they say what the findings after them may be missing.
fn push_warnings(md: &mut String, report: &Report) {
    if report.warnings.is_empty() {
        return;
    }
    md.push_str("## Warnings\n\n");
    for w in &report.warnings {
        let _ = writeln!(md, "- {}", text(w, At::LineStart, &[]));
    }
    md.push('\n');
}

/// The summary table: findings by severity, then suppressed and rules evaluated.
fn push_summary(md: &mut String, report: &Report, suppressed: &str, rules: &str) {
    let s = &report.summary;
    md.push_str("## Summary\n\n| Severity | Findings |\n| --- | ---: |\n");
    for sev in Severity::ALL {
        let _ = writeln!(md, "| {} | {} |", capitalized(sev), s.count(sev));
    }
    let _ = write!(
        md,
        "| {suppressed} | {} |\n| {rules} | {} |\n\n",
        s.suppressed, s.rules_evaluated
    );
}

/// The severities that have findings, most severe first, with their findings.
fn by_severity(findings: &[Finding]) -> Vec<(Severity, Vec<&Finding>)> {
    Severity::ALL
        .into_iter()
        .map(|sev| (sev, findings.iter().filter(|f| f.severity == sev).collect()))
        .filter(|(_, group): &(Severity, Vec<&Finding>)| !group.is_empty())
        .collect()
}

/// The names and ids a finding's texts may quote in backticks: the subject, the asset and the
/// business. [`text`] prefers them when it looks for the end of a quoted name.
fn names<'a>(report: &'a Report, f: &'a Finding) -> Vec<&'a str> {
    let mut names = vec![f.subject.id.as_str(), report.business.name.as_str()];
    names.extend(f.subject.name.as_deref());
    if let Some(a) = &f.asset {
        names.push(&a.id);
        names.extend(a.name.as_deref());
    }
    names
}

/// Subject, asset and message of a finding, as list items.
fn push_details(md: &mut String, f: &Finding, names: &[&str]) {
    let _ = writeln!(
        md,
        "- **Subject:** {}",
        literal(&subject_label(&f.subject), At::Inline)
    );
    if let Some(a) = &f.asset {
        let kind = a.asset_type.as_deref().map(|t| t.replace('_', " "));
        let label = named(kind.as_deref(), a.name.as_deref(), &a.id);
        let _ = writeln!(md, "- **Asset:** {}", literal(&label, At::Inline));
    }
    let _ = writeln!(md, "- **Finding:** {}", text(&f.message, At::Inline, names));
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

/// Where a text goes, which decides what must be escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// After other text on the line (a heading, a `**Label:**` list item).
    Inline,
    /// At the start of a block (a list item's first text), where `-`, `>` or `1.` start blocks.
    LineStart,
    /// In a table cell, where `|` ends the cell, even inside a code span.
    Cell,
}

/// Text the rules wrote (a title, message, remediation or warning), where backticks quote names,
/// as single-line Markdown that shows it as written (see the module docs).
///
/// Line breaks become spaces and control characters go (see [`clean`]). A part in backticks
/// becomes a code span: when the text after an opening backtick starts with one of `names`
/// followed by a backtick, that is the part (so a name holding a backtick stays whole), else
/// the part ends at the next backtick. A backtick with no partner is escaped.
fn text(s: &str, at: At, names: &[&str]) -> String {
    let cleaned = clean(s);
    let mut rest = cleaned.trim();
    let names: Vec<String> = names
        .iter()
        .map(|n| clean(n))
        .filter(|n| !n.is_empty())
        .collect();
    let mut out = String::with_capacity(rest.len() + 8);
    let mut start = true;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let quoted = names
            .iter()
            .filter(|n| after.starts_with(n.as_str()) && after[n.len()..].starts_with('`'))
            .map(|n| n.len())
            .max()
            .or_else(|| after.find('`'));
        let Some(len) = quoted else { break };
        escape_into(&mut out, &rest[..open], start.then_some(at), at == At::Cell);
        out.push_str(&code_span(&after[..len], at == At::Cell));
        rest = &after[len + 1..];
        start = false;
    }
    escape_into(&mut out, rest, start.then_some(at), at == At::Cell);
    out
}

/// A value from the input (a name, an id, a reason) as single-line Markdown that shows it as
/// written: like [`text`], but a backtick in it is part of the value, never a code span.
fn literal(s: &str, at: At) -> String {
    let cleaned = clean(s);
    let mut out = String::with_capacity(cleaned.len() + 8);
    escape_into(&mut out, cleaned.trim(), Some(at), at == At::Cell);
    out
}

/// A code span showing `content` as it is: fenced with one backtick more than its longest run
/// of backticks, padded with a space where CommonMark would otherwise eat one or merge a
/// backtick into the fence. In a table cell, `|` is escaped (GFM splits cells before spans).
fn code_span(content: &str, cell: bool) -> String {
    let content = clean(content);
    if content.is_empty() {
        return "\"\"".to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let spaced = content.starts_with(' ') && content.ends_with(' ') && content.trim() != "";
    let pad = if content.starts_with('`') || content.ends_with('`') || spaced {
        " "
    } else {
        ""
    };
    let body = if cell {
        content.replace('|', "\\|")
    } else {
        content
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Appends `s` (already [`clean`]) with a backslash before each character that would start
/// Markdown or HTML where it stands. `start` is where `s` begins a text, if it does.
fn escape_into(out: &mut String, s: &str, start: Option<At>, cell: bool) {
    let chars: Vec<char> = s.chars().collect();
    let line_start = start == Some(At::LineStart);
    // `12.` or `12)` at the start of a block would make an ordered list.
    let list_number = if line_start {
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=9)
            .contains(&digits)
            .then_some(digits)
            .filter(|&i| matches!(chars.get(i), Some('.' | ')')))
    } else {
        None
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { None } else { chars.get(i - 1) };
        let next = chars.get(i + 1);
        let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' | '[' | '~' | '$' | '<' => true,
            // Inside a word (`act_123`), `_` cannot open or close emphasis.
            '_' => !(word(prev) && word(next)),
            '|' => cell,
            // A heading's closing `#`s, or a `#` GFM could read as a reference.
            '#' => prev.is_none_or(|p| p.is_whitespace()),
            // Only `&name;` or `&#…;` is an entity.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
            '>' | '-' | '+' => line_start && i == 0,
            '.' | ')' => list_number == Some(i),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{empty, sample, EVIL};

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

    /// A line split at its code spans (CommonMark's rules for the single-line text these
    /// reports write): the raw text outside them, with `\u{1}` for each span, and their contents.
    pub(super) fn spans(line: &str) -> (String, Vec<String>) {
        let chars: Vec<char> = line.chars().collect();
        let (mut outside, mut spans) = (String::new(), Vec::new());
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                    outside.extend(&chars[i..i + 2]);
                    i += 2;
                }
                '`' => {
                    let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let body = i + run;
                    // The closing run: a run exactly as long.
                    let close = (body..chars.len()).find(|&j| {
                        chars[j - 1] != '`'
                            && chars[j..].iter().take_while(|&&c| c == '`').count() == run
                    });
                    match close {
                        Some(j) => {
                            let mut s: String = chars[body..j].iter().collect();
                            if s.len() >= 2
                                && s.starts_with(' ')
                                && s.ends_with(' ')
                                && s.trim() != ""
                            {
                                s = s[1..s.len() - 1].to_string();
                            }
                            spans.push(s);
                            outside.push('\u{1}');
                            i = j + run;
                        }
                        None => {
                            outside.extend(&chars[i..body]);
                            i = body;
                        }
                    }
                }
                c => {
                    outside.push(c);
                    i += 1;
                }
            }
        }
        (outside, spans)
    }

    /// What a line shows: the text outside code spans with backslash escapes resolved (`\u{1}`
    /// for each span), and the spans' contents.
    fn inline(line: &str) -> (String, Vec<String>) {
        let (outside, spans) = spans(line);
        let mut shown = String::new();
        let mut chars = outside.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(n)) if n.is_ascii_punctuation() => {
                    shown.push(*n);
                    chars.next();
                }
                _ => shown.push(c),
            }
        }
        (shown, spans)
    }

    /// Checks that nothing in `md` outside code spans can start HTML, an entity or a link.
    pub(super) fn assert_inert(md: &str) {
        for line in md.lines() {
            let (outside, _) = spans(line);
            let mut chars = outside.chars().peekable();
            while let Some(c) = chars.next() {
                let next = chars.peek().copied();
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '<' | '[' => panic!("unescaped {c:?} in {line:?}"),
                    '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                        panic!("an entity can start in {line:?}")
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn title_headline_summary_and_findings_by_severity() {
        let md = to_markdown(&sample());
        assert!(
            md.starts_with(
                "# Access review: Acme Retail\n\n\
             - **Business:** Acme Retail (100000000000001)\n\
             - **Evaluated at:** 2026-11-01T09:30:00Z\n\
             - **Tool:** portfolio-guard 0.1.0\n\n\
             **4 findings — capture incomplete**\n\n\
             ## Warnings\n\n\
             - the capture has no `agencies` edge: partner grants may be missing\n\n\
             ## Summary\n\n"
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
        assert!(pos("## Warnings") < pos("## Summary"));
        assert!(pos("### Critical (1)") < pos("### High (1)"));
        assert!(pos("### High (1)") < pos("### Low (1)"));
        assert!(pos("### Low (1)") < pos("### Info (1)"));
        assert!(
            !md.contains("### Medium"),
            "empty severities have no heading"
        );
        assert!(
            md.contains(
                "#### Title of partner-owns-asset (`partner-owns-asset`)\n\n\
             - **Subject:** partner Growth Agency Ltd (300000000000021)\n\
             - **Asset:** ad account Acme - Prospecting (act_400000000000031)\n\
             - **Finding:** Ad account `Acme - Prospecting` (act_400000000000031) is owned by \
             partner Growth Agency Ltd (300000000000021)\n\
             - **How to fix:** Business Settings → Partners → remove the access that \
             partner-owns-asset reports, then review the asset's other partners and people.\n\n"
            ),
            "{md}"
        );
        let high = &md[pos("### High")..pos("### Low")];
        assert!(!high.contains("**Asset:**"), "no asset, no asset line");
        assert!(md.contains("- **Subject:** member 200000000000009\n"));
        assert_eq!(md.matches("## Warnings").count(), 1, "warnings once, first");
    }

    #[test]
    fn accepted_risks_and_rule_appendix() {
        let md = to_markdown(&sample());
        let acc = &md
            [md.find("## Accepted risks (suppressed)\n").unwrap()..md.find("## Appendix").unwrap()];
        assert!(
            acc.contains("### Title of partner-without-assets (`partner-without-assets`) — low\n"),
            "{acc}"
        );
        assert!(acc.contains(
            "- **Accepted:** `exceptions[0]` — Offboarding, in progress (owner ops@acme.example, expires 2026-12-31)\n"
        ), "{acc}");
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
        assert_inert(&md);
        assert!(!md.contains("&lt;") && !md.contains("&gt;") && !md.contains("&amp;"));
        assert!(!md.contains('\x1b'));
        let line = md
            .lines()
            .find(|l| l.starts_with("- **Subject:** member Eve"))
            .unwrap();
        assert_eq!(
            line,
            "- **Subject:** member Eve, \"the\" intern \\<img src=x onerror=alert(1)> \\*evil\\* | \
             \u{fffd}\\[2J 🦀 (=cmd|' /C calc'!A0)"
        );
        let (shown, spans) = inline(line);
        assert_eq!(
            shown,
            format!("- **Subject:** member {} (=cmd|' /C calc'!A0)", clean(EVIL))
        );
        assert!(spans.is_empty());
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
    fn names_become_valid_code_spans() {
        let mut r = sample();
        let f = &mut r.findings[0];
        let name = "Spring `25` <b>sale</b> | *A&amp;B*";
        f.asset.as_mut().unwrap().name = Some(name.to_string());
        f.message = format!("Ad account `{name}` (act_1) is owned by `Growth` & co");
        let md = to_markdown(&r);
        assert_inert(&md);
        let line = md
            .lines()
            .find(|l| l.starts_with("- **Finding:** Ad account"))
            .unwrap();
        assert_eq!(
            line,
            "- **Finding:** Ad account ``Spring `25` <b>sale</b> | *A&amp;B*`` (act_1) is owned by `Growth` & co"
        );
        let (shown, spans) = inline(line);
        assert_eq!(spans, [name, "Growth"]);
        assert_eq!(
            shown,
            "- **Finding:** Ad account \u{1} (act_1) is owned by \u{1} & co"
        );
        assert!(!shown.contains('`'), "no backtick shows");
    }

    #[test]
    fn business_with_ampersand_and_angle_brackets() {
        let mut r = sample();
        r.business.name = "Smith & Sons <Ltd>".to_string();
        for md in [to_markdown(&r), to_markdown_client(&r)] {
            assert_inert(&md);
            assert!(!md.contains("&amp;"), "{md}");
            assert!(
                md.starts_with("# Access review: Smith & Sons \\<Ltd>"),
                "{md}"
            );
            let (shown, _) = inline(md.lines().next().unwrap());
            assert!(shown.starts_with("# Access review: Smith & Sons <Ltd>"));
        }
    }

    #[test]
    fn values_keep_their_backticks() {
        let mut r = sample();
        r.business.name = "Shop `A` #1".to_string();
        r.suppressed[0].exception.owner = "`ops`".to_string();
        for md in [to_markdown(&r), to_markdown_client(&r)] {
            let title = md.lines().next().unwrap();
            assert!(
                title.starts_with("# Access review: Shop \\`A\\` \\#1"),
                "{title}"
            );
            let (shown, spans) = inline(title);
            assert!(shown.starts_with("# Access review: Shop `A` #1"), "{shown}");
            assert!(spans.is_empty());
            assert!(md.contains("\\`ops\\`"), "{md}");
        }
    }

    #[test]
    fn odd_text_stays_inert_in_both_variants() {
        let odd = [
            "",
            " ",
            "`",
            "``",
            "```x",
            "a`b`c`",
            "\\`x\\`",
            "<",
            "&",
            "&#",
            "- x",
            "> x",
            "1. x",
            "# x",
            "x #",
            "|",
            "[x](y)",
            "![x](y)",
            "<https://x>",
            "*_~$",
            "\u{202e}x",
        ];
        for t in odd {
            let mut r = sample();
            r.business.name = t.to_string();
            r.warnings.push(t.to_string());
            for f in r
                .findings
                .iter_mut()
                .chain(r.suppressed.iter_mut().map(|s| &mut s.finding))
            {
                f.title = t.to_string();
                f.message = format!("{t} `{t}` {t}");
                f.remediation = t.to_string();
                f.subject.name = Some(t.to_string());
            }
            r.suppressed[0].exception.reason = t.to_string();
            for md in [to_markdown(&r), to_markdown_client(&r)] {
                assert_inert(&md);
                assert!(!md.contains(['\x1b', '\u{202e}']));
                for line in md.lines().filter(|l| l.starts_with("- ")) {
                    let (shown, _) = inline(line);
                    assert!(!shown.contains('\u{1}') || line.contains('`'), "{line}");
                }
                // No line starts a block the report did not write.
                for line in md.lines() {
                    let first = line.split_whitespace().next().unwrap_or("");
                    assert!(
                        line.is_empty()
                            || line.starts_with("- ")
                            || line.starts_with('|')
                            || line.starts_with('#')
                            || line.starts_with("**")
                            || line.starts_with("These ")
                            || line.starts_with("No "),
                        "{t:?}: {line:?}"
                    );
                    if line.starts_with('#') {
                        assert!(first.chars().all(|c| c == '#'), "{line}");
                    }
                }
            }
        }
    }

    #[test]
    fn text_escapes_only_what_would_start_markup() {
        let t = |s: &str| text(s, At::Inline, &[]);
        assert_eq!(
            t("*a* _b_ `c` [d](e) \\ | ~f~ #g $h$ !"),
            "\\*a\\* \\_b\\_ `c` \\[d](e) \\\\ | \\~f\\~ \\#g \\$h\\$ !"
        );
        assert_eq!(t("act_400 snake_case_name"), "act_400 snake_case_name");
        assert_eq!(t("_lead trail_ a__b"), "\\_lead trail\\_ a\\_\\_b");
        assert_eq!(t("<script>x & y</script>"), "\\<script>x & y\\</script>");
        assert_eq!(t("A&amp;B &#60; &x"), "A\\&amp;B \\&#60; \\&x");
        assert_eq!(t("C# team #1 a#b ##"), "C# team \\#1 a#b \\##");
        assert_eq!(t("two\nlines\r\nhere "), "two lines  here");
        assert_eq!(t("- > 1. x"), "- > 1. x", "inline: no block starts");
        let l = |s: &str| text(s, At::LineStart, &[]);
        assert_eq!(l("- x"), "\\- x");
        assert_eq!(l("+ x"), "\\+ x");
        assert_eq!(l("> x"), "\\> x");
        assert_eq!(l("2026. x"), "2026\\. x");
        assert_eq!(l("1) x"), "1\\) x");
        assert_eq!(
            l("1234567890. x"),
            "1234567890. x",
            "too long for a list number"
        );
        assert_eq!(l("# x"), "\\# x");
        assert_eq!(l("    code?"), "code?");
        assert_eq!(l("x - y"), "x - y");
        let c = |s: &str| text(s, At::Cell, &[]);
        assert_eq!(c("a | b `c|d`"), "a \\| b `c\\|d`");
        assert_eq!(cells(&format!("| {} | x |", c("a | b\nc `|`"))), 2);
        // Backticks: pairs are code spans, a lone one is escaped.
        assert_eq!(t("a `b` c `d"), "a `b` c \\`d");
        assert_eq!(t("`` x"), "\"\" x", "an empty span shows as empty quotes");
        // A known name with a backtick stays whole.
        assert_eq!(
            text("Page `a`b` (1)", At::Inline, &["a`b"]),
            "Page ``a`b`` (1)"
        );
        assert_eq!(text("Page `a`b` (1)", At::Inline, &[]), "Page `a`b\\` (1)");
    }

    #[test]
    fn code_spans_fence_any_content() {
        assert_eq!(
            code_span("partner-owns-asset", false),
            "`partner-owns-asset`"
        );
        assert_eq!(code_span("a`b", false), "``a`b``");
        assert_eq!(code_span("`x``", false), "``` `x`` ```");
        assert_eq!(code_span(" x ", false), "`  x  `");
        assert_eq!(code_span(" ", false), "` `");
        assert_eq!(code_span("a|b", true), "`a\\|b`");
        assert_eq!(code_span("a|b", false), "`a|b`");
        assert_eq!(code_span("", false), "\"\"");
        for content in ["a`b", "`x``", " x ", "<b>", "``", "a\\`"] {
            let (shown, spans) = inline(&code_span(content, false));
            assert_eq!(
                (shown.as_str(), spans),
                ("\u{1}", vec![content.to_string()])
            );
        }
    }

    #[test]
    fn empty_report_says_no_findings() {
        let md = to_markdown(&empty());
        assert!(md.contains("\n**No findings**\n\n## Summary\n"), "{md}");
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
