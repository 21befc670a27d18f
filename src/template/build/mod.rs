//! The builder: each row after the header into the part of the snapshot it describes, checked
//! as it is read (`tables`; the `access` rows are resolved into grants in `access` once every
//! row is read), then the snapshot.

mod access;
mod tables;

use super::csv::{cell_value, Record};
use super::problems::{column_number, Problems};
use super::read::{Header, Row};
use super::values::{parse_id, Parsed};
use super::{Col, Table, TABLE_NAMES};
use crate::import::Imported;
use crate::snapshot::AssetType;
use access::AccessRow;
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

/// The snapshot's parts as the rows give them, and what later rows are checked against.
pub(super) struct Builder<'h> {
    header: &'h Header,
    missing_columns: BTreeSet<Col>,
    business: Option<(u32, Map<String, Value>)>,
    captured_at: Option<String>,
    captured_at_col: Option<u32>,
    /// `captured_at` was written (and reported if it did not parse).
    captured_at_given: bool,
    /// Rows with too many cells are reported and skipped: their ids (and a skipped `business`
    /// row) are remembered so that rows naming them are not reported again.
    broken_ids: BTreeSet<String>,
    business_broken: bool,
    edges: Option<Vec<String>>,
    members: Vec<Value>,
    member_ids: HashMap<String, u32>,
    partners: Vec<Value>,
    partner_ids: HashMap<String, u32>,
    assets: Vec<Value>,
    asset_ids: HashMap<String, (u32, Option<AssetType>)>,
    unread: Vec<Value>,
    access: Vec<AccessRow>,
    invitations: Vec<Value>,
    invitation_ids: HashMap<String, u32>,
}

/// Sets `key` when there is a value.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        map.insert(key.to_string(), Value::String(v));
    }
}

impl<'h> Builder<'h> {
    pub(super) fn new(header: &'h Header) -> Self {
        Builder {
            header,
            missing_columns: BTreeSet::new(),
            business: None,
            captured_at: None,
            captured_at_col: None,
            captured_at_given: false,
            broken_ids: BTreeSet::new(),
            business_broken: false,
            edges: None,
            members: Vec::new(),
            member_ids: HashMap::new(),
            partners: Vec::new(),
            partner_ids: HashMap::new(),
            assets: Vec::new(),
            asset_ids: HashMap::new(),
            unread: Vec::new(),
            access: Vec::new(),
            invitations: Vec::new(),
            invitation_ids: HashMap::new(),
        }
    }

    /// A value the row needs: a problem when the header lacks the column or the cell is empty.
    fn required(&mut self, row: &Row<'_>, c: Col, p: &mut Problems) -> Option<String> {
        if row.column(c).is_none() {
            if self.missing_columns.insert(c) {
                p.at(
                    self.header.line,
                    None,
                    format!(
                        "the header has no `{}` column, which `{}` rows need",
                        c.name(),
                        row.table.name()
                    ),
                );
            }
            return None;
        }
        match row.get(c) {
            Some(v) => self.checked(row, c, v, p),
            None => {
                p.at(
                    row.line,
                    row.column(c),
                    format!(
                        "missing value: every `{}` row needs its `{}`",
                        row.table.name(),
                        c.name()
                    ),
                );
                None
            }
        }
    }

    /// A value the row may leave empty.
    fn optional(&self, row: &Row<'_>, c: Col, p: &mut Problems) -> Option<String> {
        let v = row.get(c)?;
        self.checked(row, c, v, p)
    }

    /// Free text (a name, an email), kept as written when quoted.
    fn text(row: &Row<'_>, c: Col) -> Option<String> {
        row.text(c).map(str::to_string)
    }

    fn checked(&self, row: &Row<'_>, c: Col, v: &str, p: &mut Problems) -> Option<String> {
        if c.is_id() {
            match parse_id(v) {
                Ok(id) => Some(id),
                Err(m) => {
                    p.at(row.line, row.column(c), m);
                    None
                }
            }
        } else {
            Some(v.to_string())
        }
    }

    /// An optional value read by `parse`; a problem at its cell when it does not parse.
    fn parsed<T>(
        &self,
        row: &Row<'_>,
        c: Col,
        parse: impl Fn(&str) -> Parsed<T>,
        p: &mut Problems,
    ) -> Option<T> {
        let v = row.get(c)?;
        match parse(v) {
            Ok(t) => Some(t),
            Err(m) => {
                p.at(row.line, row.column(c), m);
                None
            }
        }
    }

    fn unique(ids: &mut HashMap<String, u32>, id: &str, row: &Row<'_>, p: &mut Problems) -> bool {
        if Self::duplicate(ids.get(id).copied(), id, row, p) {
            return false;
        }
        ids.insert(id.to_string(), row.line);
        true
    }

    /// Whether `id` was already listed (at row `first`); if so, a problem at this row's id.
    fn duplicate(first: Option<u32>, id: &str, row: &Row<'_>, p: &mut Problems) -> bool {
        let Some(first) = first else {
            return false;
        };
        p.at(
            row.line,
            row.column(Col::Id),
            format!("duplicate id `{id}` (also at row {first})"),
        );
        true
    }

    /// Reads one record after the header into the part of the snapshot its table describes.
    pub(super) fn row(&mut self, rec: &Record, p: &mut Problems) {
        if self.too_many_cells(rec, p) {
            return;
        }
        let table_cell = rec.cells.first().map(|c| c.trim()).unwrap_or_default();
        let Some(table) = Table::parse(table_cell) else {
            p.at(
                rec.line,
                Some(1),
                format!("unknown table `{table_cell}` (expected one of {TABLE_NAMES})"),
            );
            return;
        };
        let row = Row {
            line: rec.line,
            cells: &rec.cells,
            quoted: &rec.quoted,
            header: self.header,
            table,
        };
        unused_cells(&row, p);
        match table {
            Table::Business => self.business_row(&row, p),
            Table::Person | Table::SystemUser => self.member_row(&row, p),
            Table::Partner => self.partner_row(&row, p),
            Table::Asset => self.asset_row(&row, p),
            Table::Access => self.access_row(&row, p),
            Table::Invitation => self.invitation_row(&row, p),
        }
    }

    /// True (and reported) when the record has values in cells beyond the header's columns
    /// (extra empty ones, a spreadsheet's padding, are fine). The row is skipped, and its id
    /// remembered so that the rows naming it are not reported again.
    fn too_many_cells(&mut self, rec: &Record, p: &mut Problems) -> bool {
        let header = self.header;
        let width = header.names.len();
        if rec.cells.len() <= width || rec.cells[width..].iter().all(|c| c.trim().is_empty()) {
            return false;
        }
        p.at(
            rec.line,
            Some(column_number(width)),
            format!(
                "this row has {} cells but the header has {} columns: put a value that holds a comma in quotes, or remove the extra cells",
                rec.cells.len(),
                width
            ),
        );
        let cell = |c: Col| {
            header.index[c.index()]
                .and_then(|i| rec.cells.get(i))
                .and_then(|v| cell_value(v))
        };
        match cell(Col::Table).and_then(Table::parse) {
            Some(Table::Business) => self.business_broken = true,
            Some(Table::Access) | None => {}
            Some(_) => {
                if let Some(id) = cell(Col::Id) {
                    self.broken_ids
                        .insert(id.trim_start_matches('\'').to_string());
                }
            }
        }
        true
    }

    /// The snapshot, once every row is read; `None` when a problem keeps it from being one
    /// (reported, unless reported already).
    pub(super) fn finish(mut self, now: Option<&str>, p: &mut Problems) -> Option<Imported> {
        let mut warnings = Vec::new();
        let grants = self.grants(p);
        let Some((line, business)) = self.business.take() else {
            if !self.business_broken {
                p.at(
                    self.header.line,
                    Some(1),
                    "no `business` row: the template needs one row with table `business`, the portfolio's id, name and captured_at",
                );
            }
            return None;
        };
        let captured_at = self.capture_time(now, line, &mut warnings, p)?;
        if !self.assets.is_empty() && self.access.is_empty() {
            warnings.push("the template has no `access` rows: the check cannot see who can touch the assets it lists".into());
        }
        let snapshot = self.snapshot(captured_at, business, grants);
        Some(Imported { snapshot, warnings })
    }

    /// The `business` row's `captured_at` (on row `line`), else `now` (with a warning).
    fn capture_time(
        &self,
        now: Option<&str>,
        line: u32,
        warnings: &mut Vec<String>,
        p: &mut Problems,
    ) -> Option<String> {
        match (&self.captured_at, now) {
            (Some(c), _) => Some(c.clone()),
            // Written but not a date: reported where it was read.
            (None, _) if self.captured_at_given => None,
            (None, Some(now)) => {
                warnings.push(format!(
                    "the `business` row has no captured_at: taken as {now}"
                ));
                Some(now.to_string())
            }
            (None, None) => {
                p.at(
                    line,
                    self.captured_at_col,
                    "missing value: the `business` row needs `captured_at`, the date you read these screens (such as `2026-11-01`)",
                );
                None
            }
        }
    }

    fn snapshot(
        self,
        captured_at: String,
        business: Map<String, Value>,
        grants: Vec<Value>,
    ) -> Value {
        let mut source = Map::new();
        source.insert("kind".into(), json!("csv"));
        if let Some(edges) = &self.edges {
            source.insert("edges".into(), json!(edges));
        }
        if !self.unread.is_empty() {
            source.insert("unread".into(), Value::Array(self.unread));
        }
        let mut snapshot = json!({
            "schema_version": 1,
            "captured_at": captured_at,
            "source": source,
            "business": business,
            "members": self.members,
            "partners": self.partners,
            "assets": self.assets,
            "grants": grants,
        });
        if !self.invitations.is_empty() {
            snapshot["invitations"] = Value::Array(self.invitations);
        }
        snapshot
    }
}

/// Reports the values in columns the row's table does not use, or under no column name.
fn unused_cells(row: &Row<'_>, p: &mut Problems) {
    for (i, cell) in row.cells.iter().enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        let name = row
            .header
            .names
            .get(i)
            .map(String::as_str)
            .unwrap_or_default();
        match Col::parse(name) {
            Some(c) if !row.table.uses(c) => p.at(
                row.line,
                Some(column_number(i)),
                format!(
                    "`{}` rows do not use `{}`: leave it empty (notes go in `note`)",
                    row.table.name(),
                    c.name()
                ),
            ),
            Some(_) => {}
            None if name.is_empty() => p.at(
                row.line,
                Some(column_number(i)),
                "a value under a column with no name in the header",
            ),
            None => {} // an unknown column, reported at the header
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::template::import_template;
    use crate::template::testing::errors;

    #[test]
    fn captured_at_from_now_and_warnings() {
        let text = "table,id,name,type\nbusiness,1,Acme,\nasset,a,,pixel\n";
        assert!(errors(text)[0].contains("needs `captured_at`"));
        let im = import_template(text, "t.csv", Some("2026-11-01T09:30:00Z")).unwrap();
        assert_eq!(im.snapshot["captured_at"], "2026-11-01T09:30:00Z");
        assert_eq!(im.warnings.len(), 2, "{:?}", im.warnings);
    }
}
