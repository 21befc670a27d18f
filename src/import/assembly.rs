//! The collected maps turned into the snapshot: people and partners seen only on assets,
//! the lists by id, the business, `source` (with the assets whose access could not be read).

use super::fields::put;
use super::{Imported, Importer};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

impl Importer {
    /// The snapshot, and the warnings sorted and without repeats.
    pub(super) fn finish(mut self) -> Imported {
        self.adopt_seen_members();
        self.adopt_seen_partners();
        let members = listed(
            std::mem::take(&mut self.members),
            &[("kind", Some("person")), ("name", None)],
        );
        let partners = listed(std::mem::take(&mut self.partners), &[("name", None)]);
        let assets = listed(std::mem::take(&mut self.assets), &[]);
        let grants: Vec<Value> = std::mem::take(&mut self.grants)
            .into_iter()
            .map(|((asset, kind, id), mut g)| {
                g.insert("asset_id".into(), json!(asset));
                g.insert("grantee".into(), json!({"kind": kind, "id": id}));
                Value::Object(g)
            })
            .collect();
        let invitations = listed(std::mem::take(&mut self.invitations), &[]);
        let business = self.business_entry();
        let source = self.source(&assets);
        let snapshot = json!({
            "schema_version": 1,
            "captured_at": self.captured_at,
            "source": source,
            "business": business,
            "members": members,
            "partners": partners,
            "assets": assets,
            "grants": grants,
            "invitations": invitations,
        });
        self.warnings.sort();
        self.warnings.dedup();
        Imported {
            snapshot,
            warnings: self.warnings,
        }
    }

    /// People seen only through `assigned_users` become members when the business's people
    /// were not captured; otherwise they only lend a missing name.
    fn adopt_seen_members(&mut self) {
        let people_listed =
            self.edges.contains("business_users") || self.edges.contains("system_users");
        if !people_listed && !self.seen_members.is_empty() {
            self.warnings.push("people were not captured (`business_users`, `system_users`): members are taken from `assigned_users`, so access left behind by removed people cannot be told apart".into());
        }
        for (id, m) in std::mem::take(&mut self.seen_members) {
            if !people_listed {
                self.members.entry(id).or_insert(m);
            } else if let Some(known) = self.members.get_mut(&id) {
                put(known, "name", m.get("name").cloned());
            }
        }
    }

    /// Partners seen only through the assets' `agencies`, the same way.
    fn adopt_seen_partners(&mut self) {
        if !self.partner_list && !self.seen_partners.is_empty() {
            self.warnings.push("partners were not captured (`/{business-id}/agencies`): partners are taken from the assets' `agencies`, so access left behind by removed partners cannot be told apart".into());
        }
        for (id, p) in std::mem::take(&mut self.seen_partners) {
            if !self.partner_list {
                self.partners.entry(id).or_insert(p);
            } else if let Some(known) = self.partners.get_mut(&id) {
                put(known, "name", p.get("name").cloned());
            }
        }
    }

    /// The business entry, named by its id when its node was not captured.
    fn business_entry(&mut self) -> Map<String, Value> {
        let mut business = std::mem::take(&mut self.business);
        business.insert("id".into(), json!(self.business_id));
        if !business.contains_key("name") {
            self.warnings.push("the business node (`/{business-id}?fields=id,name,…`) is missing: its name is unknown".into());
            business.insert("name".into(), json!(self.business_id));
        }
        business
    }

    /// `source`: a Graph bundle, its API version, the edges read and the ones that could not be.
    fn source(&mut self, assets: &[Value]) -> Value {
        let mut source = json!({"kind": "graph_bundle", "edges": self.edges});
        if let Some(v) = &self.api_version {
            source["api_version"] = json!(v);
        }
        if !self.unread.is_empty() {
            source["unread"] = self.unread_assets(assets);
        }
        source
    }

    /// `source.unread`, and a warning per asset whose access could not be read.
    fn unread_assets(&mut self, assets: &[Value]) -> Value {
        let mut out = Vec::new();
        for (asset_id, edge, error) in std::mem::take(&mut self.unread) {
            let asset = assets
                .iter()
                .find(|a| a.get("id").and_then(Value::as_str) == Some(asset_id.as_str()));
            let name = asset.and_then(|a| a.get("name")).and_then(Value::as_str);
            let ty = match asset.and_then(|a| a.get("type")).and_then(Value::as_str) {
                Some("ad_account") => "ad account",
                Some("page") => "Page",
                Some("instagram_account") => "Instagram account",
                Some("pixel") => "pixel",
                Some("dataset") => "dataset",
                Some("catalog") => "catalog",
                Some("whatsapp_business_account") => "WhatsApp Business account",
                _ => "asset",
            };
            let shown = match name {
                Some(n) => format!("{ty} `{n}` ({asset_id})"),
                None => format!("{ty} {asset_id}"),
            };
            let whose = if edge == "agencies" {
                "partners"
            } else {
                "people and system users"
            };
            self.warnings.push(format!(
                "could not read which {whose} have access to {shown} (`{edge}`): {error}. Checks that conclude from missing access are silent for it"
            ));
            out.push(json!({"asset_id": asset_id, "edge": edge, "error": error}));
        }
        Value::Array(out)
    }
}

/// Entries keyed by id as a list of objects with their `id`, filling each missing `defaults`
/// key with its value (`None`: the id itself, e.g. a name nobody captured).
fn listed(
    entries: BTreeMap<String, Map<String, Value>>,
    defaults: &[(&str, Option<&str>)],
) -> Vec<Value> {
    entries
        .into_iter()
        .map(|(id, mut fields)| {
            for (key, value) in defaults {
                if !fields.contains_key(*key) {
                    fields.insert((*key).to_string(), json!(value.unwrap_or(&id)));
                }
            }
            fields.insert("id".into(), json!(id));
            Value::Object(fields)
        })
        .collect()
}
