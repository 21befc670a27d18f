//! The CSV report: one row per finding, for spreadsheets and ticket imports.

use super::{Finding, Report};

const HEADER: &str = "status,severity,rule,category,title,subject_kind,subject_id,subject_name,\
                      asset_type,asset_id,asset_name,message,remediation,exception,\
                      business,business_id,evaluated_at";

/// The number of columns in [`HEADER`].
const COLUMNS: usize = 17;

/// The byte order mark the text starts with, so that Excel opens it as UTF-8.
pub(super) const BOM: char = '\u{feff}';

/// RFC 4180 CSV, except that records end with LF (not CRLF), which every CSV reader accepts and
/// line-oriented tools prefer, and that the text starts with a UTF-8 byte order mark (U+FEFF),
/// without which Excel reads it in the system's legacy encoding.
///
/// A header row, then one `warning` row per report warning (an input problem such as an
/// incomplete capture: its text is in `message`, `severity` and the finding columns are empty),
/// one `open` row per finding and one `suppressed` row per suppressed finding (its `exception`
/// column is `exceptions[i]: reason (owner, expires)`), in that order. Every row ends with the
/// `business` (name), `business_id` and `evaluated_at` of the report, so rows of several reports
/// can be pasted into one sheet. Absent values are empty cells.
///
/// A field containing a comma, a quote, CR or LF is quoted, with quotes doubled. Against
/// spreadsheet formula injection, a cell starting with `=`, `+`, `-`, `@`, a tab or CR gets a
/// leading `'`, so a name such as `=cmd|' /C calc'!A0` stays text.
pub fn to_csv(report: &Report) -> String {
    let mut out = format!("{BOM}{HEADER}\n");
    let business = [
        report.business.name.as_str(),
        &report.business.id,
        &report.evaluated_at,
    ];
    for w in &report.warnings {
        let mut cells = [""; COLUMNS];
        cells[0] = "warning";
        cells[11] = w;
        cells[14..].copy_from_slice(&business);
        push_row(&mut out, cells);
    }
    for f in &report.findings {
        push_row(&mut out, finding_cells(f, "open", "", business));
    }
    for s in &report.suppressed {
        let e = &s.exception;
        let exception = format!("{}: {} ({}, {})", e.id, e.reason, e.owner, e.expires);
        push_row(
            &mut out,
            finding_cells(&s.finding, "suppressed", &exception, business),
        );
    }
    out
}

fn finding_cells<'a>(
    f: &'a Finding,
    status: &'a str,
    exception: &'a str,
    business: [&'a str; 3],
) -> [&'a str; COLUMNS] {
    let asset = f.asset.as_ref();
    let [name, id, evaluated_at] = business;
    [
        status,
        f.severity.as_str(),
        &f.rule,
        &f.category,
        &f.title,
        &f.subject.kind,
        &f.subject.id,
        f.subject.name.as_deref().unwrap_or_default(),
        asset
            .and_then(|a| a.asset_type.as_deref())
            .unwrap_or_default(),
        asset.map(|a| a.id.as_str()).unwrap_or_default(),
        asset.and_then(|a| a.name.as_deref()).unwrap_or_default(),
        &f.message,
        &f.remediation,
        exception,
        name,
        id,
        evaluated_at,
    ]
}

fn push_row(out: &mut String, cells: [&str; COLUMNS]) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push('\n');
}

pub(super) fn push_cell(out: &mut String, value: &str) {
    let guard = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        "'"
    } else {
        ""
    };
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(guard);
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(guard);
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{empty, sample, EVIL, FORMULA};

    /// A strict RFC 4180 reader (LF or CRLF records): the rows and their fields.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let (mut row, mut field) = (Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => {
                    quoted = false;
                    assert!(
                        matches!(chars.peek(), Some(',' | '\n') | None),
                        "text after a closing quote"
                    );
                }
                (true, c) => field.push(c),
                (false, '"') => {
                    assert!(field.is_empty(), "quote inside an unquoted field");
                    quoted = true;
                }
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, '\r') => panic!("bare CR outside quotes"),
                (false, c) => field.push(c),
            }
        }
        assert!(!quoted, "unterminated quote");
        assert!(
            field.is_empty() && row.is_empty(),
            "last record has no line end"
        );
        rows
    }

    /// The rows of a CSV report, after checking that it starts with the byte order mark.
    fn rows(csv: &str) -> Vec<Vec<String>> {
        let text = csv
            .strip_prefix(BOM)
            .unwrap_or_else(|| panic!("no BOM: {csv:?}"));
        assert!(!text.contains(BOM), "one BOM, at the start");
        parse(text)
    }

    #[test]
    fn header_names_every_column() {
        assert_eq!(HEADER.split(',').count(), COLUMNS);
        assert!(HEADER.ends_with(",exception,business,business_id,evaluated_at"));
        assert!(!HEADER.contains(' '));
    }

    #[test]
    fn warnings_then_one_row_per_finding_then_per_suppressed() {
        let csv = to_csv(&sample());
        assert!(csv.starts_with("\u{feff}status,severity,rule,"), "{csv}");
        let rows = rows(&csv);
        assert_eq!(rows.len(), 1 + 1 + 4 + 1);
        assert_eq!(rows[0].join(","), HEADER);
        assert!(rows.iter().all(|r| r.len() == COLUMNS), "{rows:?}");
        let col = |r: &Vec<String>, name: &str| {
            let i = rows[0].iter().position(|h| h == name).unwrap();
            r[i].clone()
        };
        let statuses: Vec<String> = rows[1..].iter().map(|r| col(r, "status")).collect();
        assert_eq!(
            statuses,
            ["warning", "open", "open", "open", "open", "suppressed"]
        );
        let rules: Vec<String> = rows[1..].iter().map(|r| col(r, "rule")).collect();
        assert_eq!(
            rules,
            [
                "",
                "partner-owns-asset",
                "too-few-full-control",
                "public-email-member",
                "acme-no-freelancers",
                "partner-without-assets"
            ]
        );
        // The warning: its text in `message`, nothing in the finding columns.
        let warning = &rows[1];
        assert_eq!(
            col(warning, "message"),
            "the capture has no `agencies` edge: partner grants may be missing"
        );
        for name in [
            "severity",
            "title",
            "subject_id",
            "asset_id",
            "remediation",
            "exception",
        ] {
            assert_eq!(col(warning, name), "", "{name}");
        }
        // Every row names the business and the time of the check.
        for r in &rows[1..] {
            assert_eq!(
                ["business", "business_id", "evaluated_at"].map(|c| col(r, c)),
                ["Acme Retail", "100000000000001", "2026-11-01T09:30:00Z"],
                "{r:?}"
            );
        }
        let first = &rows[2];
        assert_eq!(col(first, "severity"), "critical");
        assert_eq!(col(first, "asset_type"), "ad_account");
        assert_eq!(col(first, "asset_name"), "Acme - Prospecting");
        assert_eq!(col(first, "exception"), "");
        // No asset: empty cells.
        assert_eq!(
            ["asset_type", "asset_id", "asset_name"].map(|c| col(&rows[3], c)),
            ["", "", ""]
        );
        assert_eq!(col(&rows[5], "subject_name"), "", "absent name");
        assert_eq!(
            col(&rows[6], "exception"),
            "exceptions[0]: Offboarding, in progress (ops@acme.example, 2026-12-31)"
        );
        assert_eq!(col(&rows[6], "subject_name"), "Freelancer Co");
    }

    #[test]
    fn hostile_text_round_trips_and_formulas_stay_text() {
        let mut report = sample();
        report.business.name = "=Smith & \"Sons\", <Ltd>".to_string();
        report.warnings.push("-1 asset skipped".to_string());
        let csv = to_csv(&report);
        let rows = rows(&csv);
        assert_eq!(rows[2][0], "warning");
        assert_eq!(rows[2][11], "'-1 asset skipped", "a warning is guarded too");
        let evil = &rows[5];
        assert_eq!(evil[7], EVIL, "commas, quotes and the newline survive");
        assert_eq!(evil[6], format!("'{FORMULA}"));
        assert_eq!(evil[9], "'-5");
        assert_eq!(evil[10], "Café 🦀 Page");
        assert!(csv.contains("\"Eve, \"\"the\"\" intern\n<img"));
        for r in &rows[1..] {
            assert_eq!(r[14], "'=Smith & \"Sons\", <Ltd>");
        }
        assert!(!csv.contains('\r'), "LF line ends");
        assert!(csv.ends_with('\n'));
    }

    #[test]
    fn cells_are_guarded_then_quoted() {
        let cell = |v: &str| {
            let mut s = String::new();
            push_cell(&mut s, v);
            s
        };
        for lead in ["=", "+", "-", "@", "\t"] {
            assert_eq!(cell(&format!("{lead}1+1")), format!("'{lead}1+1"));
        }
        assert_eq!(cell("\r1"), "\"'\r1\"");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("a=1"), "a=1");
        assert_eq!(cell(""), "");
        assert_eq!(cell("x\ny"), "\"x\ny\"");
    }

    #[test]
    fn empty_report_is_the_header_alone() {
        assert_eq!(to_csv(&empty()), format!("\u{feff}{HEADER}\n"));
        assert_eq!(rows(&to_csv(&empty()))[0].len(), COLUMNS);
    }
}
