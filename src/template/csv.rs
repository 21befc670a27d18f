//! The CSV itself (RFC 4180): finding the header and its delimiter, splitting the text into
//! records, and writing rows; the formula guard (`'=`) on both sides.

use super::problems::{column_number, Problems};

/// The first line that is neither blank nor a comment, and the delimiter its `table` uses.
pub(super) fn header_line(text: &str) -> Option<&str> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.split(['\n', '\r']).map(str::trim).find(|l| {
        !l.is_empty() && !l.starts_with('#') && !l.chars().all(|c| matches!(c, ',' | ';' | '\t'))
    })
}

/// The delimiter after a leading `table` (or `"table"`), if the line starts so.
pub(super) fn table_delimiter(line: &str) -> Option<char> {
    let rest = if line.starts_with('"') {
        let inner = line.get(1..)?;
        let head = inner.get(..5)?;
        if !head.eq_ignore_ascii_case("table") || inner.get(5..6)? != "\"" {
            return None;
        }
        inner.get(6..)?
    } else {
        let head = line.get(..5)?;
        if !head.eq_ignore_ascii_case("table") {
            return None;
        }
        line.get(5..)?
    };
    match rest.trim_start_matches(' ').chars().next() {
        None => Some(','),
        Some(c @ (',' | ';' | '\t')) => Some(c),
        Some(_) => None,
    }
}

pub(super) struct Record {
    /// The line the record starts on (1-based): its row in a spreadsheet.
    pub(super) line: u32,
    pub(super) cells: Vec<String>,
    /// Which cells were in quotes: those keep their leading and trailing spaces as text.
    pub(super) quoted: Vec<bool>,
}

/// Whether the reader passes over the record: all its cells empty, or a comment.
pub(super) fn is_skipped(rec: &Record) -> bool {
    rec.cells.iter().all(|c| c.trim().is_empty())
        || rec
            .cells
            .first()
            .is_some_and(|c| c.trim_start().starts_with('#'))
}

/// Splits the text into records; `false` when an unterminated quote ended the reading.
pub(super) fn read_records(text: &str, delim: char, p: &mut Problems) -> (Vec<Record>, bool) {
    let mut r = Reader {
        text,
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    while r.pos < text.len() {
        let rest = text.get(r.pos..).unwrap_or_default();
        if rest.trim_start_matches([' ', '\t']).starts_with('#') {
            r.skip_line();
            continue;
        }
        match r.record(delim, p) {
            Some(rec) => out.push(rec),
            None => return (out, false),
        }
    }
    (out, true)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Consumes a line end (`\r\n`, `\n` or `\r`) if one is next.
    fn end_of_line(&mut self) {
        match self.peek() {
            Some('\n') => {
                self.bump();
                self.line += 1;
            }
            Some('\r') => {
                self.bump();
                if self.peek() == Some('\n') {
                    self.bump();
                }
                self.line += 1;
            }
            _ => {}
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' || c == '\r' {
                self.end_of_line();
                return;
            }
            self.bump();
        }
    }

    /// The record that starts here, up to and with its line end; `None` when a quote in it is
    /// never closed (reported).
    fn record(&mut self, delim: char, p: &mut Problems) -> Option<Record> {
        let line = self.line;
        let mut cells = Vec::new();
        let mut quoted = Vec::new();
        loop {
            let col = column_number(cells.len());
            let in_quotes = self.peek() == Some('"');
            quoted.push(in_quotes);
            let cell = if in_quotes {
                self.quoted_cell(delim, col, p)?
            } else {
                self.plain_cell(delim)
            };
            cells.push(cell);
            if self.peek() == Some(delim) {
                self.bump();
            } else {
                self.end_of_line();
                break;
            }
        }
        Some(Record {
            line,
            cells,
            quoted,
        })
    }

    /// A cell up to the next delimiter or line end.
    fn plain_cell(&mut self, delim: char) -> String {
        let mut cell = String::new();
        while let Some(c) = self.peek() {
            if c == delim || c == '\n' || c == '\r' {
                break;
            }
            cell.push(c);
            self.bump();
        }
        cell
    }

    /// A cell in quotes (at its opening `"`, the cell's column `col`): `""` is a quote, line
    /// ends inside are `\n`; text between the closing quote and the delimiter is reported and
    /// dropped. `None` when the quote is never closed (reported).
    fn quoted_cell(&mut self, delim: char, col: u32, p: &mut Problems) -> Option<String> {
        let opened = self.line;
        self.bump();
        let mut cell = String::new();
        loop {
            match self.bump() {
                None => {
                    p.at(
                        opened,
                        Some(col),
                        "unterminated quote: a cell that starts with `\"` must end with `\"` (double any `\"` inside it)",
                    );
                    return None;
                }
                Some('"') if self.peek() == Some('"') => {
                    self.bump();
                    cell.push('"');
                }
                Some('"') => break,
                Some('\r') => {
                    if self.peek() == Some('\n') {
                        self.bump();
                    }
                    self.line += 1;
                    cell.push('\n');
                }
                Some('\n') => {
                    self.line += 1;
                    cell.push('\n');
                }
                Some(c) => cell.push(c),
            }
        }
        self.after_closing_quote(delim, col, p);
        Some(cell)
    }

    /// Skips to the delimiter or line end after a closing quote, reporting any text there.
    fn after_closing_quote(&mut self, delim: char, col: u32, p: &mut Problems) {
        let mut stray = false;
        while let Some(c) = self.peek() {
            if c == delim || c == '\n' || c == '\r' {
                break;
            }
            stray |= !c.is_whitespace();
            self.bump();
        }
        if stray {
            p.at(
                self.line,
                Some(col),
                "text after a closing quote: quote the whole cell and double any `\"` inside it",
            );
        }
    }
}

/// A cell as the snapshot takes it: trimmed, a formula guard (`'=`) removed, empty as `None`.
pub(super) fn cell_value(raw: &str) -> Option<&str> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    Some(unguard(v))
}

/// Removes the `'` the template writes before a value a spreadsheet would take as a formula.
pub(super) fn unguard(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@']) =>
        {
            rest
        }
        _ => v,
    }
}

/// Cells that start a formula in a spreadsheet get a leading `'` (removed again on import).
fn guarded(value: &str) -> String {
    if value
        .trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@'])
    {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// Writes one row, comma separated and CRLF ended, quoting the cells that need it.
pub(super) fn push_row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = guarded(cell);
        if cell.contains([',', '"', '\r', '\n'])
            || cell.starts_with(char::is_whitespace)
            || cell.ends_with(char::is_whitespace)
        {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::super::testing::import;
    use super::super::{export_template, looks_like_template};
    use serde_json::json;

    #[test]
    fn quoting_semicolons_crlf_and_formula_guards() {
        let text = "table;id;name;type;tasks;asset_id;who;captured_at\r\n\
                    business;1;\"Acme; \"\"Retail\"\"\";;;;;2026-11-01\r\n\
                    partner;3;'=HYPERLINK(x);;;;;\r\n\
                    asset;act_1;\"two\nlines\";Ad account;;;;\r\n\
                    access;;;;manage  advertise;act_1;3;\r\n";
        let s = import(text).unwrap().snapshot;
        assert_eq!(s["business"]["name"], "Acme; \"Retail\"");
        assert_eq!(s["captured_at"], "2026-11-01T00:00:00Z");
        assert_eq!(s["partners"][0]["name"], "=HYPERLINK(x)");
        assert_eq!(s["assets"][0]["name"], "two\nlines");
        assert_eq!(s["assets"][0]["type"], "ad_account");
        assert_eq!(s["grants"][0]["tasks"], json!(["MANAGE", "ADVERTISE"]));
        assert_eq!(
            s["grants"][0]["grantee"],
            json!({"kind": "partner", "id": "3"})
        );
        let csv = export_template(&s);
        assert!(csv.contains(",'=HYPERLINK(x),"), "{csv}");
        assert!(csv.contains("\"two\nlines\""), "{csv}");
        assert_eq!(import(&csv).unwrap().snapshot["partners"], s["partners"]);
    }

    #[test]
    fn header_and_delimiter_found_past_comments() {
        assert!(looks_like_template("\u{feff}# notes\n\n\"table\",\"id\"\n"));
        assert_eq!(super::table_delimiter("table\tid"), Some('\t'));
        assert_eq!(super::table_delimiter("\"TABLE\";id"), Some(';'));
        assert_eq!(super::table_delimiter("tables,id"), None);
        assert_eq!(super::header_line("# c\n,,\n table,id\n"), Some("table,id"));
    }
}
