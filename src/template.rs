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

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::import::{normalize_time, Imported};
use crate::snapshot::{AssetType, Snapshot};
use crate::time::{parse_rfc3339, DateOrTime};
use crate::vocab;
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

/// Stop collecting problems after this many.
const MAX_PROBLEMS: usize = 50;

/// A value written `unlisted:X` is taken as `X` even though it is not in the known list (a task
/// or role Meta added after this vocabulary; the exporter writes any such value this way).
const UNLISTED: &str = "unlisted:";

/// An `access` row's `tasks` when the grant holds no task at all.
const NO_TASKS: &str = "(none)";

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

const TABLE_NAMES: &str = "business, person, system_user, partner, asset, access, invitation";

/// Portfolio roles (`business_user.role` in Meta's business SDK, v25; ../shared/reference).
const ROLES: &[&str] = &[
    "ADMIN",
    "ADS_RIGHTS_REVIEWER",
    "DEFAULT",
    "DEVELOPER",
    "EMPLOYEE",
    "FINANCE_ANALYST",
    "FINANCE_EDIT",
    "FINANCE_EDITOR",
    "FINANCE_VIEW",
    "MANAGE",
    "PARTNER_CENTER_ADMIN",
    "PARTNER_CENTER_ANALYST",
    "PARTNER_CENTER_EDUCATION",
    "PARTNER_CENTER_MARKETING",
    "PARTNER_CENTER_OPERATIONS",
];

/// `business.verification_status` in Meta's business SDK, v25.
const VERIFICATION: &[&str] = &[
    "expired",
    "failed",
    "ineligible",
    "not_verified",
    "pending",
    "pending_need_more_info",
    "pending_submission",
    "rejected",
    "revoked",
    "verified",
];

/// Lowercase, spaces and hyphens as underscores: `Ad account` → `ad_account`.
fn key(value: &str) -> String {
    value
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

fn unlisted(value: &str) -> Option<&str> {
    let head = value.get(..UNLISTED.len())?;
    if head.eq_ignore_ascii_case(UNLISTED) {
        value.get(UNLISTED.len()..).map(str::trim)
    } else {
        None
    }
}

fn listed(values: &[&str]) -> String {
    values.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Values: each reader gives the snapshot's value, or the message of a problem.

type Parsed<T> = std::result::Result<T, String>;

fn parse_role(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    let upper = key(value).to_ascii_uppercase();
    if ROLES.contains(&upper.as_str()) {
        return Ok(upper);
    }
    match upper.as_str() {
        "FULL_CONTROL" | "ADMIN_ACCESS" => Ok("ADMIN".into()),
        "PARTIAL_ACCESS" | "EMPLOYEE_ACCESS" => Ok("EMPLOYEE".into()),
        _ => Err(format!(
            "unknown role `{value}` (expected `Full control` (ADMIN), `Partial access` (EMPLOYEE) or one of {}; `{UNLISTED}{value}` keeps a role not on this list)",
            listed(ROLES)
        )),
    }
}

fn parse_finance(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    match key(value).as_str() {
        "editor" | "finance_editor" => Ok("EDITOR".into()),
        "analyst" | "finance_analyst" => Ok("ANALYST".into()),
        _ => Err(format!(
            "unknown finance permission `{value}` (expected EDITOR or ANALYST; `{UNLISTED}{value}` keeps another)"
        )),
    }
}

fn parse_person_two_factor(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    match key(value).as_str() {
        "enabled" | "on" | "yes" | "true" => Ok("enabled".into()),
        "disabled" | "off" | "no" | "false" => Ok("disabled".into()),
        _ => Err(format!(
            "unknown two-factor status `{value}` (expected enabled or disabled)"
        )),
    }
}

fn parse_business_two_factor(value: &str) -> Parsed<String> {
    match key(value).as_str() {
        "admin_required" | "admins" | "admins_only" | "required_for_admins" => {
            Ok("admin_required".into())
        }
        "all_required" | "everyone" | "required_for_everyone" => Ok("all_required".into()),
        "none" | "off" | "not_required" => Ok("none".into()),
        _ => Err(format!(
            "unknown two-factor setting `{value}` for the business (expected admin_required, all_required or none)"
        )),
    }
}

fn parse_verification(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    let k = key(value);
    if VERIFICATION.contains(&k.as_str()) {
        Ok(k)
    } else {
        Err(format!(
            "unknown verification status `{value}` (expected one of {}; `{UNLISTED}{value}` keeps another)",
            listed(VERIFICATION)
        ))
    }
}

fn parse_grant_status(value: &str) -> Parsed<String> {
    match key(value).as_str() {
        "active" | "confirmed" => Ok("active".into()),
        "pending" => Ok("pending".into()),
        _ => Err(format!(
            "bad status `{value}` for an access row (expected active or pending)"
        )),
    }
}

fn parse_asset_type(value: &str) -> Parsed<AssetType> {
    let k = key(value);
    let t = match k.as_str() {
        "ad_accounts" | "adaccount" => Some(AssetType::AdAccount),
        "pages" | "facebook_page" => Some(AssetType::Page),
        "instagram" | "instagram_accounts" => Some(AssetType::InstagramAccount),
        "pixels" | "meta_pixel" => Some(AssetType::Pixel),
        "datasets" => Some(AssetType::Dataset),
        "catalogs" | "catalogue" | "product_catalog" => Some(AssetType::Catalog),
        "apps" => Some(AssetType::App),
        "whatsapp" | "whatsapp_account" | "whatsapp_accounts" => {
            Some(AssetType::WhatsappBusinessAccount)
        }
        other => AssetType::parse(other),
    };
    t.ok_or_else(|| {
        let all: Vec<&str> = AssetType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "unknown asset type `{value}` (expected one of {})",
            listed(&all)
        )
    })
}

/// `member` or `partner`, from the words an owner would use.
fn parse_who_kind(value: &str) -> Parsed<&'static str> {
    match key(value).as_str() {
        "person" | "people" | "system_user" | "member" => Ok("member"),
        "partner" => Ok("partner"),
        _ => Err(format!(
            "unknown who_kind `{value}` (expected person, system_user or partner)"
        )),
    }
}

fn non_empty_unlisted(raw: &str) -> Parsed<String> {
    if raw.is_empty() {
        Err(format!("`{UNLISTED}` needs a value after it"))
    } else {
        Ok(raw.to_string())
    }
}

/// A date (`2026-11-01`, taken as midnight UTC), an RFC 3339 time, or Meta's `+0000` form.
fn parse_time(value: &str) -> Parsed<String> {
    match DateOrTime::parse(value) {
        Ok(DateOrTime::Date(_)) => return Ok(format!("{value}T00:00:00Z")),
        Ok(DateOrTime::Time(_)) => return Ok(value.to_string()),
        Err(_) => {}
    }
    let meta = normalize_time(value);
    if parse_rfc3339(&meta).is_ok() {
        return Ok(meta);
    }
    Err(format!(
        "`{value}` is not a date such as `2026-11-01` or a time such as `2026-11-01T09:30:00Z` (if a spreadsheet reformatted it, format the column as text and type it again)"
    ))
}

fn parse_spend_cap(value: &str) -> Parsed<serde_json::Number> {
    match serde_json::from_str::<serde_json::Number>(value) {
        Ok(n) if n.as_f64().is_some_and(|f| f < 0.0) => {
            Err(format!("negative spend cap `{value}`"))
        }
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "spend cap `{value}` is not a number (write digits only; 0 = no spending limit)"
        )),
    }
}

/// An ID cell: a spreadsheet may have shown a long ID as `1.00000000000001E+14` and saved it so.
fn parse_id(value: &str) -> Parsed<String> {
    let v = value.strip_prefix('\'').unwrap_or(value).trim();
    let upper = v.to_ascii_uppercase();
    if let Some((mantissa, exp)) = upper.split_once("E+") {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
        if digits(mantissa) && digits(exp) {
            return Err(format!(
                "`{value}` looks like an ID a spreadsheet turned into a number: format the column as text and type the ID again"
            ));
        }
    }
    Ok(v.to_string())
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn asset_phrase(t: AssetType) -> &'static str {
    match t {
        AssetType::AdAccount => "an ad account",
        AssetType::Page => "a Page",
        AssetType::InstagramAccount => "an Instagram account",
        AssetType::Pixel => "a pixel",
        AssetType::Dataset => "a dataset",
        AssetType::Catalog => "a catalog",
        AssetType::App => "an app",
        AssetType::WhatsappBusinessAccount => "a WhatsApp Business account",
        AssetType::Other => "an asset of type other",
    }
}

/// One task of an asset of type `t` (`None`: the asset's type is unknown, take it as written).
fn parse_task(token: &str, t: Option<AssetType>) -> Parsed<String> {
    if let Some(raw) = unlisted(token) {
        return non_empty_unlisted(raw);
    }
    let Some(t) = t else {
        return Ok(token.to_string());
    };
    let Some(known) = vocab::tasks(t) else {
        // Apps and `other`: Meta publishes no fixed list.
        return Ok(token.to_string());
    };
    let upper = token.to_ascii_uppercase();
    if known.contains(&vocab::normalize(t, &upper).as_str()) {
        return Ok(upper);
    }
    let near = known
        .iter()
        .map(|k| (edit_distance(&upper, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k);
    let pages = if t == AssetType::Page {
        ", each also as PROFILE_PLUS_<task>"
    } else {
        ""
    };
    let hint = match near {
        Some(k) => format!("; did you mean `{k}`?"),
        None => format!("; `{UNLISTED}{token}` keeps a task not on this list"),
    };
    Err(format!(
        "unknown task `{token}` for {} (expected one of {}{pages}{hint})",
        asset_phrase(t),
        listed(known)
    ))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------------------------
// Recognising and reading the CSV.

/// The first line that is neither blank nor a comment, and the delimiter its `table` uses.
fn header_line(text: &str) -> Option<&str> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.split(['\n', '\r']).map(str::trim).find(|l| {
        !l.is_empty() && !l.starts_with('#') && !l.chars().all(|c| matches!(c, ',' | ';' | '\t'))
    })
}

/// The delimiter after a leading `table` (or `"table"`), if the line starts so.
fn table_delimiter(line: &str) -> Option<char> {
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

/// True when `text` looks like a spreadsheet template rather than JSON (cheap: it reads only the
/// leading comment lines and the header).
pub fn looks_like_template(text: &str) -> bool {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return false;
    }
    match header_line(t) {
        Some(line) => table_delimiter(line).is_some(),
        None => t.starts_with('#'),
    }
}

struct Record {
    /// The line the record starts on (1-based): its row in a spreadsheet.
    line: u32,
    cells: Vec<String>,
    /// Which cells were in quotes: those keep their leading and trailing spaces as text.
    quoted: Vec<bool>,
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
}

/// Problems, each located by row and column (the column's name is filled in from the header).
struct Problems {
    file: String,
    list: Vec<Diagnostic>,
}

impl Problems {
    fn at(&mut self, line: u32, column: Option<u32>, message: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(
                Diagnostic::new(message)
                    .in_file(&self.file)
                    .at_line(line, column),
            );
        }
    }

    fn into_error(mut self, header: Option<&Header>) -> Error {
        self.list.sort_by_key(|d| (d.line, d.column));
        if let Some(h) = header {
            for d in &mut self.list {
                if d.path.is_none() {
                    d.path = d
                        .column
                        .and_then(|c| h.names.get((c as usize).wrapping_sub(1)))
                        .filter(|n| !n.is_empty())
                        .cloned();
                }
            }
        }
        Error::new(ErrorKind::Snapshot, self.list)
    }
}

fn column_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// Splits the text into records; `false` when an unterminated quote ended the reading.
fn read_records(text: &str, delim: char, p: &mut Problems) -> (Vec<Record>, bool) {
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
        let line = r.line;
        let mut cells = Vec::new();
        let mut quoted = Vec::new();
        loop {
            let col = column_number(cells.len());
            let mut cell = String::new();
            quoted.push(r.peek() == Some('"'));
            if r.peek() == Some('"') {
                let opened = r.line;
                r.bump();
                loop {
                    match r.bump() {
                        None => {
                            p.at(
                                opened,
                                Some(col),
                                "unterminated quote: a cell that starts with `\"` must end with `\"` (double any `\"` inside it)",
                            );
                            return (out, false);
                        }
                        Some('"') if r.peek() == Some('"') => {
                            r.bump();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some('\r') => {
                            if r.peek() == Some('\n') {
                                r.bump();
                            }
                            r.line += 1;
                            cell.push('\n');
                        }
                        Some('\n') => {
                            r.line += 1;
                            cell.push('\n');
                        }
                        Some(c) => cell.push(c),
                    }
                }
                let mut stray = false;
                while let Some(c) = r.peek() {
                    if c == delim || c == '\n' || c == '\r' {
                        break;
                    }
                    stray |= !c.is_whitespace();
                    r.bump();
                }
                if stray {
                    p.at(
                        r.line,
                        Some(col),
                        "text after a closing quote: quote the whole cell and double any `\"` inside it",
                    );
                }
            } else {
                while let Some(c) = r.peek() {
                    if c == delim || c == '\n' || c == '\r' {
                        break;
                    }
                    cell.push(c);
                    r.bump();
                }
            }
            cells.push(cell);
            if r.peek() == Some(delim) {
                r.bump();
            } else {
                r.end_of_line();
                break;
            }
        }
        out.push(Record {
            line,
            cells,
            quoted,
        });
    }
    (out, true)
}

/// A cell as the snapshot takes it: trimmed, a formula guard (`'=`) removed, empty as `None`.
fn cell_value(raw: &str) -> Option<&str> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    Some(unguard(v))
}

/// Removes the `'` the template writes before a value a spreadsheet would take as a formula.
fn unguard(v: &str) -> &str {
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

fn is_skipped(rec: &Record) -> bool {
    rec.cells.iter().all(|c| c.trim().is_empty())
        || rec
            .cells
            .first()
            .is_some_and(|c| c.trim_start().starts_with('#'))
}

struct Header {
    line: u32,
    /// The names as written (lowercased), by cell index.
    names: Vec<String>,
    /// The cell index of each known column.
    index: [Option<usize>; 22],
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
            match Col::parse(&name) {
                None => p.at(
                    rec.line,
                    Some(column_number(i)),
                    format!(
                        "unknown column `{}` (the template's columns are {})",
                        raw.trim(),
                        COLUMNS.join(", ")
                    ),
                ),
                Some(c) => match header.index[c.index()] {
                    Some(j) => p.at(
                        rec.line,
                        Some(column_number(i)),
                        format!(
                            "column `{name}` appears twice (also column {})",
                            column_number(j)
                        ),
                    ),
                    None => header.index[c.index()] = Some(i),
                },
            }
        }
        header.names.push(name);
    }
    Some(header)
}

/// One row with its header, for reading cells by column.
struct Row<'a> {
    line: u32,
    cells: &'a [String],
    quoted: &'a [bool],
    header: &'a Header,
    table: Table,
}

impl<'a> Row<'a> {
    fn get(&self, c: Col) -> Option<&'a str> {
        let i = self.header.index[c.index()]?;
        cell_value(self.cells.get(i)?)
    }

    /// A free-text value (a name, an email): as [`Row::get`], except that a quoted cell keeps
    /// its leading and trailing spaces.
    fn text(&self, c: Col) -> Option<&'a str> {
        let i = self.header.index[c.index()]?;
        let raw = self.cells.get(i)?;
        if self.quoted.get(i) == Some(&true) && !raw.trim().is_empty() {
            Some(unguard(raw))
        } else {
            self.get(c)
        }
    }

    fn column(&self, c: Col) -> Option<u32> {
        self.header.index[c.index()].map(column_number)
    }
}

/// A value read from a cell, with where it was (for later checks).
#[derive(Clone)]
struct Located {
    value: String,
    line: u32,
    column: Option<u32>,
}

struct AccessRow {
    line: u32,
    asset: Option<Located>,
    who: Option<Located>,
    who_kind: Option<&'static str>,
    tasks: Option<Located>,
    status: Option<String>,
    since: Option<String>,
    expires: Option<String>,
}

struct Builder<'h> {
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

fn put(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        map.insert(key.to_string(), Value::String(v));
    }
}

impl<'h> Builder<'h> {
    fn new(header: &'h Header) -> Self {
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
        if let Some(first) = ids.get(id) {
            p.at(
                row.line,
                row.column(Col::Id),
                format!("duplicate id `{id}` (also at row {first})"),
            );
            false
        } else {
            ids.insert(id.to_string(), row.line);
            true
        }
    }

    fn row(&mut self, rec: &Record, p: &mut Problems) {
        let header = self.header;
        // Cells beyond the header: extra empty ones (a spreadsheet's padding) are fine.
        if rec.cells.len() > header.names.len()
            && rec.cells[header.names.len()..]
                .iter()
                .any(|c| !c.trim().is_empty())
        {
            p.at(
                rec.line,
                Some(column_number(header.names.len())),
                format!(
                    "this row has {} cells but the header has {} columns: put a value that holds a comma in quotes, or remove the extra cells",
                    rec.cells.len(),
                    header.names.len()
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
            header,
            table,
        };
        for (i, cell) in rec.cells.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            let name = header.names.get(i).map(String::as_str).unwrap_or_default();
            match Col::parse(name) {
                Some(c) if !table.uses(c) => p.at(
                    rec.line,
                    Some(column_number(i)),
                    format!(
                        "`{}` rows do not use `{}`: leave it empty (notes go in `note`)",
                        table.name(),
                        c.name()
                    ),
                ),
                Some(_) => {}
                None if name.is_empty() => p.at(
                    rec.line,
                    Some(column_number(i)),
                    "a value under a column with no name in the header",
                ),
                None => {} // an unknown column, reported at the header
            }
        }
        match table {
            Table::Business => self.business_row(&row, p),
            Table::Person | Table::SystemUser => self.member_row(&row, p),
            Table::Partner => self.partner_row(&row, p),
            Table::Asset => self.asset_row(&row, p),
            Table::Access => self.access_row(&row, p),
            Table::Invitation => self.invitation_row(&row, p),
        }
    }

    fn business_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        if let Some((first, _)) = &self.business {
            p.at(
                row.line,
                Some(1),
                format!(
                    "a second `business` row (the first is row {first}): one template describes one portfolio"
                ),
            );
            return;
        }
        let mut b = Map::new();
        put(&mut b, "id", self.required(row, Col::Id, p));
        let name = self.required(row, Col::Name, p);
        put(
            &mut b,
            "name",
            name.and_then(|_| Self::text(row, Col::Name)),
        );
        put(
            &mut b,
            "verification_status",
            self.parsed(row, Col::Status, parse_verification, p),
        );
        put(
            &mut b,
            "two_factor_type",
            self.parsed(row, Col::TwoFactor, parse_business_two_factor, p),
        );
        self.captured_at = self.parsed(row, Col::CapturedAt, parse_time, p);
        self.captured_at_col = row.column(Col::CapturedAt);
        self.captured_at_given = row.get(Col::CapturedAt).is_some();
        self.edges = row.get(Col::Edges).map(split_list);
        self.business = Some((row.line, b));
    }

    fn member_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.member_ids, &id, row, p) {
            return;
        }
        let kind = if row.table == Table::SystemUser {
            "system_user"
        } else {
            "person"
        };
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        m.insert("kind".into(), json!(kind));
        m.insert(
            "name".into(),
            json!(Self::text(row, Col::Name).unwrap_or_default()),
        );
        put(&mut m, "email", Self::text(row, Col::Email));
        put(&mut m, "role", self.parsed(row, Col::Role, parse_role, p));
        put(
            &mut m,
            "finance_permission",
            self.parsed(row, Col::FinancePermission, parse_finance, p),
        );
        put(
            &mut m,
            "two_fac_status",
            self.parsed(row, Col::TwoFactor, parse_person_two_factor, p),
        );
        put(
            &mut m,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        put(
            &mut m,
            "last_active_time",
            self.parsed(row, Col::LastActive, parse_time, p),
        );
        self.members.push(Value::Object(m));
    }

    fn partner_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.partner_ids, &id, row, p) {
            return;
        }
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        m.insert(
            "name".into(),
            json!(Self::text(row, Col::Name).unwrap_or_default()),
        );
        put(
            &mut m,
            "added_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        self.partners.push(Value::Object(m));
    }

    fn asset_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let id = self.required(row, Col::Id, p);
        let asset_type = if row.get(Col::Type).is_some() {
            self.parsed(row, Col::Type, parse_asset_type, p)
        } else {
            let _ = self.required(row, Col::Type, p);
            None
        };
        let Some(id) = id else {
            return;
        };
        if let Some((first, _)) = self.asset_ids.get(&id) {
            p.at(
                row.line,
                row.column(Col::Id),
                format!("duplicate id `{id}` (also at row {first})"),
            );
            return;
        }
        self.asset_ids.insert(id.clone(), (row.line, asset_type));
        let mut a = Map::new();
        a.insert("id".into(), json!(id));
        a.insert(
            "type".into(),
            json!(asset_type.unwrap_or(AssetType::Other).as_str()),
        );
        put(&mut a, "name", Self::text(row, Col::Name));
        put(
            &mut a,
            "owner_business_id",
            self.optional(row, Col::OwnerBusinessId, p),
        );
        if let Some(cap) = self.parsed(row, Col::SpendCap, parse_spend_cap, p) {
            a.insert("spend_cap".into(), Value::Number(cap));
        }
        put(
            &mut a,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        for edge in row.get(Col::Unread).map(split_list).unwrap_or_default() {
            self.unread.push(json!({"asset_id": id, "edge": edge}));
        }
        self.assets.push(Value::Object(a));
    }

    fn access_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let at = |c: Col, value: String| Located {
            value,
            line: row.line,
            column: row.column(c),
        };
        let asset = self
            .required(row, Col::AssetId, p)
            .map(|v| at(Col::AssetId, v));
        let who = self.required(row, Col::Who, p).map(|v| at(Col::Who, v));
        let tasks = self.required(row, Col::Tasks, p).map(|v| at(Col::Tasks, v));
        let access = AccessRow {
            line: row.line,
            asset,
            who,
            who_kind: self.parsed(row, Col::WhoKind, parse_who_kind, p),
            tasks,
            status: self.parsed(row, Col::Status, parse_grant_status, p),
            since: self.parsed(row, Col::Since, parse_time, p),
            expires: self.parsed(row, Col::Expires, parse_time, p),
        };
        self.access.push(access);
    }

    fn invitation_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.invitation_ids, &id, row, p) {
            return;
        }
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        put(&mut m, "email", Self::text(row, Col::Email));
        put(&mut m, "role", self.parsed(row, Col::Role, parse_role, p));
        put(&mut m, "status", self.optional(row, Col::Status, p));
        put(
            &mut m,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        put(
            &mut m,
            "expiration_time",
            self.parsed(row, Col::Expires, parse_time, p),
        );
        self.invitations.push(Value::Object(m));
    }

    /// The grantee of an access row: (`member` or `partner`, id).
    fn grantee(
        &self,
        who: &Located,
        kind: Option<&'static str>,
        p: &mut Problems,
    ) -> Option<&'static str> {
        let member = self.member_ids.contains_key(&who.value);
        let partner = self.partner_ids.contains_key(&who.value);
        match (kind, member, partner) {
            (Some(k), _, _) => Some(k),
            (None, true, false) => Some("member"),
            (None, false, true) => Some("partner"),
            (None, true, true) => {
                p.at(
                    who.line,
                    who.column,
                    format!(
                        "`{}` is the id of both a partner and a person or system user: say which in `who_kind`",
                        who.value
                    ),
                );
                None
            }
            (None, false, false) if self.broken_ids.contains(&who.value) => None,
            (None, false, false) => {
                p.at(
                    who.line,
                    who.column,
                    format!(
                        "no person, system user or partner row with id `{}` (if they are no longer listed but still have access, say who they are in `who_kind`)",
                        who.value
                    ),
                );
                None
            }
        }
    }

    fn grants(&self, p: &mut Problems) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.access.len());
        let mut seen: HashMap<(String, &'static str, String), u32> = HashMap::new();
        for a in &self.access {
            let asset_type = match &a.asset {
                Some(asset) => match self.asset_ids.get(&asset.value) {
                    Some((_, t)) => Some(*t),
                    None if self.broken_ids.contains(&asset.value) => None,
                    None => {
                        p.at(
                            asset.line,
                            asset.column,
                            format!("no asset row with id `{}`", asset.value),
                        );
                        None
                    }
                },
                None => None,
            };
            let kind = a.who.as_ref().and_then(|w| self.grantee(w, a.who_kind, p));
            let tasks = a.tasks.as_ref().and_then(|t| {
                if t.value == NO_TASKS {
                    return Some(Vec::new());
                }
                let mut ok = true;
                let mut tasks = Vec::new();
                for token in split_list(&t.value) {
                    match parse_task(&token, asset_type.flatten()) {
                        Ok(task) => tasks.push(task),
                        Err(m) => {
                            ok = false;
                            p.at(t.line, t.column, m);
                        }
                    }
                }
                ok.then_some(tasks)
            });
            let (Some(asset), Some(who), Some(kind), Some(tasks), Some(_)) =
                (&a.asset, &a.who, kind, tasks, asset_type)
            else {
                continue;
            };
            let key = (asset.value.clone(), kind, who.value.clone());
            if let Some(first) = seen.get(&key) {
                p.at(
                    a.line,
                    who.column,
                    format!(
                        "a second access row for asset `{}` and {kind} `{}` (the first is row {first}): put all their tasks in one row",
                        asset.value, who.value
                    ),
                );
                continue;
            }
            seen.insert(key, a.line);
            let mut g = Map::new();
            g.insert("asset_id".into(), json!(asset.value));
            g.insert("grantee".into(), json!({"kind": kind, "id": who.value}));
            g.insert("tasks".into(), json!(tasks));
            put(&mut g, "status", a.status.clone());
            put(&mut g, "requested_time", a.since.clone());
            put(&mut g, "expires_time", a.expires.clone());
            out.push(Value::Object(g));
        }
        out
    }

    fn finish(self, now: Option<&str>, p: &mut Problems) -> Option<Imported> {
        let mut warnings = Vec::new();
        let grants = self.grants(p);
        let Some((line, business)) = &self.business else {
            if self.business_broken {
                return None;
            }
            p.at(
                self.header.line,
                Some(1),
                "no `business` row: the template needs one row with table `business`, the portfolio's id, name and captured_at",
            );
            return None;
        };
        let captured_at = match (&self.captured_at, now) {
            (Some(c), _) => c.clone(),
            // Written but not a date: reported where it was read.
            (None, _) if self.captured_at_given => return None,
            (None, Some(now)) => {
                warnings.push(format!(
                    "the `business` row has no captured_at: taken as {now}"
                ));
                now.to_string()
            }
            (None, None) => {
                p.at(
                    *line,
                    self.captured_at_col,
                    "missing value: the `business` row needs `captured_at`, the date you read these screens (such as `2026-11-01`)",
                );
                return None;
            }
        };
        if !self.assets.is_empty() && self.access.is_empty() {
            warnings.push("the template has no `access` rows: the check cannot see who can touch the assets it lists".into());
        }
        let mut source = Map::new();
        source.insert("kind".into(), json!("csv"));
        if let Some(edges) = &self.edges {
            source.insert("edges".into(), json!(edges));
        }
        if !self.unread.is_empty() {
            source.insert("unread".into(), Value::Array(self.unread.clone()));
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
        Some(Imported { snapshot, warnings })
    }
}

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
    let mut p = Problems {
        file: file.to_string(),
        list: Vec::new(),
    };
    let delim = header_line(text).and_then(table_delimiter).unwrap_or(',');
    let (records, complete) = read_records(text, delim, &mut p);
    let mut rows = records.iter().filter(|r| !is_skipped(r));
    if !complete {
        // Nothing after an unterminated quote can be read: report it alone, with its column's
        // name when the header was read before it.
        let found = p.list.len();
        let header = rows.next().and_then(|h| read_header(h, &mut p));
        p.list.truncate(found);
        return Err(p.into_error(header.as_ref()));
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
    let imported = builder.finish(now, &mut p);
    match imported {
        Some(imported) if p.list.is_empty() => {
            // The template's checks cover the snapshot's; this only guards against a gap.
            let snapshot: Snapshot = serde_json::from_value(imported.snapshot.clone())
                .map_err(|e| Error::msg(ErrorKind::Snapshot, e.to_string()).in_file(file))?;
            let problems = snapshot.validate();
            if let Some((path, message)) = problems.into_iter().next() {
                return Err(Error::one(
                    ErrorKind::Snapshot,
                    Diagnostic::at_path(path.to_string(), message).in_file(file),
                ));
            }
            Ok(imported)
        }
        _ => Err(p.into_error(Some(&header))),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing.

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

fn push_row(out: &mut String, cells: &[String]) {
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

struct RowOut(Vec<String>);

impl RowOut {
    fn new(table: &str) -> Self {
        let mut cells = vec![String::new(); COLUMNS.len()];
        cells[0] = table.to_string();
        RowOut(cells)
    }

    fn set(&mut self, c: Col, value: Option<String>) -> &mut Self {
        if let Some(v) = value {
            self.0[c.index()] = v;
        }
        self
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value as the template writes it: itself when the importer reads it back unchanged,
/// otherwise `unlisted:` and the value.
fn choice(value: Option<String>, parse: fn(&str) -> Parsed<String>) -> Option<String> {
    let v = value?;
    if parse(&v).as_deref() == Ok(v.as_str()) {
        Some(v)
    } else {
        Some(format!("{UNLISTED}{v}"))
    }
}

fn header_cells() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

/// Writes a (validated) snapshot's JSON as a filled template: every field the template carries,
/// so that importing it gives a snapshot with the same report. Fields the template has no
/// column for (unknown extra fields, `source.api_version`) are left out.
pub fn export_template(snapshot: &Value) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header_cells());
    out.push_str("# portfolio-guard spreadsheet template - filled from an access snapshot. Columns and where to find each value: docs/spreadsheet-template.md\r\n");
    let empty = Vec::new();
    let list = |key: &str| {
        snapshot
            .get(key)
            .and_then(Value::as_array)
            .unwrap_or(&empty)
    };

    let business = snapshot.get("business").unwrap_or(&Value::Null);
    let source = snapshot.get("source").unwrap_or(&Value::Null);
    let edges = source.get("edges").and_then(Value::as_array).map(|e| {
        e.iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut row = RowOut::new("business");
    row.set(Col::Id, text(business, "id"))
        .set(Col::Name, text(business, "name"))
        .set(
            Col::Status,
            choice(text(business, "verification_status"), parse_verification),
        )
        .set(Col::TwoFactor, text(business, "two_factor_type"))
        .set(Col::CapturedAt, text(snapshot, "captured_at"))
        .set(Col::Edges, edges);
    push_row(&mut out, &row.0);

    let members = list("members");
    let partners = list("partners");
    let assets = list("assets");
    let ids = |l: &[Value]| -> HashMap<String, Value> {
        l.iter()
            .filter_map(|v| Some((text(v, "id")?, v.clone())))
            .collect()
    };
    let member_by_id = ids(members);
    let partner_by_id = ids(partners);
    let asset_by_id = ids(assets);

    for m in members {
        let table = if m.get("kind").and_then(Value::as_str) == Some("system_user") {
            "system_user"
        } else {
            "person"
        };
        let mut row = RowOut::new(table);
        row.set(Col::Id, text(m, "id"))
            .set(Col::Name, text(m, "name"))
            .set(Col::Email, text(m, "email"))
            .set(Col::Role, choice(text(m, "role"), parse_role))
            .set(
                Col::FinancePermission,
                choice(text(m, "finance_permission"), parse_finance),
            )
            .set(
                Col::TwoFactor,
                choice(text(m, "two_fac_status"), parse_person_two_factor),
            )
            .set(Col::Since, text(m, "created_time"))
            .set(Col::LastActive, text(m, "last_active_time"));
        push_row(&mut out, &row.0);
    }
    for p in partners {
        let mut row = RowOut::new("partner");
        row.set(Col::Id, text(p, "id"))
            .set(Col::Name, text(p, "name"))
            .set(Col::Since, text(p, "added_time"));
        push_row(&mut out, &row.0);
    }
    let unread = source.get("unread").and_then(Value::as_array);
    for a in assets {
        let id = text(a, "id");
        let unread_edges: Vec<&str> = unread
            .into_iter()
            .flatten()
            .filter(|u| text(u, "asset_id") == id)
            .filter_map(|u| u.get("edge").and_then(Value::as_str))
            .collect();
        let mut row = RowOut::new("asset");
        row.set(Col::Id, id)
            .set(Col::Name, text(a, "name"))
            .set(Col::Type, text(a, "type"))
            .set(Col::OwnerBusinessId, text(a, "owner_business_id"))
            .set(Col::SpendCap, text(a, "spend_cap"))
            .set(Col::Since, text(a, "created_time"))
            .set(
                Col::Unread,
                (!unread_edges.is_empty()).then(|| unread_edges.join(" ")),
            );
        push_row(&mut out, &row.0);
    }
    for g in list("grants") {
        let asset_id = text(g, "asset_id").unwrap_or_default();
        let asset = asset_by_id.get(&asset_id);
        let asset_type = asset
            .and_then(|a| a.get("type"))
            .and_then(Value::as_str)
            .and_then(AssetType::parse);
        let grantee = g.get("grantee").unwrap_or(&Value::Null);
        let kind = text(grantee, "kind").unwrap_or_default();
        let who = text(grantee, "id").unwrap_or_default();
        let (mine, other) = if kind == "partner" {
            (&partner_by_id, &member_by_id)
        } else {
            (&member_by_id, &partner_by_id)
        };
        let listed = mine.get(&who);
        // `who_kind` only where the id alone does not say who it is.
        let who_kind = match (listed, other.contains_key(&who)) {
            (Some(_), false) => None,
            _ if kind == "partner" => Some("partner".to_string()),
            (Some(m), true) => Some(
                text(m, "kind")
                    .filter(|k| k == "system_user")
                    .unwrap_or_else(|| "person".into()),
            ),
            (None, _) => Some("member".to_string()),
        };
        let tasks: Vec<String> = g
            .get("tasks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|t| match parse_task(t, asset_type) {
                Ok(back) if back == t => t.to_string(),
                _ => format!("{UNLISTED}{t}"),
            })
            .collect();
        let tasks = if tasks.is_empty() {
            NO_TASKS.to_string()
        } else {
            tasks.join(" ")
        };
        let who_name = listed.and_then(|m| text(m, "name"));
        let asset_name = asset.and_then(|a| text(a, "name"));
        let note = format!(
            "{} on {}",
            who_name.unwrap_or_else(|| format!("{kind} {who} (not listed)")),
            asset_name.unwrap_or_else(|| asset_id.clone())
        );
        let mut row = RowOut::new("access");
        row.set(Col::AssetId, Some(asset_id))
            .set(Col::Who, Some(who))
            .set(Col::WhoKind, who_kind)
            .set(Col::Tasks, Some(tasks))
            .set(Col::Status, text(g, "status"))
            .set(Col::Since, text(g, "requested_time"))
            .set(Col::Expires, text(g, "expires_time"))
            .set(Col::Note, Some(note));
        push_row(&mut out, &row.0);
    }
    for i in list("invitations") {
        let mut row = RowOut::new("invitation");
        row.set(Col::Id, text(i, "id"))
            .set(Col::Email, text(i, "email"))
            .set(Col::Role, choice(text(i, "role"), parse_role))
            .set(Col::Status, text(i, "status"))
            .set(Col::Since, text(i, "created_time"))
            .set(Col::Expires, text(i, "expiration_time"));
        push_row(&mut out, &row.0);
    }
    out
}

/// The template to start from: the header, a few lines saying how to fill it in, and one
/// example row per table, commented out (importing it as it is says the `business` row is
/// missing).
pub fn blank_template() -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header_cells());
    for line in [
        "# portfolio-guard spreadsheet template: fill it in from Meta Business Settings (business.facebook.com/settings) and save it as CSV (UTF-8).",
        "# The first column says what a row describes: business (exactly one row) / person / system_user / partner / asset / access (who can do what on an asset) / invitation.",
        "# Leave a cell empty when its row does not use the column or you do not know the value. Rows starting with # are ignored.",
        "# tasks are Meta's task names separated by spaces: on an ad account MANAGE ADVERTISE ANALYZE DRAFT or AA_ANALYZE. Format the ID columns as text so long IDs stay exact.",
        "# Where to find each value and every task name: docs/spreadsheet-template.md. The rows below are examples: copy one and remove its # to use it.",
    ] {
        out.push_str(line);
        out.push_str("\r\n");
    }
    let mut rows = Vec::new();
    let mut r = RowOut::new("#business");
    r.set(Col::Id, Some("100000000000001".into()))
        .set(Col::Name, Some("Acme Retail".into()))
        .set(Col::Status, Some("verified".into()))
        .set(Col::TwoFactor, Some("admin_required".into()))
        .set(Col::CapturedAt, Some("2026-11-01".into()))
        .set(
            Col::Note,
            Some(
                "Business info + Security Center; captured_at = the day you read these screens"
                    .into(),
            ),
        );
    rows.push(r);
    let mut r = RowOut::new("#person");
    r.set(Col::Id, Some("200000000000011".into()))
        .set(Col::Name, Some("Dana Owner".into()))
        .set(Col::Email, Some("dana@acme.example".into()))
        .set(Col::Role, Some("Full control".into()))
        .set(Col::TwoFactor, Some("enabled".into()))
        .set(Col::Note, Some("Users > People".into()));
    rows.push(r);
    let mut r = RowOut::new("#system_user");
    r.set(Col::Id, Some("200000000000099".into()))
        .set(Col::Name, Some("Reporting integration".into()))
        .set(Col::Role, Some("EMPLOYEE".into()))
        .set(Col::Note, Some("Users > System users".into()));
    rows.push(r);
    let mut r = RowOut::new("#partner");
    r.set(Col::Id, Some("300000000000021".into()))
        .set(Col::Name, Some("Growth Agency Ltd".into()))
        .set(
            Col::Note,
            Some("Users > Partners: their business portfolio ID".into()),
        );
    rows.push(r);
    let mut r = RowOut::new("#asset");
    r.set(Col::Id, Some("act_400000000000031".into()))
        .set(Col::Name, Some("Acme - Prospecting".into()))
        .set(Col::Type, Some("ad_account".into()))
        .set(Col::OwnerBusinessId, Some("100000000000001".into()))
        .set(Col::SpendCap, Some("0".into()))
        .set(Col::Note, Some("Accounts > Ad accounts".into()));
    rows.push(r);
    let mut r = RowOut::new("#access");
    r.set(Col::AssetId, Some("act_400000000000031".into()))
        .set(Col::Who, Some("300000000000021".into()))
        .set(Col::Tasks, Some("ADVERTISE ANALYZE".into()))
        .set(Col::Status, Some("active".into()))
        .set(
            Col::Note,
            Some("the ad account's Partners tab: Growth Agency can advertise and analyze".into()),
        );
    rows.push(r);
    let mut r = RowOut::new("#invitation");
    r.set(Col::Id, Some("900000000000001".into()))
        .set(Col::Email, Some("new.hire@acme.example".into()))
        .set(Col::Role, Some("EMPLOYEE".into()))
        .set(Col::Status, Some("PENDING".into()))
        .set(Col::Since, Some("2026-09-01".into()))
        .set(
            Col::Note,
            Some("Users > People: invitations not yet accepted".into()),
        );
    rows.push(r);
    for r in rows {
        push_row(&mut out, &r.0);
    }
    out
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
                crate::snapshot::serde_diagnostic(&e, "", file),
            )
        })?
    };
    // A bundle's import is validated here: the template must describe a valid snapshot.
    Snapshot::from_json_str(&value.to_string(), file)?;
    Ok(export_template(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = include_str!("../tests/fixtures/small.json");

    fn import(text: &str) -> Result<Imported> {
        import_template(text, "t.csv", None)
    }

    fn errors(text: &str) -> Vec<String> {
        import(text)
            .unwrap_err()
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

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

    #[test]
    fn blank_template_says_the_business_row_is_missing() {
        let e = errors(&blank_template());
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("t.csv:1:1: table: no `business` row"),
            "{}",
            e[0]
        );
    }

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

    #[test]
    fn unlisted_values_and_unknown_grantees_round_trip() {
        let value = json!({
            "schema_version": 1, "captured_at": "2026-11-01T09:30:00Z",
            "business": {"id": "1", "name": "Acme", "verification_status": "in_review"},
            "members": [{"id": "7", "kind": "person", "name": "Ann", "role": "SUPER_ADMIN", "two_fac_status": "Enabled"}],
            "partners": [{"id": "7", "name": "Same id"}],
            "assets": [{"id": "p1", "type": "page"}, {"id": "app", "type": "app"}],
            "grants": [
                {"asset_id": "p1", "grantee": {"kind": "member", "id": "7"}, "tasks": ["PROFILE_PLUS_FULL_CONTROL", "NEW_TASK"]},
                {"asset_id": "p1", "grantee": {"kind": "partner", "id": "7"}, "tasks": []},
                {"asset_id": "app", "grantee": {"kind": "partner", "id": "99"}, "tasks": ["develop"], "status": "pending"}
            ]
        });
        let csv = export_template(&value);
        assert!(csv.contains("unlisted:NEW_TASK"), "{csv}");
        assert!(csv.contains("unlisted:SUPER_ADMIN"), "{csv}");
        assert!(csv.contains("(none)"), "{csv}");
        let back = import(&csv).unwrap().snapshot;
        for key in ["business", "members", "partners", "assets", "grants"] {
            assert_eq!(back[key], value[key], "{key}");
        }
    }

    #[test]
    fn captured_at_from_now_and_warnings() {
        let text = "table,id,name,type\nbusiness,1,Acme,\nasset,a,,pixel\n";
        assert!(errors(text)[0].contains("needs `captured_at`"));
        let im = import_template(text, "t.csv", Some("2026-11-01T09:30:00Z")).unwrap();
        assert_eq!(im.snapshot["captured_at"], "2026-11-01T09:30:00Z");
        assert_eq!(im.warnings.len(), 2, "{:?}", im.warnings);
    }
}
