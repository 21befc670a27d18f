//! One response at a time: the business node and its edges (people, invitations, partners,
//! assets), asset nodes, the per-asset grants (`assigned_users`, `agencies`), and errors.

use super::envelope::split_path;
use super::fields::{choice_of, put, str_of, text_of, time_of};
use super::{asset_edge_type, asset_id_of, redact, request_key, Importer, KNOWN_UNUSED};
use crate::json_path::JsonPath;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

impl Importer {
    /// The `data` items of an edge response, with their JSON paths; a problem when malformed.
    fn items<'a>(
        &mut self,
        path: &str,
        jp: &JsonPath,
        resp: &'a Value,
    ) -> Vec<(JsonPath, &'a Value)> {
        let Some(obj) = resp.as_object() else {
            self.problems.push((
                jp.clone(),
                "expected the Graph API's response object".into(),
            ));
            return Vec::new();
        };
        let next = obj.get("paging").and_then(|p| p.get("next"));
        let followed = next
            .and_then(Value::as_str)
            .is_some_and(|n| self.keys.contains(&request_key(n)));
        if next.is_some_and(|n| !n.is_null()) && !followed {
            self.warnings.push(format!(
                "capture incomplete: `{}` has more pages (`paging.next`); fetch them and add them to the bundle",
                redact(path)
            ));
        }
        match obj.get("data") {
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let p = jp.key("data").index(i);
                    if !item.is_object() {
                        self.problems.push((p, "expected an object".into()));
                    } else if str_of(item, "id").is_none() && str_of(item, "account_id").is_none() {
                        self.problems.push((p, "has no `id`".into()));
                    } else {
                        out.push((p, item));
                    }
                }
                out
            }
            Some(_) => {
                self.problems
                    .push((jp.key("data"), "expected an array".into()));
                Vec::new()
            }
            None => {
                self.problems.push((
                    jp.clone(),
                    "an edge response needs `data` (the list the Graph API returned)".into(),
                ));
                Vec::new()
            }
        }
    }

    /// One response of the capture, by what its path names.
    pub(super) fn response(&mut self, path: &str, jp: &JsonPath, resp: &Value) {
        let (node, edge) = split_path(path);
        if let Some(error) = resp.get("error").filter(|e| e.is_object()) {
            self.error_response(path, &node, edge.as_deref(), error);
            return;
        }
        match edge.as_deref() {
            None if node == self.business_id => self.business_node(jp, resp),
            None => self.asset_node(path, &node, jp, resp),
            Some(e) if node == self.business_id => self.business_edge(path, e, jp, resp),
            Some("assigned_users") => self.assigned_users(path, &node, jp, resp),
            Some("agencies") => self.asset_agencies(path, &node, jp, resp),
            Some(other) => self.warnings.push(format!(
                "ignored `{}`: the `{other}` edge is not mapped into the snapshot",
                redact(path)
            )),
        }
    }

    /// The business node itself (`/{business-id}?fields=…`).
    fn business_node(&mut self, jp: &JsonPath, resp: &Value) {
        let Some(_) = resp.as_object() else {
            self.problems
                .push((jp.clone(), "expected the business node object".into()));
            return;
        };
        let b = &mut self.business;
        put(b, "name", text_of(resp, "name", jp, &mut self.problems));
        put(
            b,
            "verification_status",
            text_of(resp, "verification_status", jp, &mut self.problems),
        );
        put(
            b,
            "two_factor_type",
            choice_of(
                resp,
                "two_factor_type",
                &["admin_required", "all_required", "none"],
                jp,
                &mut self.warnings,
            ),
        );
        put(
            b,
            "created_time",
            time_of(resp, "created_time", jp, &mut self.problems),
        );
    }

    /// An asset node read directly (e.g. `act_X?fields=owner,business`).
    fn asset_node(&mut self, path: &str, node: &str, jp: &JsonPath, resp: &Value) {
        if let Some(obj) = resp.as_object() {
            if obj.contains_key("id") {
                let ty = if node.starts_with("act_") {
                    Some("ad_account")
                } else {
                    None
                };
                self.asset(ty, resp, jp, false);
                return;
            }
        }
        self.warnings.push(format!(
            "ignored `{}`: not a response this importer reads",
            redact(path)
        ));
    }

    /// An asset's `assigned_users`: people and system users with their tasks on it.
    fn assigned_users(&mut self, path: &str, node: &str, jp: &JsonPath, resp: &Value) {
        self.edges.insert("assigned_users".into());
        let asset_id = self.asset_stub(node);
        for (ip, item) in self.items(path, jp, resp) {
            let Some(id) = str_of(item, "id") else {
                continue;
            };
            let system = item.get("user_type").and_then(Value::as_str) == Some("SYSTEM_USER");
            let member = self.seen_members.entry(id.clone()).or_default();
            put(
                member,
                "name",
                text_of(item, "name", &ip, &mut self.problems),
            );
            let kind = if system { "system_user" } else { "person" };
            put(member, "kind", Some(json!(kind)));
            let tasks = item.get("tasks").or_else(|| item.get("permitted_tasks"));
            self.grant(&asset_id, "member", &id, tasks, None, None);
        }
    }

    /// An asset's `agencies`: partners with their tasks on it, confirmed or pending.
    fn asset_agencies(&mut self, path: &str, node: &str, jp: &JsonPath, resp: &Value) {
        self.edges.insert("agencies".into());
        let asset_id = self.asset_stub(node);
        for (p, item) in self.items(path, jp, resp) {
            let Some(id) = str_of(item, "id") else {
                continue;
            };
            let status = item
                .get("access_status")
                .and_then(Value::as_str)
                .map(String::from);
            let status_value = match status.as_deref() {
                None | Some("CONFIRMED") => "active",
                Some(s) if s.ends_with("PENDING") => "pending",
                Some(other) => {
                    self.warnings.push(format!(
                        "{p}: unknown access_status `{other}`, counted as active"
                    ));
                    "active"
                }
            };
            let requested = time_of(item, "access_requested_time", &p, &mut self.problems);
            let updated = time_of(item, "access_updated_time", &p, &mut self.problems);
            let g = self.grant(
                &asset_id,
                "partner",
                &id,
                item.get("permitted_tasks"),
                Some(status_value),
                requested,
            );
            put(g, "access_status", status.map(Value::String));
            put(g, "access_updated_time", updated);
            let partner = self.seen_partners.entry(id).or_default();
            put(
                partner,
                "name",
                text_of(item, "name", &p, &mut self.problems),
            );
        }
    }

    /// A request the Graph API answered with an error (kept in the bundle by `collect`): what it
    /// would have said is unknown, not empty.
    fn error_response(&mut self, path: &str, node: &str, edge: Option<&str>, error: &Value) {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no message")
            .to_string();
        let code = error
            .get("code")
            .and_then(Value::as_i64)
            .map(|c| format!(" (Graph API error {c})"))
            .unwrap_or_default();
        match edge {
            Some(e @ ("assigned_users" | "agencies")) if node != self.business_id => {
                let asset_id = self.asset_stub(node);
                self.unread
                    .insert((asset_id, e.to_string(), format!("{message}{code}")));
            }
            _ => self.warnings.push(format!(
                "could not read `{}`: {message}{code}; what it lists is missing from the snapshot",
                redact(path)
            )),
        }
    }

    /// An edge of the business (`/{business-id}/{edge}`).
    fn business_edge(&mut self, path: &str, edge: &str, jp: &JsonPath, resp: &Value) {
        match edge {
            "business_users" | "system_users" => self.people(path, edge, jp, resp),
            "pending_users" => self.pending_users(path, jp, resp),
            "agencies" => self.partner_list(path, jp, resp),
            e => self.other_business_edge(path, e, jp, resp),
        }
    }

    /// `business_users` (people) or `system_users`: the business's members.
    fn people(&mut self, path: &str, edge: &str, jp: &JsonPath, resp: &Value) {
        self.edges.insert(edge.to_string());
        let kind = if edge == "system_users" {
            "system_user"
        } else {
            "person"
        };
        for (ip, item) in self.items(path, jp, resp) {
            let Some(id) = str_of(item, "id") else {
                continue;
            };
            let m = self.members.entry(id).or_default();
            m.insert("kind".into(), json!(kind));
            for key in [
                "name",
                "email",
                "role",
                "finance_permission",
                "two_fac_status",
            ] {
                put(m, key, text_of(item, key, &ip, &mut self.problems));
            }
            put(
                m,
                "created_time",
                time_of(item, "created_time", &ip, &mut self.problems),
            );
        }
    }

    /// `pending_users`: invitations not yet accepted.
    fn pending_users(&mut self, path: &str, jp: &JsonPath, resp: &Value) {
        self.edges.insert("pending_users".to_string());
        for (ip, item) in self.items(path, jp, resp) {
            let Some(id) = str_of(item, "id") else {
                continue;
            };
            let inv = self.invitations.entry(id).or_default();
            for key in ["email", "role", "status"] {
                put(inv, key, text_of(item, key, &ip, &mut self.problems));
            }
            put(
                inv,
                "created_time",
                time_of(item, "created_time", &ip, &mut self.problems),
            );
            put(
                inv,
                "expiration_time",
                time_of(item, "expiration_time", &ip, &mut self.problems)
                    .or_else(|| time_of(item, "expiry_time", &ip, &mut self.problems)),
            );
        }
    }

    /// `/{business-id}/agencies`: the business's partners.
    fn partner_list(&mut self, path: &str, jp: &JsonPath, resp: &Value) {
        self.edges.insert("agencies".to_string());
        self.partner_list = true;
        for (ip, item) in self.items(path, jp, resp) {
            let Some(id) = str_of(item, "id") else {
                continue;
            };
            let p = self.partners.entry(id).or_default();
            put(p, "name", text_of(item, "name", &ip, &mut self.problems));
        }
    }

    /// Any other business edge: an asset list, an edge read but not recorded, or unknown.
    fn other_business_edge(&mut self, path: &str, e: &str, jp: &JsonPath, resp: &Value) {
        if let Some(ty) = asset_edge_type(e) {
            self.edges.insert(e.to_string());
            let owned = e.starts_with("owned_");
            for (ip, item) in self.items(path, jp, resp) {
                self.asset(Some(ty), item, &ip, owned);
            }
        } else if KNOWN_UNUSED.contains(&e) {
            self.edges.insert(e.to_string());
            self.items(path, jp, resp);
        } else {
            self.warnings.push(format!(
                "ignored `{}`: the `{e}` edge is not mapped into the snapshot",
                redact(path)
            ));
        }
    }

    /// Adds or merges an asset from an asset edge or node.
    fn asset(&mut self, ty: Option<&str>, item: &Value, at: &JsonPath, owned: bool) {
        let Some(id) = asset_id_of(ty, item) else {
            return;
        };
        let owner = str_of(item, "owner")
            .or_else(|| item.get("owner_business").and_then(|b| str_of(b, "id")))
            .or_else(|| item.get("business").and_then(|b| str_of(b, "id")))
            .or_else(|| owned.then(|| self.business_id.clone()));
        let a = self.assets.entry(id.clone()).or_default();
        if let Some(ty) = ty {
            if a.get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t == "other")
            {
                a.insert("type".into(), json!(ty));
            }
        } else if !a.contains_key("type") {
            // A node read directly that no `owned_*`/`client_*` edge lists: its type is unknown.
            a.insert("type".into(), json!("other"));
            self.warnings.push(format!(
                "asset `{id}` appears only as a node read directly, so its type is unknown (`other`): capture the `owned_*` edge that lists it"
            ));
        }
        let name = str_of(item, "name")
            .or_else(|| str_of(item, "username"))
            .or_else(|| str_of(item, "ig_username"));
        put(a, "name", name.map(Value::String));
        put(a, "owner_business_id", owner.map(Value::String));
        // The Graph API gives `spend_cap` as a string of minor units; "0" means no limit.
        let cap = match item.get("spend_cap") {
            Some(Value::String(s)) => s.parse::<i64>().map(Value::from).ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            }),
            Some(Value::Number(n)) => Some(Value::Number(n.clone())),
            _ => None,
        };
        put(a, "spend_cap", cap);
        put(
            a,
            "created_time",
            time_of(item, "created_time", at, &mut self.problems)
                .or_else(|| time_of(item, "creation_time", at, &mut self.problems)),
        );
    }

    /// The asset a per-asset edge is about; created (type from its id, else `other`) when no
    /// asset edge listed it.
    fn asset_stub(&mut self, node: &str) -> String {
        let id = node.to_string();
        if !self.assets.contains_key(&id) {
            let ty = if id.starts_with("act_") {
                "ad_account"
            } else {
                "other"
            };
            if ty == "other" {
                self.warnings.push(format!(
                    "asset `{id}` appears only in per-asset responses, so its type is unknown (`other`): capture the `owned_*` edge that lists it"
                ));
            }
            let mut m = Map::new();
            m.insert("type".into(), json!(ty));
            self.assets.insert(id.clone(), m);
        }
        id
    }

    fn grant(
        &mut self,
        asset_id: &str,
        kind: &str,
        id: &str,
        tasks: Option<&Value>,
        status: Option<&str>,
        requested: Option<Value>,
    ) -> &mut Map<String, Value> {
        let g = self
            .grants
            .entry((asset_id.to_string(), kind.to_string(), id.to_string()))
            .or_default();
        let mut all: BTreeSet<String> = g
            .get("tasks")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(Value::Array(ts)) = tasks {
            all.extend(ts.iter().filter_map(Value::as_str).map(String::from));
        }
        g.insert("tasks".into(), json!(all));
        // A confirmed grant seen anywhere wins over a pending one.
        match (status, g.get("status").and_then(Value::as_str)) {
            (Some(s), None) => {
                g.insert("status".into(), json!(s));
            }
            (Some("active"), Some("pending")) => {
                g.insert("status".into(), json!("active"));
            }
            _ => {}
        }
        put(g, "requested_time", requested);
        g
    }
}
