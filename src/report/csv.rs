//! The CSV report: one row per finding, for spreadsheets and ticket imports.

use super::{Finding, Report};

const HEADER: &str = "status,severity,rule,category,title,subject_kind,subject_id,subject_name,\
                      asset_type,asset_id,asset_name,message,remediation,exception";

/// RFC 4180 CSV, except that records end with LF (not CRLF), which every CSV reader accepts and
/// line-oriented tools prefer. A header row, then one `open` row per finding and one `suppressed`
/// row per suppressed finding (its `exception` column is `exceptions[i]: reason (owner, expires)`),
/// in report order. Absent values are empty cells.
///
/// A field containing a comma, a quote, CR or LF is quoted, with quotes doubled. Against
/// spreadsheet formula injection, a cell starting with `=`, `+`, `-`, `@`, a tab or CR gets a
/// leading `'`, so a name such as `=cmd|' /C calc'!A0` stays text.
pub fn to_csv(report: &Report) -> String {
    let mut out = format!("{HEADER}\n");
    for f in &report.findings {
        row(&mut out, "open", f, "");
    }
    for s in &report.suppressed {
        let e = &s.exception;
        let exception = format!("{}: {} ({}, {})", e.id, e.reason, e.owner, e.expires);
        row(&mut out, "suppressed", &s.finding, &exception);
    }
    out
}

fn row(out: &mut String, status: &str, f: &Finding, exception: &str) {
    let asset = f.asset.as_ref();
    let cells = [
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
    ];
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push('\n');
}

fn push_cell(out: &mut String, value: &str) {
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
    use crate::report::table::fixture::{empty, sample, EVIL, FORMULA};

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

    #[test]
    fn one_row_per_finding_then_per_suppressed() {
        let rows = parse(&to_csv(&sample()));
        assert_eq!(rows.len(), 1 + 4 + 1);
        assert_eq!(rows[0].join(","), HEADER);
        assert!(rows.iter().all(|r| r.len() == 14), "{rows:?}");
        let col = |r: &Vec<String>, name: &str| {
            let i = rows[0].iter().position(|h| h == name).unwrap();
            r[i].clone()
        };
        let statuses: Vec<String> = rows[1..].iter().map(|r| col(r, "status")).collect();
        assert_eq!(statuses, ["open", "open", "open", "open", "suppressed"]);
        let rules: Vec<String> = rows[1..].iter().map(|r| col(r, "rule")).collect();
        assert_eq!(
            rules,
            [
                "partner-owns-asset",
                "too-few-full-control",
                "public-email-member",
                "acme-no-freelancers",
                "partner-without-assets"
            ]
        );
        let first = &rows[1];
        assert_eq!(col(first, "severity"), "critical");
        assert_eq!(col(first, "asset_type"), "ad_account");
        assert_eq!(col(first, "asset_name"), "Acme - Prospecting");
        assert_eq!(col(first, "exception"), "");
        // No asset: empty cells.
        assert_eq!(
            ["asset_type", "asset_id", "asset_name"].map(|c| col(&rows[2], c)),
            ["", "", ""]
        );
        assert_eq!(col(&rows[4], "subject_name"), "", "absent name");
        assert_eq!(
            col(&rows[5], "exception"),
            "exceptions[0]: Offboarding, in progress (ops@acme.example, 2026-12-31)"
        );
        assert_eq!(col(&rows[5], "subject_name"), "Freelancer Co");
    }

    #[test]
    fn hostile_text_round_trips_and_formulas_stay_text() {
        let csv = to_csv(&sample());
        let rows = parse(&csv);
        let evil = &rows[3];
        assert_eq!(evil[7], EVIL, "commas, quotes and the newline survive");
        assert_eq!(evil[6], format!("'{FORMULA}"));
        assert_eq!(evil[9], "'-5");
        assert_eq!(evil[10], "Café 🦀 Page");
        assert!(csv.contains("\"Eve, \"\"the\"\" intern\n<img"));
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
        assert_eq!(to_csv(&empty()), format!("{HEADER}\n"));
        assert_eq!(parse(&to_csv(&empty()))[0].len(), 14);
    }
}
