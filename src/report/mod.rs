//! The report: findings, severities, the summary, and its output formats.

mod csv;
pub mod diff;
#[cfg(test)]
mod fixture;
mod markdown;
pub mod plain;
mod plain_warnings;
mod sarif;
mod table;

use crate::policy::RuleMeta;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

pub use self::csv::to_csv;
pub use self::markdown::{to_markdown, to_markdown_client};
pub use self::sarif::to_sarif;
pub use self::table::{to_table, TableStyle};
pub use crate::severity::Severity;

/// Who a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Subject {
    /// `member`, `partner`, `business`, `invitation` or `exception` (custom rules may add others).
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
}

/// The asset a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AssetRef {
    pub id: String,
    #[serde(rename = "type")]
    pub asset_type: Option<String>,
    pub name: Option<String>,
}

/// One problem: one (rule, subject, asset).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub subject: Subject,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<AssetRef>,
    pub remediation: String,
    /// Any further fields the rule attached (e.g. `excess_tasks`), passed through as they are.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty", default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub details: serde_json::Map<String, serde_json::Value>,
    /// Plain-words reports only ([`plain::plain_report`]): the tasks the text names.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub terms: Vec<plain::Term>,
    /// Plain-words reports only: the org-config settings the technical fix named.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub controls: Vec<plain::Control>,
}

impl Finding {
    /// The report order: severity, rule id, subject id, asset id, then message (total and stable).
    pub fn sort_key_cmp(&self, other: &Finding) -> Ordering {
        self.severity
            .cmp(&other.severity)
            .then_with(|| self.rule.cmp(&other.rule))
            .then_with(|| self.subject.id.cmp(&other.subject.id))
            .then_with(|| {
                let a = self.asset.as_ref().map(|a| a.id.as_str());
                let b = other.asset.as_ref().map(|a| a.id.as_str());
                a.cmp(&b)
            })
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// The exception that suppressed a finding, as written in the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AppliedException {
    /// `exceptions[<i>]` in the org config.
    pub id: String,
    pub rule: String,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Suppressed {
    pub finding: Finding,
    pub exception: AppliedException,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BusinessRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub suppressed: usize,
    pub rules_evaluated: usize,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// The whole report, as `check --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub business: BusinessRef,
    pub evaluated_at: String,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// Notes about the input that do not stop the check (e.g. an incomplete capture).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// Metadata of every rule that was evaluated, for formats that describe rules (SARIF,
    /// Markdown). Not part of the JSON report.
    #[serde(skip)]
    pub rules: Vec<RuleMeta>,
}

impl Report {
    /// Build a report: sorts findings and suppressed entries and fills the summary.
    pub fn new(
        business: BusinessRef,
        evaluated_at: String,
        mut findings: Vec<Finding>,
        mut suppressed: Vec<Suppressed>,
        rules: Vec<RuleMeta>,
        warnings: Vec<String>,
    ) -> Report {
        findings.sort_by(Finding::sort_key_cmp);
        suppressed.sort_by(|a, b| {
            a.finding
                .sort_key_cmp(&b.finding)
                .then_with(|| a.exception.id.cmp(&b.exception.id))
        });
        let mut summary = Summary {
            suppressed: suppressed.len(),
            rules_evaluated: rules.len(),
            ..Summary::default()
        };
        for f in &findings {
            match f.severity {
                Severity::Critical => summary.critical += 1,
                Severity::High => summary.high += 1,
                Severity::Medium => summary.medium += 1,
                Severity::Low => summary.low += 1,
                Severity::Info => summary.info += 1,
            }
        }
        Report {
            schema_version: 1,
            tool: Tool {
                name: "portfolio-guard".to_string(),
                version: crate::VERSION.to_string(),
            },
            business,
            evaluated_at,
            summary,
            findings,
            suppressed,
            warnings,
            rules,
        }
    }

    /// True when some finding is at or above `threshold` (`None` = never fail).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(t) => self.findings.iter().any(|f| f.severity.at_least(t)),
        }
    }

    /// The JSON report, pretty-printed, with a final newline. Same report, same bytes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serializing plain data structures cannot fail; keep a valid JSON answer anyway.
            format!("{{\"error\": \"{e}\"}}")
        });
        s.push('\n');
        s
    }

    /// The rule metadata for a rule id, if it was evaluated.
    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The report's one-line verdict: `16 findings`, `1 finding` or `No findings`, qualified when the
/// report has warnings: `16 findings — capture incomplete` when a warning says the capture missed
/// data (an incomplete, unread or missing part), else `16 findings — with 2 warnings`. Table and
/// Markdown reports print it.
pub fn headline(report: &Report) -> String {
    let count = match report.findings.len() {
        0 => "No findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    let warnings = &report.warnings;
    if warnings.is_empty() {
        count
    } else if warnings.iter().any(|w| says_capture_incomplete(w)) {
        format!("{count} — capture incomplete")
    } else if warnings.len() == 1 {
        format!("{count} — with 1 warning")
    } else {
        format!("{count} — with {} warnings", warnings.len())
    }
}

/// Whether the report's warnings say that part of the portfolio was not read, so findings may
/// be missing (the page and every format qualify their headline with it).
pub fn capture_incomplete(report: &Report) -> bool {
    report.warnings.iter().any(|w| says_capture_incomplete(w))
}

/// Whether a warning says that part of the portfolio was not read, so findings may be missing.
fn says_capture_incomplete(warning: &str) -> bool {
    let w = warning.to_lowercase();
    [
        "incomplete",
        "could not read",
        "not captured",
        "unread",
        "missing",
        "more pages",
    ]
    .iter()
    .any(|k| w.contains(k))
}

/// A file name (without extension) for the report: `<business-slug>-access-review-<YYYY-MM-DD>`,
/// e.g. `acme-retail-access-review-2026-11-01`.
///
/// The slug is the business name in lower-case ASCII letters and digits joined by `-` (common
/// accented letters transliterated: `é` → `e`, `ß` → `ss`), at most 60 characters; when the name
/// gives nothing, the business id the same way, then `portfolio`. The date is the one
/// `evaluated_at` starts with; without one the stem ends at `access-review`. The result is
/// always a safe file name: no path separator, no dot, never empty.
pub fn file_stem(report: &Report) -> String {
    let slug = [&report.business.name, &report.business.id]
        .into_iter()
        .map(|s| slug(s))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "portfolio".to_string());
    match report_date(&report.evaluated_at) {
        Some(date) => format!("{slug}-access-review-{date}"),
        None => format!("{slug}-access-review"),
    }
}

/// The `YYYY-MM-DD` an RFC 3339 time (or a date) starts with.
pub(crate) fn report_date(evaluated_at: &str) -> Option<&str> {
    let date = evaluated_at.get(..10)?;
    let b = date.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    let rest_ok = evaluated_at[10..]
        .chars()
        .next()
        .is_none_or(|c| matches!(c, 'T' | 't' | ' '));
    (shape && rest_ok).then_some(date)
}

/// The longest slug [`file_stem`] keeps.
const SLUG_MAX: usize = 60;

/// Lower-case ASCII letters and digits, runs of anything else as one `-`, no `-` at either end,
/// cut at a `-` to at most [`SLUG_MAX`] characters.
fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        // Combining marks (a decomposed `é`) belong to the letter before them.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let ascii = transliterate(c);
        if !c.is_ascii_alphanumeric() && ascii.is_empty() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push_str(ascii);
        }
    }
    if out.len() > SLUG_MAX {
        // All ASCII, so any byte index is a character boundary.
        let cut = match out[..=SLUG_MAX].rfind('-') {
            Some(i) if i >= SLUG_MAX / 2 => i,
            _ => SLUG_MAX,
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// The ASCII letters of a common lower-case accented or ligature letter; empty for any other
/// character.
fn transliterate(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{empty, sample};
    use super::*;

    fn stem(name: &str, id: &str, at: &str) -> String {
        let mut r = empty();
        r.business.name = name.to_string();
        r.business.id = id.to_string();
        r.evaluated_at = at.to_string();
        file_stem(&r)
    }

    #[test]
    fn file_stem_is_slug_and_date() {
        assert_eq!(file_stem(&sample()), "acme-retail-access-review-2026-11-01");
        let at = "2026-11-01T09:30:00+02:00";
        let s = |name: &str| stem(name, "100000000000001", at);
        assert_eq!(
            s("Café Müller & Söhne GmbH"),
            "cafe-muller-sohne-gmbh-access-review-2026-11-01"
        );
        assert_eq!(
            s("Straße Ærø Łódź"),
            "strasse-aero-lodz-access-review-2026-11-01"
        );
        assert_eq!(
            s("Cafe\u{301} Noe\u{308}l"),
            "cafe-noel-access-review-2026-11-01",
            "decomposed accents"
        );
        assert_eq!(
            s("ÉCOLE  du--Nord!"),
            "ecole-du-nord-access-review-2026-11-01"
        );
        assert_eq!(
            s("Smith & Sons <Ltd>"),
            "smith-sons-ltd-access-review-2026-11-01"
        );
        assert_eq!(s("../../etc/passwd"), "etc-passwd-access-review-2026-11-01");
        assert_eq!(s("..\\..\\Windows"), "windows-access-review-2026-11-01");
        assert_eq!(s("🦀 Crab 🦀 Co 🦀"), "crab-co-access-review-2026-11-01");
        assert_eq!(s("Agency 2.0"), "agency-2-0-access-review-2026-11-01");
        // Nothing usable in the name: the id, then `portfolio`.
        assert_eq!(s(""), "100000000000001-access-review-2026-11-01");
        assert_eq!(s("🦀🦀 / .."), "100000000000001-access-review-2026-11-01");
        assert_eq!(s("中文名称"), "100000000000001-access-review-2026-11-01");
        assert_eq!(stem("", "", at), "portfolio-access-review-2026-11-01");
        assert_eq!(stem("..", "../", at), "portfolio-access-review-2026-11-01");
        // Not a date: no date.
        assert_eq!(stem("A", "1", "yesterday"), "a-access-review");
        assert_eq!(stem("A", "1", ""), "a-access-review");
        assert_eq!(stem("A", "1", "2026-11-0"), "a-access-review");
        assert_eq!(stem("A", "1", "2026-11-01x"), "a-access-review");
        assert_eq!(stem("A", "1", "2026-11-01"), "a-access-review-2026-11-01");
        assert_eq!(stem("A", "1", "2026-1é-01T00:00:00Z"), "a-access-review");
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let long = "Very Long Business Name ".repeat(13); // ~300 characters
        let s = stem(&long, "1", "2026-11-01T00:00:00Z");
        let slug = s.strip_suffix("-access-review-2026-11-01").unwrap();
        assert!(
            slug.len() <= SLUG_MAX && slug.len() >= SLUG_MAX / 2,
            "{slug}"
        );
        assert!(
            "very-long-business-name-"
                .repeat(13)
                .starts_with(&format!("{slug}-")),
            "cut at a word: {slug}"
        );
        let word = "x".repeat(300);
        assert_eq!(
            stem(&word, "1", "2026-11-01"),
            format!("{}-access-review-2026-11-01", "x".repeat(SLUG_MAX))
        );
        let s = stem(&"ab ".repeat(100), "1", "");
        assert!(
            s.len() <= SLUG_MAX + "-access-review".len() && !s.contains("--"),
            "{s}"
        );
    }

    #[test]
    fn stems_are_safe_file_names() {
        for name in [
            "../../etc",
            "a/b\\c",
            "CON",
            ".",
            "-",
            " x ",
            "\u{0}\u{202e}gnp.exe",
            &"🦀".repeat(300),
        ] {
            let s = stem(name, "", "2026-11-01T00:00:00Z");
            assert!(!s.is_empty() && s.len() <= SLUG_MAX + 25, "{s}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name:?} -> {s}"
            );
            assert!(!s.starts_with('-') && !s.contains("--"), "{name:?} -> {s}");
        }
    }

    #[test]
    fn headline_counts_and_qualifies() {
        let mut r = sample();
        assert_eq!(
            headline(&r),
            "4 findings — capture incomplete",
            "the fixture's warning: a missing edge"
        );
        r.warnings =
            vec!["asset `9` appears only as a node read directly, so its type is unknown".into()];
        assert_eq!(headline(&r), "4 findings — with 1 warning");
        r.warnings
            .push("ignored `x`: not a response this importer reads".into());
        assert_eq!(headline(&r), "4 findings — with 2 warnings");
        r.warnings
            .push("capture incomplete: `/1/agencies` has more pages (`paging.next`)".into());
        assert_eq!(headline(&r), "4 findings — capture incomplete");
        r.findings.truncate(1);
        r.warnings = vec![
            "could not read which partners have access to Page `P` (`agencies`): denied".into(),
        ];
        assert_eq!(headline(&r), "1 finding — capture incomplete");
        assert_eq!(headline(&empty()), "No findings");
    }
}
