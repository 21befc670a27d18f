//! The spreadsheet template: the manual path for owners who cannot get a Graph API token.
//!
//! One CSV file (UTF-8, a byte-order mark accepted and written; RFC 4180 quoting; CRLF or LF;
//! comma separated, or `;`/tab when the header uses it) whose first column, `table`, says what a
//! row describes: the `business`, a `person`, a `system_user`, a `partner`, an `asset`, an
//! `access` (who can do what on an asset) or an `invitation`. The header row names the columns
//! ([`COLUMNS`]); a row leaves the columns its table does not use empty. Lines starting with `#`
//! are comments. docs/spreadsheet-template.md says where each value is found in Business
//! Settings.
//!
//! [`import_template`] reads a filled template into a snapshot (`source.kind` = `csv`), with
//! every problem located by file, row and column, or fails with no partial result;
//! [`export_template`] writes any snapshot as a filled template that imports back to a snapshot
//! giving the same report; [`blank_template`] is the one to start from.
//!
//! The parts, in the order a template is read:
//! - `csv`: the RFC 4180 reader and writer (records, delimiters, formula guards);
//! - `problems`: the located problems a reading collects;
//! - `read`: the header and the rows of a table, and [`import_template`];
//! - `values`: each cell's value (roles, tasks, times, IDs …) or the message of a problem;
//! - `build`: the rows of each table into the snapshot's parts (`build::tables`; the `access`
//!   rows into grants, checked against the other tables, in `build::access`), and the snapshot;
//! - `write`: a snapshot into rows ([`export_template`]), and [`blank_template`].

mod build;
mod csv;
mod problems;
mod read;
mod values;
mod write;

pub use read::import_template;
pub use write::{blank_template, export_template};

use crate::error::{Error, ErrorKind, Result};
use crate::snapshot::Snapshot;
use values::key;

/// The columns of the template, in the order the header lists them.
pub const COLUMNS: [&str; 22] = [
    "table",
    "id",
    "name",
    "type",
    "email",
    "role",
    "finance_permission",
    "two_factor",
    "status",
    "owner_business_id",
    "spend_cap",
    "asset_id",
    "who",
    "who_kind",
    "tasks",
    "since",
    "last_active",
    "expires",
    "captured_at",
    "edges",
    "unread",
    "note",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Table,
    Id,
    Name,
    Type,
    Email,
    Role,
    FinancePermission,
    TwoFactor,
    Status,
    OwnerBusinessId,
    SpendCap,
    AssetId,
    Who,
    WhoKind,
    Tasks,
    Since,
    LastActive,
    Expires,
    CapturedAt,
    Edges,
    Unread,
    Note,
}

impl Col {
    const ALL: [Col; 22] = [
        Col::Table,
        Col::Id,
        Col::Name,
        Col::Type,
        Col::Email,
        Col::Role,
        Col::FinancePermission,
        Col::TwoFactor,
        Col::Status,
        Col::OwnerBusinessId,
        Col::SpendCap,
        Col::AssetId,
        Col::Who,
        Col::WhoKind,
        Col::Tasks,
        Col::Since,
        Col::LastActive,
        Col::Expires,
        Col::CapturedAt,
        Col::Edges,
        Col::Unread,
        Col::Note,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        COLUMNS[self.index()]
    }

    fn parse(name: &str) -> Option<Col> {
        let key = name.trim().to_ascii_lowercase();
        Col::ALL.into_iter().find(|c| c.name() == key)
    }

    /// Columns that hold an ID: a spreadsheet may have turned them into numbers.
    fn is_id(self) -> bool {
        matches!(
            self,
            Col::Id | Col::OwnerBusinessId | Col::AssetId | Col::Who
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Business,
    Person,
    SystemUser,
    Partner,
    Asset,
    Access,
    Invitation,
}

const TABLE_NAMES: &str = "business, person, system_user, partner, asset, access, invitation";

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Business => "business",
            Table::Person => "person",
            Table::SystemUser => "system_user",
            Table::Partner => "partner",
            Table::Asset => "asset",
            Table::Access => "access",
            Table::Invitation => "invitation",
        }
    }

    fn parse(value: &str) -> Option<Table> {
        Some(match key(value).as_str() {
            "business" | "business_portfolio" | "portfolio" => Table::Business,
            "person" | "people" | "persons" => Table::Person,
            "system_user" | "system_users" => Table::SystemUser,
            "partner" | "partners" => Table::Partner,
            "asset" | "assets" => Table::Asset,
            "access" | "grant" | "grants" => Table::Access,
            "invitation" | "invitations" => Table::Invitation,
            _ => return None,
        })
    }

    /// Whether rows of this table use the column.
    fn uses(self, col: Col) -> bool {
        use Col::*;
        match col {
            Table | Note => true,
            _ => match self {
                Self::Business => {
                    matches!(col, Id | Name | Status | TwoFactor | CapturedAt | Edges)
                }
                Self::Person | Self::SystemUser => matches!(
                    col,
                    Id | Name | Email | Role | FinancePermission | TwoFactor | Since | LastActive
                ),
                Self::Partner => matches!(col, Id | Name | Since),
                Self::Asset => matches!(
                    col,
                    Id | Name | Type | OwnerBusinessId | SpendCap | Since | Unread
                ),
                Self::Access => {
                    matches!(
                        col,
                        AssetId | Who | WhoKind | Tasks | Status | Since | Expires
                    )
                }
                Self::Invitation => matches!(col, Id | Email | Role | Status | Since | Expires),
            },
        }
    }
}

/// True when `text` looks like a spreadsheet template rather than JSON (cheap: it reads only the
/// leading comment lines and the header).
pub fn looks_like_template(text: &str) -> bool {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return false;
    }
    match csv::header_line(t) {
        Some(line) => csv::table_delimiter(line).is_some(),
        None => t.starts_with('#'),
    }
}

/// The filled template for any input the check reads: a snapshot, a Graph API bundle or a
/// template (read and written again); the blank template when there is none.
pub fn template_for(input: Option<&str>, file: &str, now: Option<&str>) -> Result<String> {
    let Some(text) = input.filter(|t| !t.trim().trim_start_matches('\u{feff}').is_empty()) else {
        return Ok(blank_template());
    };
    let value = if crate::import::looks_like_bundle(text) {
        crate::import::import_str(text, file, now)?.snapshot
    } else if looks_like_template(text) {
        import_template(text, file, now)?.snapshot
    } else {
        let clean = text.strip_prefix('\u{feff}').unwrap_or(text);
        Snapshot::from_json_str(clean, file)?;
        serde_json::from_str(clean).map_err(|e| {
            Error::one(
                ErrorKind::Snapshot,
                crate::json_path::serde_diagnostic(&e, "", file),
            )
        })?
    };
    // A bundle's import is validated here: the template must describe a valid snapshot.
    crate::load::validated(&value, file)?;
    Ok(export_template(&value))
}

/// What the tests of every part share: the small fixture and reading a template named `t.csv`.
#[cfg(test)]
mod testing {
    use crate::error::Result;
    use crate::import::Imported;

    pub(super) const SMALL: &str = include_str!("../../tests/fixtures/small.json");

    pub(super) fn import(text: &str) -> Result<Imported> {
        super::import_template(text, "t.csv", None)
    }

    /// The problems of a template that does not import, each as `file:row:column: message`.
    pub(super) fn errors(text: &str) -> Vec<String> {
        import(text)
            .unwrap_err()
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{import, SMALL};
    use super::*;
    use serde_json::Value;

    #[test]
    fn recognised_but_json_is_not() {
        assert!(looks_like_template(&blank_template()));
        assert!(looks_like_template("table;id;name\n"));
        assert!(looks_like_template("\u{feff}# notes\n\n\"table\",\"id\"\n"));
        assert!(looks_like_template("# only a comment"));
        assert!(!looks_like_template(SMALL));
        assert!(!looks_like_template("[]"));
        assert!(!looks_like_template("tables,id"));
        assert!(!looks_like_template("schema_version: 1"));
    }

    #[test]
    fn small_round_trips() {
        let value: Value = serde_json::from_str(SMALL).unwrap();
        let csv = export_template(&value);
        assert!(csv.starts_with("\u{feff}table,id,name,type,"), "{csv}");
        let back = import(&csv).unwrap();
        assert_eq!(back.snapshot["source"]["kind"], "csv");
        for key in [
            "business",
            "members",
            "partners",
            "assets",
            "grants",
            "captured_at",
        ] {
            assert_eq!(back.snapshot[key], value[key], "{key}");
        }
        // Written again, the same bytes.
        assert_eq!(export_template(&back.snapshot), csv);
    }
}
