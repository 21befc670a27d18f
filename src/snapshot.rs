//! The access snapshot (`input` in Rego): a typed model and its validation.
//!
//! The typed model holds what Rust needs; the policies read the original JSON, so unknown
//! extra fields are kept for custom policies and ignored by the built-in ones.

use crate::error::{ErrorKind, Result};
use crate::json_path::{located, parse_typed, JsonPath};
use crate::time::parse_rfc3339;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Stop collecting validation problems after this many.
const MAX_PROBLEMS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AssetType {
    AdAccount,
    Page,
    InstagramAccount,
    Pixel,
    Dataset,
    Catalog,
    App,
    WhatsappBusinessAccount,
    Other,
}

impl AssetType {
    pub const ALL: [AssetType; 9] = [
        AssetType::AdAccount,
        AssetType::Page,
        AssetType::InstagramAccount,
        AssetType::Pixel,
        AssetType::Dataset,
        AssetType::Catalog,
        AssetType::App,
        AssetType::WhatsappBusinessAccount,
        AssetType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssetType::AdAccount => "ad_account",
            AssetType::Page => "page",
            AssetType::InstagramAccount => "instagram_account",
            AssetType::Pixel => "pixel",
            AssetType::Dataset => "dataset",
            AssetType::Catalog => "catalog",
            AssetType::App => "app",
            AssetType::WhatsappBusinessAccount => "whatsapp_business_account",
            AssetType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<AssetType> {
        AssetType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum MemberKind {
    Person,
    SystemUser,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum GranteeKind {
    Member,
    Partner,
}

impl GranteeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GranteeKind::Member => "member",
            GranteeKind::Partner => "partner",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum GrantStatus {
    #[default]
    Active,
    Pending,
}

impl GrantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantStatus::Active => "active",
            GrantStatus::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SourceKind {
    Manual,
    GraphBundle,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum TwoFactorType {
    AdminRequired,
    AllRequired,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Source {
    pub kind: Option<SourceKind>,
    pub api_version: Option<String>,
    pub edges: Option<Vec<String>>,
    /// Per-asset edges that could not be read (an error from the Graph API): who has access to
    /// that asset is unknown, not none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<Vec<Unread>>,
}

/// One asset whose grants of one kind could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Unread {
    pub asset_id: String,
    /// `assigned_users` (people and system users) or `agencies` (partners).
    pub edge: String,
    /// Why, as the Graph API said it.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Business {
    pub id: String,
    pub name: String,
    pub verification_status: Option<String>,
    pub two_factor_type: Option<TwoFactorType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Member {
    pub id: String,
    pub kind: MemberKind,
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
    pub finance_permission: Option<String>,
    pub two_fac_status: Option<String>,
    pub created_time: Option<String>,
    pub last_active_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub added_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Asset {
    pub id: String,
    #[serde(rename = "type")]
    pub asset_type: AssetType,
    pub name: Option<String>,
    pub owner_business_id: Option<String>,
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub spend_cap: Option<serde_json::Number>,
    pub created_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Grantee {
    pub kind: GranteeKind,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Grant {
    pub asset_id: String,
    pub grantee: Grantee,
    pub tasks: Vec<String>,
    pub status: Option<GrantStatus>,
    pub requested_time: Option<String>,
    pub expires_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Invitation {
    pub id: String,
    pub email: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
    pub created_time: Option<String>,
    pub expiration_time: Option<String>,
}

/// A validated access snapshot (schema_version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Snapshot {
    pub schema_version: u32,
    pub captured_at: String,
    pub source: Option<Source>,
    pub business: Business,
    pub members: Vec<Member>,
    pub partners: Vec<Partner>,
    pub assets: Vec<Asset>,
    pub grants: Vec<Grant>,
    pub invitations: Option<Vec<Invitation>>,
}

impl Snapshot {
    /// Parses and validates a snapshot. `file` names the input in error messages.
    pub fn from_json_str(text: &str, file: &str) -> Result<Snapshot> {
        let snapshot: Snapshot = parse_typed(text, ErrorKind::Snapshot, file)?;
        let problems = snapshot.validate();
        if problems.is_empty() {
            Ok(snapshot)
        } else {
            Err(located(ErrorKind::Snapshot, problems, text, file))
        }
    }

    /// Semantic checks that serde cannot express. Returns (path, message) pairs.
    pub fn validate(&self) -> Vec<(JsonPath, String)> {
        let mut v = Validator::default();
        let root = JsonPath::root();
        if self.schema_version != 1 {
            v.push(
                root.key("schema_version"),
                format!(
                    "unsupported schema version {}, expected 1",
                    self.schema_version
                ),
            );
        }
        v.time(&root.key("captured_at"), Some(&self.captured_at));
        v.non_empty(&root.key("business").key("id"), &self.business.id);

        let members = root.key("members");
        let mut member_ids = HashMap::new();
        for (i, m) in self.members.iter().enumerate() {
            let p = members.index(i);
            v.unique_id(&p, &m.id, &mut member_ids, "members");
            v.time(&p.key("created_time"), m.created_time.as_deref());
            v.time(&p.key("last_active_time"), m.last_active_time.as_deref());
        }
        let partners = root.key("partners");
        let mut partner_ids = HashMap::new();
        for (i, p) in self.partners.iter().enumerate() {
            let path = partners.index(i);
            v.unique_id(&path, &p.id, &mut partner_ids, "partners");
            v.time(&path.key("added_time"), p.added_time.as_deref());
        }
        let assets = root.key("assets");
        let mut asset_ids = HashMap::new();
        for (i, a) in self.assets.iter().enumerate() {
            let p = assets.index(i);
            v.unique_id(&p, &a.id, &mut asset_ids, "assets");
            v.time(&p.key("created_time"), a.created_time.as_deref());
            if let Some(cap) = &a.spend_cap {
                if cap.as_f64().is_some_and(|c| c < 0.0) {
                    v.push(p.key("spend_cap"), format!("negative spend cap `{cap}`"));
                }
            }
        }
        let grants = root.key("grants");
        let mut seen = HashMap::new();
        for (i, g) in self.grants.iter().enumerate() {
            let p = grants.index(i);
            if !asset_ids.contains_key(g.asset_id.as_str()) {
                v.push(
                    p.key("asset_id"),
                    format!("no asset with id `{}` in `assets`", g.asset_id),
                );
            }
            v.non_empty(&p.key("grantee").key("id"), &g.grantee.id);
            for (j, t) in g.tasks.iter().enumerate() {
                if t.trim().is_empty() {
                    v.push(p.key("tasks").index(j), "empty task".to_string());
                }
            }
            let key = (g.asset_id.as_str(), g.grantee.kind, g.grantee.id.as_str());
            if let Some(first) = seen.insert(key, i) {
                v.push(
                    p.clone(),
                    format!(
                        "second grant for asset `{}` and {} `{}` (first at grants[{first}]): merge their tasks into one grant",
                        g.asset_id,
                        g.grantee.kind.as_str(),
                        g.grantee.id
                    ),
                );
            }
            v.time(&p.key("requested_time"), g.requested_time.as_deref());
            v.time(&p.key("expires_time"), g.expires_time.as_deref());
        }
        if let Some(invitations) = &self.invitations {
            let base = root.key("invitations");
            let mut ids = HashMap::new();
            for (i, inv) in invitations.iter().enumerate() {
                let p = base.index(i);
                v.unique_id(&p, &inv.id, &mut ids, "invitations");
                v.time(&p.key("created_time"), inv.created_time.as_deref());
                v.time(&p.key("expiration_time"), inv.expiration_time.as_deref());
            }
        }
        v.problems
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<(JsonPath, String)>,
}

impl Validator {
    fn push(&mut self, path: JsonPath, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push((path, message));
        }
    }

    fn time(&mut self, path: &JsonPath, value: Option<&str>) {
        if let Some(s) = value {
            if let Err(e) = parse_rfc3339(s) {
                self.push(path.clone(), e);
            }
        }
    }

    fn non_empty(&mut self, path: &JsonPath, value: &str) {
        if value.trim().is_empty() {
            self.push(path.clone(), "must not be empty".to_string());
        }
    }

    fn unique_id<'a>(
        &mut self,
        path: &JsonPath,
        id: &'a str,
        seen: &mut HashMap<&'a str, JsonPath>,
        list: &str,
    ) {
        let p = path.key("id");
        if id.trim().is_empty() {
            self.push(p, "must not be empty".to_string());
        } else if let Some(first) = seen.get(id) {
            self.push(
                p,
                format!("duplicate id `{id}` (also at {first}) in `{list}`"),
            );
        } else {
            seen.insert(id, path.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    const MINIMAL: &str = r#"{"schema_version": 1, "captured_at": "2026-11-01T09:30:00Z",
        "business": {"id": "1", "name": "Acme"}, "members": [], "partners": [], "assets": [], "grants": []}"#;

    fn err(text: &str) -> Error {
        Snapshot::from_json_str(text, "s.json").unwrap_err()
    }

    #[test]
    fn minimal_snapshot_is_valid() {
        let s = Snapshot::from_json_str(MINIMAL, "s.json").unwrap();
        assert_eq!(s.business.name, "Acme");
        assert!(s.invitations.is_none());
    }

    #[test]
    fn unknown_enum_names_path_and_line() {
        let text = MINIMAL.replace(
            "\"grants\": []",
            "\"assets2\": 1, \"grants\": [\n{\"asset_id\": \"a\", \"grantee\": {\"kind\": \"robot\", \"id\": \"1\"}, \"tasks\": []}]",
        );
        let e = err(&text);
        let d = &e.errors[0];
        assert_eq!(d.path.as_deref(), Some("grants[0].grantee.kind"));
        assert!(
            d.message.contains("unknown variant `robot`"),
            "{}",
            d.message
        );
        assert!(d.message.contains("`member`"), "{}", d.message);
        assert_eq!(d.line, Some(3));
        assert_eq!(e.to_string().lines().count(), 1);
    }

    #[test]
    fn missing_required_field() {
        let e = err(
            r#"{"schema_version": 1, "captured_at": "2026-11-01T09:30:00Z", "business": {"id": "1"}}"#,
        );
        assert_eq!(e.errors[0].path.as_deref(), Some("business"));
        assert!(e.errors[0].message.contains("missing field `name`"));
    }

    #[test]
    fn semantic_problems_are_all_reported_with_lines() {
        let text = r#"{"schema_version": 1, "captured_at": "2026-11-01T09:30:00Z",
"business": {"id": "1", "name": "Acme"},
"members": [{"id": "m", "kind": "person", "name": "A"}, {"id": "m", "kind": "person", "name": "B"}],
"partners": [],
"assets": [{"id": "act_1", "type": "ad_account"}],
"grants": [
  {"asset_id": "act_1", "grantee": {"kind": "partner", "id": "p"}, "tasks": ["ANALYZE"]},
  {"asset_id": "act_1", "grantee": {"kind": "partner", "id": "p"}, "tasks": ["ADVERTISE"]},
  {"asset_id": "act_9", "grantee": {"kind": "member", "id": "m"}, "tasks": [], "requested_time": "2024-02-01T10:00:00+0000"}
]}"#;
        let e = err(text);
        let shown: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{shown:#?}");
        assert!(shown[0].starts_with("s.json:3:"), "{}", shown[0]);
        assert!(shown[0].contains("members[1].id: duplicate id `m` (also at members[0])"));
        assert!(shown[1].starts_with("s.json:8:") && shown[1].contains("grants[1]: second grant"));
        assert!(shown[2].contains("grants[2].asset_id: no asset with id `act_9`"));
        assert!(shown[3].contains("grants[2].requested_time") && shown[3].contains("`+0000`"));
    }

    #[test]
    fn syntax_and_empty_inputs() {
        let e = err("{\"schema_version\": 1,\n  \"captured_at\": }");
        assert_eq!(e.errors[0].line, Some(2));
        assert!(e.errors[0].message.starts_with("invalid JSON"));
        assert!(err("").errors[0].message.contains("empty"));
        assert!(err("{\"schema_version\": 1").errors[0]
            .message
            .contains("truncated"));
        assert!(err("[]").errors[0]
            .message
            .contains("expected an object (the snapshot)"));
        let e = err(&MINIMAL.replace("\"schema_version\": 1", "\"schema_version\": 2"));
        assert!(e.errors[0].message.contains("unsupported schema version 2"));
    }

    #[test]
    fn null_optional_fields_and_bom_are_fine() {
        let text = format!(
            "\u{feff}{}",
            MINIMAL.replace(
                "\"grants\": []",
                "\"grants\": [], \"invitations\": null, \"source\": null"
            )
        );
        assert!(Snapshot::from_json_str(&text, "s.json").is_ok());
    }
}
