//! The terminal report: one block per finding, wrapped to the terminal width.
//!
//! Also home of the small text helpers the other formats share (`pub(super)`).

use super::{AppliedException, Finding, Report, Severity, Subject, Summary};

/// How [`to_table`] renders: ANSI colour or not, and the width to wrap at (at least 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    pub color: bool,
    pub width: usize,
}

impl Default for TableStyle {
    /// No colour, 80 columns.
    fn default() -> Self {
        TableStyle {
            color: false,
            width: 80,
        }
    }
}

pub(super) const MIN_WIDTH: usize = 60;
/// The severity label column: `CRITICAL` and two spaces.
const LABEL_WIDTH: usize = 10;
const INDENT: &str = "          ";

/// The report for a terminal: the business, the report's warnings, the findings, the suppressed
/// findings, and a closing line with the [headline](super::headline) and the counts
/// (`4 findings — capture incomplete · 1 critical, 1 high, … · 1 suppressed · 30 rules evaluated`).
///
/// Input text is flattened to one line and stripped of control characters (an escape byte in a
/// name cannot reach the terminal), then wrapped by characters to `style.width` with a hanging
/// indent. Colour only when `style.color` is set.
pub fn to_table(report: &Report, style: TableStyle) -> String {
    let mut w = Writer {
        out: String::new(),
        color: style.color,
        width: style.width.max(MIN_WIDTH),
    };
    let header = format!(
        "{} ({}) · evaluated {}",
        report.business.name, report.business.id, report.evaluated_at
    );
    w.wrap(if w.color { "\x1b[1m" } else { "" }, "  ", &header);
    if w.color {
        w.out.pop();
        w.out.push_str("\x1b[0m\n");
    }
    w.out.push('\n');
    // Warnings first: they say what the findings below may be missing.
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            let label = w.paint("33", "warning:");
            w.wrap(&format!("{label} "), "         ", warning);
        }
        w.out.push('\n');
    }
    if report.findings.is_empty() {
        w.out.push_str("No findings.\n\n");
    }
    for f in &report.findings {
        w.finding(f);
        w.wrap(
            &format!("{INDENT}fix: "),
            &format!("{INDENT}     "),
            &f.remediation,
        );
        w.out.push('\n');
    }
    if !report.suppressed.is_empty() {
        let title = w.paint("1", &format!("Suppressed ({})", report.suppressed.len()));
        w.out.push_str(&format!("{title}\n\n"));
        for s in &report.suppressed {
            w.finding(&s.finding);
            let note = format!("{}: {}", s.exception.id, exception_note(&s.exception));
            w.wrap(
                &format!("{INDENT}exception: "),
                &format!("{INDENT}           "),
                &note,
            );
            w.out.push('\n');
        }
    }
    w.wrap(
        "",
        "",
        &format!(
            "{} · {}",
            super::headline(report),
            summary_line(&report.summary)
        ),
    );
    w.out
}

pub(super) struct Writer {
    pub(super) out: String,
    pub(super) color: bool,
    pub(super) width: usize,
}

impl Writer {
    pub(super) fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// The severity label, rule, title, subject, asset and message of one finding.
    pub(super) fn finding(&mut self, f: &Finding) {
        let label = f.severity.as_str().to_uppercase();
        let pad = " ".repeat(LABEL_WIDTH.saturating_sub(label.chars().count()));
        let first = format!("{}{pad}", self.paint(severity_color(f.severity), &label));
        self.wrap(
            &first,
            &format!("{INDENT}  "),
            &format!("{} · {}", f.rule, f.title),
        );
        let hang = format!("{INDENT}         ");
        self.wrap(
            &format!("{INDENT}subject: "),
            &hang,
            &subject_label(&f.subject),
        );
        if let Some(a) = &f.asset {
            let label = named(a.asset_type.as_deref(), a.name.as_deref(), &a.id);
            self.wrap(&format!("{INDENT}asset:   "), &hang, &label);
        }
        self.wrap(INDENT, &format!("{INDENT}  "), &f.message);
    }

    /// Appends `text` as lines of at most `width` visible characters: the first starts with
    /// `first`, the others with `rest`. Words longer than a line are cut between characters.
    pub(super) fn wrap(&mut self, first: &str, rest: &str, text: &str) {
        let start = self.out.len();
        let mut line = first.to_string();
        let mut len = visible_len(first);
        let mut empty = true;
        for word in clean(text).split_whitespace() {
            let mut word = word;
            while !word.is_empty() {
                let word_len = word.chars().count();
                let sep = usize::from(!empty);
                if len + sep + word_len <= self.width {
                    if !empty {
                        line.push(' ');
                    }
                    line.push_str(word);
                    len += sep + word_len;
                    empty = false;
                    break;
                }
                if empty {
                    let room = self.width.saturating_sub(len).max(1);
                    let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
                    line.push_str(&word[..cut]);
                    word = &word[cut..];
                }
                self.push_line(&line);
                line = rest.to_string();
                len = visible_len(rest);
                empty = true;
            }
        }
        if !empty || self.out.len() == start {
            self.push_line(&line);
        }
    }

    fn push_line(&mut self, line: &str) {
        self.out.push_str(line.trim_end_matches(' '));
        self.out.push('\n');
    }
}

pub(super) fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;97;41",
        Severity::High => "1;31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    }
}

/// Characters on screen: ANSI `ESC [ … m` sequences take no room.
fn visible_len(s: &str) -> usize {
    let mut in_escape = false;
    s.chars()
        .filter(|&c| {
            if in_escape {
                in_escape = c != 'm';
                false
            } else if c == '\x1b' {
                in_escape = true;
                false
            } else {
                true
            }
        })
        .count()
}

/// Input text made safe to print on one line: line breaks and tabs become spaces; other control
/// characters and bidirectional overrides (which could drive a terminal or reorder what it shows)
/// become U+FFFD.
pub(super) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// `kind name (id)`, dropping the parts that are absent (or a name equal to the id).
pub(super) fn named(kind: Option<&str>, name: Option<&str>, id: &str) -> String {
    let who = match name.map(str::trim) {
        Some(n) if !n.is_empty() && n != id => format!("{n} ({id})"),
        _ => id.to_string(),
    };
    match kind.map(str::trim) {
        Some(k) if !k.is_empty() => format!("{k} {who}"),
        _ => who,
    }
}

/// `partner Growth Agency Ltd (300000000000021)`.
pub(super) fn subject_label(s: &Subject) -> String {
    named(Some(&s.kind), s.name.as_deref(), &s.id)
}

/// `reason (owner O, expires E)`: why a finding is accepted, and who answers for it until when.
pub(super) fn exception_note(e: &AppliedException) -> String {
    format!("{} (owner {}, expires {})", e.reason, e.owner, e.expires)
}

/// `2 critical, 1 high, 0 medium, 3 low, 0 info · 1 suppressed · 30 rules evaluated`.
pub(super) fn summary_line(s: &Summary) -> String {
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|&sev| format!("{} {sev}", s.count(sev)))
        .collect();
    format!(
        "{} · {} suppressed · {} rules evaluated",
        counts.join(", "),
        s.suppressed,
        s.rules_evaluated
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{empty, sample};

    fn plain(width: usize) -> String {
        to_table(
            &sample(),
            TableStyle {
                color: false,
                width,
            },
        )
    }

    #[test]
    fn shows_every_part_of_a_finding_in_report_order() {
        let t = plain(100);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "Acme Retail (100000000000001) · evaluated 2026-11-01T09:30:00Z"
        );
        let pos = |s: &str| t.find(s).unwrap_or_else(|| panic!("missing {s:?} in\n{t}"));
        assert!(
            pos("CRITICAL  partner-owns-asset · Title of partner-owns-asset")
                < pos("HIGH      too-few-full-control")
        );
        assert!(pos("HIGH      too-few-full-control") < pos("LOW       public-email-member"));
        assert!(pos("LOW       public-email-member") < pos("INFO      acme-no-freelancers"));
        assert!(t.contains("          subject: partner Growth Agency Ltd (300000000000021)\n"));
        assert!(
            t.contains("          asset:   ad_account Acme - Prospecting (act_400000000000031)\n")
        );
        assert!(
            t.contains("          subject: member 200000000000009\n"),
            "no name: id only"
        );
        assert!(t.contains("          fix: Business Settings → Partners"));
        assert!(t.contains("          Ad account `Acme - Prospecting` (act_400000000000031) is owned by partner Growth Agency\n            Ltd (300000000000021)\n"));
        // The finding without an asset has no asset line.
        let high = &t[pos("HIGH ")..pos("LOW ")];
        assert!(!high.contains("asset:"), "{high}");
        assert!(high.contains("subject: business Acme Retail (100000000000001)"));
    }

    #[test]
    fn suppressed_warnings_and_summary() {
        let t = plain(100);
        let sup = &t[t.find("Suppressed (1)\n").unwrap()..];
        assert!(sup.contains("LOW       partner-without-assets · Title of partner-without-assets"));
        assert!(sup.contains(
            "          exception: exceptions[0]: Offboarding, in progress (owner ops@acme.example, expires\n                     2026-12-31)\n"
        ), "{sup}");
        assert!(t.ends_with(
            "\n4 findings — capture incomplete · 1 critical, 1 high, 0 medium, 1 low, 1 info · 1 \
             suppressed · 4\nrules evaluated\n"
        ), "{t}");
        assert!(!t.contains("No findings."));
    }

    #[test]
    fn empty_report_says_no_findings() {
        let t = to_table(&empty(), TableStyle::default());
        assert_eq!(
            t,
            "Acme Retail (100000000000001) · evaluated 2026-11-01T09:30:00Z\n\n\
             No findings.\n\n\
             No findings · 0 critical, 0 high, 0 medium, 0 low, 0 info · 0 suppressed · 0\n\
             rules evaluated\n"
        );
    }

    #[test]
    fn warnings_come_first_and_qualify_the_closing_line() {
        let mut r = sample();
        r.warnings = vec![
            "capture incomplete: `/1/owned_pages` has more pages (`paging.next`); fetch them"
                .into(),
            "ignored `x`: not a response this importer reads".into(),
        ];
        let t = to_table(
            &r,
            TableStyle {
                color: false,
                width: 200,
            },
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[..5],
            [
                "Acme Retail (100000000000001) · evaluated 2026-11-01T09:30:00Z",
                "",
                "warning: capture incomplete: `/1/owned_pages` has more pages (`paging.next`); fetch them",
                "warning: ignored `x`: not a response this importer reads",
                "",
            ]
        );
        assert!(lines[5].starts_with("CRITICAL  partner-owns-asset"), "{t}");
        assert_eq!(t.matches("warning:").count(), 2, "each warning once");
        assert!(t.ends_with("\n4 findings — capture incomplete · 1 critical, 1 high, 0 medium, 1 low, 1 info · 1 suppressed · 4 rules evaluated\n"), "{t}");
        r.warnings.remove(0);
        let t = to_table(
            &r,
            TableStyle {
                color: false,
                width: 200,
            },
        );
        assert!(t.ends_with("\n4 findings — with 1 warning · 1 critical, 1 high, 0 medium, 1 low, 1 info · 1 suppressed · 4 rules evaluated\n"), "{t}");
        r.warnings.clear();
        let t = to_table(
            &r,
            TableStyle {
                color: false,
                width: 200,
            },
        );
        assert!(!t.contains("warning"), "{t}");
        assert!(t.ends_with("\n4 findings · 1 critical, 1 high, 0 medium, 1 low, 1 info · 1 suppressed · 4 rules evaluated\n"), "{t}");
    }

    #[test]
    fn no_escape_byte_without_color_even_from_input() {
        let t = plain(200);
        assert!(!t.contains('\x1b'), "{t:?}");
        assert!(
            t.contains("Eve, \"the\" intern <img src=x onerror=alert(1)> *evil* |"),
            "{t}"
        );
        assert!(t.contains("\u{fffd}[2J 🦀"), "the escape byte is replaced");
    }

    #[test]
    fn color_paints_labels_only_when_asked() {
        let t = to_table(
            &sample(),
            TableStyle {
                color: true,
                width: 80,
            },
        );
        assert!(
            t.contains("\x1b[1;97;41mCRITICAL\x1b[0m  partner-owns-asset"),
            "{t:?}"
        );
        assert!(t.contains("\x1b[1;31mHIGH\x1b[0m      too-few-full-control"));
        assert!(t.contains("\x1b[36mLOW\x1b[0m       public-email-member"));
        assert!(t.contains("\x1b[2mINFO\x1b[0m      acme-no-freelancers"));
        assert!(t.starts_with(
            "\x1b[1mAcme Retail (100000000000001) · evaluated 2026-11-01T09:30:00Z\x1b[0m\n"
        ));
        // Only our own sequences: the one in the input is gone.
        assert!(!t.contains("\x1b[2J"));
        assert_eq!(t.matches('\x1b').count(), 2 * t.matches("\x1b[0m").count());
    }

    #[test]
    fn lines_fit_the_width_with_hanging_indents() {
        for (width, color) in [
            (0, false),
            (60, false),
            (61, true),
            (80, false),
            (100, true),
            (500, false),
        ] {
            let t = to_table(&sample(), TableStyle { color, width });
            let limit = width.max(60);
            for line in t.lines() {
                assert!(
                    visible_len(line) <= limit,
                    "{width}: {line:?} is {} long",
                    visible_len(line)
                );
            }
        }
        let t = plain(60);
        assert!(t.contains("\n          fix: Business Settings → Partners → remove the\n               access that"), "{t}");
        assert!(t.contains("\n          Ad account `Acme - Prospecting`\n            (act_400000000000031) is owned by partner Growth\n"), "{t}");
    }

    #[test]
    fn wrap_cuts_long_words_between_characters() {
        let mut w = Writer {
            out: String::new(),
            color: false,
            width: 60,
        };
        let word = "é🦀".repeat(70);
        w.wrap("> ", "  ", &format!("a {word} b"));
        let lines: Vec<&str> = w.out.lines().collect();
        assert_eq!(lines[0], "> a");
        assert_eq!(lines[1].chars().count(), 60);
        assert!(lines.iter().all(|l| l.chars().count() <= 60));
        let joined: String = lines[1..].iter().map(|l| &l[2..]).collect();
        assert_eq!(joined, format!("{word} b"));
        let mut w = Writer {
            out: String::new(),
            color: false,
            width: 60,
        };
        w.wrap("x: ", "   ", "");
        assert_eq!(w.out, "x:\n");
    }

    #[test]
    fn helpers() {
        assert_eq!(named(Some("page"), Some(" "), "1"), "page 1");
        assert_eq!(named(None, Some("Shop"), "1"), "Shop (1)");
        assert_eq!(named(Some("page"), Some("1"), "1"), "page 1");
        assert_eq!(
            clean("a\r\nb\tc\u{7}d\u{202e}e"),
            "a  b c\u{fffd}d\u{fffd}e"
        );
        assert_eq!(visible_len("\x1b[1;31mHIGH\x1b[0m  x"), 7);
    }

    #[test]
    fn no_format_panics_on_odd_text() {
        use crate::report::{to_csv, to_markdown, to_sarif};
        let odd = [
            "",
            " ",
            "\r",
            "\n\n",
            "\t=1",
            "\u{0}\u{7f}\u{9b}31m",
            "e\u{301}\u{301}\u{301}",
            "👩‍👩‍👧‍👦",
            "\u{202e}gnp.exe",
            "中文名称的合作伙伴",
            &"🦀".repeat(500),
            &"x ".repeat(400),
            "\\",
            "`",
            "|",
        ];
        for text in odd {
            let mut r = sample();
            r.business.name = text.to_string();
            r.warnings.push(text.to_string());
            for f in r
                .findings
                .iter_mut()
                .chain(r.suppressed.iter_mut().map(|s| &mut s.finding))
            {
                f.message = text.to_string();
                f.remediation = text.to_string();
                f.subject.name = Some(text.to_string());
                f.subject.kind = text.to_string();
                f.asset = Some(crate::report::AssetRef {
                    id: text.to_string(),
                    asset_type: Some(text.to_string()),
                    name: None,
                });
            }
            r.suppressed[0].exception.reason = text.to_string();
            for width in [0, 61, 1000, usize::MAX] {
                for color in [false, true] {
                    let t = to_table(&r, TableStyle { color, width });
                    assert!(
                        t.lines().all(|l| visible_len(l) <= width.max(60)),
                        "{text:?}"
                    );
                    assert_eq!(t.contains('\x1b'), color);
                }
            }
            assert!(!to_markdown(&r).contains(['<', '>', '\x1b']));
            assert_eq!(
                to_csv(&r).lines().next().map(|h| h.split(',').count()),
                Some(17)
            );
            assert!(serde_json::from_str::<serde_json::Value>(&to_sarif(&r)).is_ok());
        }
    }
}
