//! The `access` rows: read as they come, then resolved into grants once every other row is
//! read (an access row may name an asset, a person or a partner listed further down).

use super::{put, Builder};
use crate::snapshot::AssetType;
use crate::template::problems::Problems;
use crate::template::read::Row;
use crate::template::values::{
    parse_grant_status, parse_task, parse_time, parse_who_kind, split_list, NO_TASKS,
};
use crate::template::Col;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A value read from a cell, with where it was (for later checks).
#[derive(Clone)]
struct Located {
    value: String,
    line: u32,
    column: Option<u32>,
}

/// An `access` row as read, before the asset and the grantee it names are looked up.
pub(super) struct AccessRow {
    line: u32,
    asset: Option<Located>,
    who: Option<Located>,
    who_kind: Option<&'static str>,
    tasks: Option<Located>,
    status: Option<String>,
    since: Option<String>,
    expires: Option<String>,
}

impl Builder<'_> {
    pub(super) fn access_row(&mut self, row: &Row<'_>, p: &mut Problems) {
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

    /// The grants of the `access` rows; a problem for each row naming an asset or grantee that
    /// is not listed, a task its asset does not have, or the same asset and grantee again.
    pub(super) fn grants(&self, p: &mut Problems) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.access.len());
        let mut seen: HashMap<(String, &'static str, String), u32> = HashMap::new();
        for a in &self.access {
            let asset_type = a.asset.as_ref().and_then(|asset| self.asset_type(asset, p));
            let kind = a.who.as_ref().and_then(|w| self.grantee(w, a.who_kind, p));
            let tasks = a
                .tasks
                .as_ref()
                .and_then(|t| read_tasks(t, asset_type.flatten(), p));
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
            out.push(grant(a, asset, who, kind, tasks));
        }
        out
    }

    /// The type of the asset an access row names (`Some(None)`: listed, of an unknown type);
    /// `None` when no asset row has its id (reported unless that row was skipped).
    fn asset_type(&self, asset: &Located, p: &mut Problems) -> Option<Option<AssetType>> {
        match self.asset_ids.get(&asset.value) {
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
        }
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
}

/// The tasks of an access row, on an asset of type `asset_type`; `None` when one is not a task
/// of it (each reported).
fn read_tasks(
    tasks: &Located,
    asset_type: Option<AssetType>,
    p: &mut Problems,
) -> Option<Vec<String>> {
    if tasks.value == NO_TASKS {
        return Some(Vec::new());
    }
    let mut ok = true;
    let mut out = Vec::new();
    for token in split_list(&tasks.value) {
        match parse_task(&token, asset_type) {
            Ok(task) => out.push(task),
            Err(m) => {
                ok = false;
                p.at(tasks.line, tasks.column, m);
            }
        }
    }
    ok.then_some(out)
}

/// The snapshot's grant for an access row whose asset, grantee and tasks all check out.
fn grant(
    a: &AccessRow,
    asset: &Located,
    who: &Located,
    kind: &'static str,
    tasks: Vec<String>,
) -> Value {
    let mut g = Map::new();
    g.insert("asset_id".into(), json!(asset.value));
    g.insert("grantee".into(), json!({"kind": kind, "id": who.value}));
    g.insert("tasks".into(), json!(tasks));
    put(&mut g, "status", a.status.clone());
    put(&mut g, "requested_time", a.since.clone());
    put(&mut g, "expires_time", a.expires.clone());
    Value::Object(g)
}
