//! Writing: a snapshot as a filled template, one row per part, and the blank template.

use super::csv::push_row;
use super::values::{
    parse_finance, parse_person_two_factor, parse_role, parse_task, parse_verification, Parsed,
    NO_TASKS, UNLISTED,
};
use super::{Col, COLUMNS};
use crate::snapshot::AssetType;
use serde_json::Value;
use std::collections::HashMap;

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
    push_row(&mut out, &business_row(snapshot).0);
    let (members, partners, assets) = (list("members"), list("partners"), list("assets"));
    for m in members {
        push_row(&mut out, &member_row(m).0);
    }
    for p in partners {
        push_row(&mut out, &partner_row(p).0);
    }
    let source = snapshot.get("source").unwrap_or(&Value::Null);
    let unread = source.get("unread").and_then(Value::as_array);
    for a in assets {
        push_row(&mut out, &asset_row(a, unread).0);
    }
    let by_id = ById {
        members: by_id(members),
        partners: by_id(partners),
        assets: by_id(assets),
    };
    for g in list("grants") {
        push_row(&mut out, &by_id.access_row(g).0);
    }
    for i in list("invitations") {
        push_row(&mut out, &invitation_row(i).0);
    }
    out
}

/// The template's lines that say how to fill it in, after the header.
const BLANK_NOTES: [&str; 5] = [
    "# portfolio-guard spreadsheet template: fill it in from Meta Business Settings (business.facebook.com/settings) and save it as CSV (UTF-8).",
    "# The first column says what a row describes: business (exactly one row) / person / system_user / partner / asset / access (who can do what on an asset) / invitation.",
    "# Leave a cell empty when its row does not use the column or you do not know the value. Rows starting with # are ignored.",
    "# tasks are Meta's task names separated by spaces: on an ad account MANAGE ADVERTISE ANALYZE DRAFT or AA_ANALYZE. Format the ID columns as text so long IDs stay exact.",
    "# Where to find each value and every task name: docs/spreadsheet-template.md. The rows below are examples: copy one and remove its # to use it.",
];

/// One example row per table, commented out: the `table` cell and the cells it fills.
const EXAMPLES: [(&str, &[(Col, &str)]); 7] = [
    (
        "#business",
        &[
            (Col::Id, "100000000000001"),
            (Col::Name, "Acme Retail"),
            (Col::Status, "verified"),
            (Col::TwoFactor, "admin_required"),
            (Col::CapturedAt, "2026-11-01"),
            (
                Col::Note,
                "Business info + Security Center; captured_at = the day you read these screens",
            ),
        ],
    ),
    (
        "#person",
        &[
            (Col::Id, "200000000000011"),
            (Col::Name, "Dana Owner"),
            (Col::Email, "dana@acme.example"),
            (Col::Role, "Full control"),
            (Col::TwoFactor, "enabled"),
            (Col::Note, "Users > People"),
        ],
    ),
    (
        "#system_user",
        &[
            (Col::Id, "200000000000099"),
            (Col::Name, "Reporting integration"),
            (Col::Role, "EMPLOYEE"),
            (Col::Note, "Users > System users"),
        ],
    ),
    (
        "#partner",
        &[
            (Col::Id, "300000000000021"),
            (Col::Name, "Growth Agency Ltd"),
            (Col::Note, "Users > Partners: their business portfolio ID"),
        ],
    ),
    (
        "#asset",
        &[
            (Col::Id, "act_400000000000031"),
            (Col::Name, "Acme - Prospecting"),
            (Col::Type, "ad_account"),
            (Col::OwnerBusinessId, "100000000000001"),
            (Col::SpendCap, "0"),
            (Col::Note, "Accounts > Ad accounts"),
        ],
    ),
    (
        "#access",
        &[
            (Col::AssetId, "act_400000000000031"),
            (Col::Who, "300000000000021"),
            (Col::Tasks, "ADVERTISE ANALYZE"),
            (Col::Status, "active"),
            (
                Col::Note,
                "the ad account's Partners tab: Growth Agency can advertise and analyze",
            ),
        ],
    ),
    (
        "#invitation",
        &[
            (Col::Id, "900000000000001"),
            (Col::Email, "new.hire@acme.example"),
            (Col::Role, "EMPLOYEE"),
            (Col::Status, "PENDING"),
            (Col::Since, "2026-09-01"),
            (Col::Note, "Users > People: invitations not yet accepted"),
        ],
    ),
];

/// The template to start from: the header, a few lines saying how to fill it in, and one
/// example row per table, commented out (importing it as it is says the `business` row is
/// missing).
pub fn blank_template() -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header_cells());
    for line in BLANK_NOTES {
        out.push_str(line);
        out.push_str("\r\n");
    }
    for (table, cells) in EXAMPLES {
        let mut row = RowOut::new(table);
        for (c, value) in cells {
            row.set(*c, Some(value.to_string()));
        }
        push_row(&mut out, &row.0);
    }
    out
}

/// A row being written: every column's cell, empty until set.
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

fn header_cells() -> Vec<String> {
    COLUMNS.iter().map(|c| c.to_string()).collect()
}

/// A string or number field as the text of a cell.
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

/// The `business` row: the business, with the snapshot's `captured_at` and `source.edges`.
fn business_row(snapshot: &Value) -> RowOut {
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
    row
}

fn member_row(m: &Value) -> RowOut {
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
    row
}

fn partner_row(p: &Value) -> RowOut {
    let mut row = RowOut::new("partner");
    row.set(Col::Id, text(p, "id"))
        .set(Col::Name, text(p, "name"))
        .set(Col::Since, text(p, "added_time"));
    row
}

/// An `asset` row, with the edges that could not be read for it (`source.unread`).
fn asset_row(a: &Value, unread: Option<&Vec<Value>>) -> RowOut {
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
    row
}

fn invitation_row(i: &Value) -> RowOut {
    let mut row = RowOut::new("invitation");
    row.set(Col::Id, text(i, "id"))
        .set(Col::Email, text(i, "email"))
        .set(Col::Role, choice(text(i, "role"), parse_role))
        .set(Col::Status, text(i, "status"))
        .set(Col::Since, text(i, "created_time"))
        .set(Col::Expires, text(i, "expiration_time"));
    row
}

/// The entries of a list by their `id`.
fn by_id(list: &[Value]) -> HashMap<String, Value> {
    list.iter()
        .filter_map(|v| Some((text(v, "id")?, v.clone())))
        .collect()
}

/// The members, partners and assets by id, which an `access` row's cells depend on.
struct ById {
    members: HashMap<String, Value>,
    partners: HashMap<String, Value>,
    assets: HashMap<String, Value>,
}

impl ById {
    /// The `access` row of a grant, with a note naming its grantee and asset.
    fn access_row(&self, g: &Value) -> RowOut {
        let asset_id = text(g, "asset_id").unwrap_or_default();
        let asset = self.assets.get(&asset_id);
        let asset_type = asset
            .and_then(|a| a.get("type"))
            .and_then(Value::as_str)
            .and_then(AssetType::parse);
        let grantee = g.get("grantee").unwrap_or(&Value::Null);
        let kind = text(grantee, "kind").unwrap_or_default();
        let who = text(grantee, "id").unwrap_or_default();
        let (listed, who_kind) = self.grantee(&kind, &who);
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
            .set(Col::Tasks, Some(tasks_cell(g, asset_type)))
            .set(Col::Status, text(g, "status"))
            .set(Col::Since, text(g, "requested_time"))
            .set(Col::Expires, text(g, "expires_time"))
            .set(Col::Note, Some(note));
        row
    }

    /// The grantee's own row, if listed, and the `who_kind` to write: only where the id alone
    /// does not say who it is.
    fn grantee(&self, kind: &str, who: &str) -> (Option<&Value>, Option<String>) {
        let (mine, other) = if kind == "partner" {
            (&self.partners, &self.members)
        } else {
            (&self.members, &self.partners)
        };
        let listed = mine.get(who);
        let who_kind = match (listed, other.contains_key(who)) {
            (Some(_), false) => None,
            _ if kind == "partner" => Some("partner".to_string()),
            (Some(m), true) => Some(
                text(m, "kind")
                    .filter(|k| k == "system_user")
                    .unwrap_or_else(|| "person".into()),
            ),
            (None, _) => Some("member".to_string()),
        };
        (listed, who_kind)
    }
}

/// A grant's tasks as the `tasks` cell: each as the importer reads it back (`unlisted:` where it
/// would not), or `(none)`.
fn tasks_cell(g: &Value, asset_type: Option<AssetType>) -> String {
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
    if tasks.is_empty() {
        NO_TASKS.to_string()
    } else {
        tasks.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{errors, import};
    use super::*;
    use serde_json::json;

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
}
