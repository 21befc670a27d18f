//! Reading a filled template: the records, the header, then each row through the builder.

use super::build::Builder;
use super::csv::{
    cell_value, header_line, is_skipped, read_records, table_delimiter, unguard, Record,
};
use super::problems::{column_number, Problems};
use super::{Col, Table, COLUMNS};
use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::import::Imported;
use crate::snapshot::Snapshot;
use crate::time::parse_rfc3339;

/// Reads a filled template into a snapshot. `file` names the input in errors (`file:row:column`);
/// `now` (RFC 3339) stands in for an empty `captured_at`. Every problem found (up to 50) is
/// reported, and nothing is returned unless there are none.
pub fn import_template(text: &str, file: &str, now: Option<&str>) -> Result<Imported> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::msg(ErrorKind::Snapshot, "the input is empty").in_file(file));
    }
    if let Some(n) = now {
        parse_rfc3339(n)
            .map_err(|m| Error::one(ErrorKind::Usage, Diagnostic::at_path("now", m)))?;
    }
    let mut p = Problems::new(file);
    let delim = header_line(text).and_then(table_delimiter).unwrap_or(',');
    let (records, complete) = read_records(text, delim, &mut p);
    let mut rows = records.iter().filter(|r| !is_skipped(r));
    if !complete {
        // Nothing after an unterminated quote can be read: report it alone, with its column's
        // name when the header was read before it.
        let found = p.list.len();
        let header = rows.next().and_then(|h| read_header(h, &mut p));
        p.list.truncate(found);
        return Err(p.into_error(header.as_ref().map(|h| h.names.as_slice())));
    }
    let Some(first) = rows.next() else {
        p.at(
            1,
            None,
            "no header row: the first row that is not a comment must be the column names, starting with `table`",
        );
        return Err(p.into_error(None));
    };
    let Some(header) = read_header(first, &mut p) else {
        return Err(p.into_error(None));
    };
    let mut builder = Builder::new(&header);
    for rec in rows {
        builder.row(rec, &mut p);
    }
    match builder.finish(now, &mut p) {
        Some(imported) if p.list.is_empty() => validated(imported, file),
        _ => Err(p.into_error(Some(&header.names))),
    }
}

/// The imported snapshot, if it is a valid one. The template's checks cover the snapshot's;
/// this only guards against a gap.
fn validated(imported: Imported, file: &str) -> Result<Imported> {
    let snapshot: Snapshot = serde_json::from_value(imported.snapshot.clone()).map_err(|e| {
        Error::msg(
            ErrorKind::Snapshot,
            crate::serde_words::plain(&e.to_string()),
        )
        .in_file(file)
    })?;
    let problems = snapshot.validate();
    if let Some((path, message)) = problems.into_iter().next() {
        return Err(Error::one(
            ErrorKind::Snapshot,
            Diagnostic::at_path(path.to_string(), message).in_file(file),
        ));
    }
    Ok(imported)
}

pub(super) struct Header {
    pub(super) line: u32,
    /// The names as written (lowercased), by cell index.
    pub(super) names: Vec<String>,
    /// The cell index of each known column.
    pub(super) index: [Option<usize>; 22],
}

fn read_header(rec: &Record, p: &mut Problems) -> Option<Header> {
    let first = rec
        .cells
        .first()
        .map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase());
    if first.as_deref() != Some("table") {
        p.at(
            rec.line,
            Some(1),
            "the first row must be the header: the column names, starting with `table` (start from the blank template: `portfolio-guard template`, or the page's download)",
        );
        return None;
    }
    let mut header = Header {
        line: rec.line,
        names: Vec::new(),
        index: [None; 22],
    };
    for (i, raw) in rec.cells.iter().enumerate() {
        let name = raw
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        if !name.is_empty() {
            header.place(&name, raw, i, rec.line, p);
        }
        header.names.push(name);
    }
    Some(header)
}

impl Header {
    /// Notes that the header's cell `i` (on row `line`), `raw` as written, names the column
    /// `name` (lowercased); a problem when that is no column or one already placed.
    fn place(&mut self, name: &str, raw: &str, i: usize, line: u32, p: &mut Problems) {
        match Col::parse(name) {
            None => p.at(
                line,
                Some(column_number(i)),
                format!(
                    "unknown column `{}` (the template's columns are {})",
                    raw.trim(),
                    COLUMNS.join(", ")
                ),
            ),
            Some(c) => match self.index[c.index()] {
                Some(j) => p.at(
                    line,
                    Some(column_number(i)),
                    format!(
                        "column `{name}` appears twice (also column {})",
                        column_number(j)
                    ),
                ),
                None => self.index[c.index()] = Some(i),
            },
        }
    }
}

/// One row with its header, for reading cells by column.
pub(super) struct Row<'a> {
    pub(super) line: u32,
    pub(super) cells: &'a [String],
    pub(super) quoted: &'a [bool],
    pub(super) header: &'a Header,
    pub(super) table: Table,
}

impl<'a> Row<'a> {
    pub(super) fn get(&self, c: Col) -> Option<&'a str> {
        let i = self.header.index[c.index()]?;
        cell_value(self.cells.get(i)?)
    }

    /// A free-text value (a name, an email): as [`Row::get`], except that a quoted cell keeps
    /// its leading and trailing spaces.
    pub(super) fn text(&self, c: Col) -> Option<&'a str> {
        let i = self.header.index[c.index()]?;
        let raw = self.cells.get(i)?;
        if self.quoted.get(i) == Some(&true) && !raw.trim().is_empty() {
            Some(unguard(raw))
        } else {
            self.get(c)
        }
    }

    pub(super) fn column(&self, c: Col) -> Option<u32> {
        self.header.index[c.index()].map(column_number)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::errors;

    #[test]
    fn problems_are_located_and_all_reported() {
        let text = "table,id,name,type,asset_id,who,tasks,status,captured_at\n\
                    business,1,Acme,,,,,,2026-11-01\n\
                    person,200,Dana,,,,,,\n\
                    person,200,Dana again,,,,,,\n\
                    asset,act_1,Main,ad_account,,,,,\n\
                    access,,,,act_1,200,ADVERTIZE,,\n\
                    access,,,,act_9,201,MANAGE,maybe,\n\
                    robot,1,,,,,,,\n\
                    partner,1.00000000000001E+14,,,,,,,\n\
                    asset,pg,Page,,,,,,\n";
        let e = errors(text);
        let expected = [
            "t.csv:4:2: id: duplicate id `200` (also at row 3)",
            "t.csv:6:7: tasks: unknown task `ADVERTIZE` for an ad account (expected one of AA_ANALYZE, ADVERTISE, ANALYZE, DRAFT, MANAGE; did you mean `ADVERTISE`?)",
            "t.csv:7:5: asset_id: no asset row with id `act_9`",
            "t.csv:7:6: who: no person, system user or partner row with id `201`",
            "t.csv:7:8: status: bad status `maybe` for an access row (expected active or pending)",
            "t.csv:8:1: table: unknown table `robot`",
            "t.csv:9:2: id: `1.00000000000001E+14` looks like an ID a spreadsheet turned into a number",
            "t.csv:10:4: type: missing value: every `asset` row needs its `type`",
        ];
        assert_eq!(e.len(), expected.len(), "{e:#?}");
        for (got, want) in e.iter().zip(expected) {
            assert!(
                got.starts_with(want),
                "{got}\n  does not start with\n{want}"
            );
        }
    }

    #[test]
    fn structure_problems() {
        let e = errors("table,id\nbusiness,1,Acme\n");
        assert!(
            e[0].starts_with("t.csv:2:3: this row has 3 cells but the header has 2"),
            "{e:?}"
        );
        let e = errors("table,id,name,captured_at\nbusiness,1,\"Acme,2026-11-01\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("t.csv:2:3: name: unterminated quote"),
            "{e:?}"
        );
        let e = errors("table,id,nom\nbusiness,1,x\n");
        assert!(
            e.iter()
                .any(|e| e.starts_with("t.csv:1:3: nom: unknown column `nom`")),
            "{e:?}"
        );
        assert!(
            e.iter().any(
                |e| e == "t.csv:1: the header has no `name` column, which `business` rows need"
            ),
            "{e:?}"
        );
        let e = errors("table,id,name,email,captured_at\nbusiness,1,Acme,a@b.example,2026-11-01\n");
        assert!(
            e[0].starts_with("t.csv:2:4: email: `business` rows do not use `email`"),
            "{e:?}"
        );
        let e = errors("# c\nid,table\n");
        assert!(e[0].contains("the first row must be the header"), "{e:?}");
    }
}
