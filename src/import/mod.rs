//! Meta Graph API responses → an access snapshot.
//!
//! Input: a bundle `{"format": "meta-graph-bundle/v1", "captured_at", "api_version",
//! "business_id", "responses": {"<request path>": <response>, …}}`, or a list of
//! `{"path", "response"}` pairs. Only whitelisted fields are copied, so access tokens, invite
//! links and other secrets never reach the snapshot. Incomplete captures (`paging.next`) and
//! unused edges are warnings, not errors.

//!
//! The parts: `envelope` (the bundle or the list of pairs, the capture time and business, the
//! order responses are read in), `edges` (each response: the business node and its edges,
//! asset nodes, per-asset grants, errors), `fields` (one field of a response read into the
//! snapshot) and `assembly` (the collected maps turned into the snapshot).

mod assembly;
mod edges;
mod envelope;
mod fields;
mod wrapped;
pub use fields::normalize_time;
pub use wrapped::{wrapped_export, Wrapped};

use crate::error::{Error, ErrorKind, Result};
use crate::json_path::{located, serde_diagnostic, JsonPath};
use fields::str_of;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What the importer produced: the snapshot JSON and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub snapshot: Value,
    pub warnings: Vec<String>,
}

/// True when `text` looks like a Graph bundle or a list of `{path, response}` pairs rather than
/// a snapshot (cheap: no full parse).
pub fn looks_like_bundle(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('[') || (t.starts_with('{') && t.contains("\"meta-graph-bundle/"))
}

/// `captured_at` is used for a list of pairs, which has no capture time of its own.
pub fn import_str(text: &str, file: &str, captured_at: Option<&str>) -> Result<Imported> {
    let clean = text.strip_prefix('\u{feff}').unwrap_or(text);
    if clean.trim().is_empty() {
        return Err(Error::msg(ErrorKind::Snapshot, "the input is empty").in_file(file));
    }
    let value: Value = serde_json::from_str(clean)
        .map_err(|e| Error::one(ErrorKind::Snapshot, serde_diagnostic(&e, "", file)))?;
    let mut im = Importer::default();
    im.run(&value, captured_at)
        .map_err(|problems| located(ErrorKind::Snapshot, problems, clean, file))?;
    Ok(im.finish())
}

type Problems = Vec<(JsonPath, String)>;

#[derive(Default)]
struct Importer {
    business_id: String,
    captured_at: String,
    api_version: Option<String>,
    business: Map<String, Value>,
    members: BTreeMap<String, Map<String, Value>>,
    partners: BTreeMap<String, Map<String, Value>>,
    assets: BTreeMap<String, Map<String, Value>>,
    /// (asset id, grantee kind, grantee id) → grant
    grants: BTreeMap<(String, String, String), Map<String, Value>>,
    invitations: BTreeMap<String, Map<String, Value>>,
    /// People and partners seen only through per-asset edges (`assigned_users`, `agencies`):
    /// they become members/partners only when the business-level lists were not captured;
    /// otherwise their grants are access left behind (`grant-to-unknown-grantee`).
    seen_members: BTreeMap<String, Map<String, Value>>,
    seen_partners: BTreeMap<String, Map<String, Value>>,
    /// Whether `/{business}/agencies` (the partner list) was captured.
    partner_list: bool,
    /// Every response's request key ([`request_key`]), to tell a followed `paging.next` from a
    /// missing page.
    keys: BTreeSet<String>,
    /// Per-asset edges the capture holds an error for: (asset id, edge, the API's message).
    unread: BTreeSet<(String, String, String)>,
    edges: BTreeSet<String>,
    warnings: Vec<String>,
    problems: Problems,
}

/// The key a request is filed under in a bundle: the path and query without scheme, host,
/// API version (or anything before it, such as a proxy's prefix) and access token.
/// `https://graph.facebook.com/v25.0/act_1/agencies?fields=id&access_token=X&after=C` →
/// `/act_1/agencies?fields=id&after=C`.
pub fn request_key(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, after)) => after.find('/').map_or("/", |i| &after[i..]),
        None => url,
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let start = segments
        .iter()
        .position(|s| is_version(s))
        .map_or(0, |i| i + 1);
    let params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !is_secret_param(p))
        .collect();
    let mut key = format!("/{}", segments[start..].join("/"));
    if !params.is_empty() {
        key.push('?');
        key.push_str(&params.join("&"));
    }
    key
}

/// Whether a query parameter (`name=value`) carries a secret: the access token or its proof.
pub(crate) fn is_secret_param(param: &str) -> bool {
    let name = param.split('=').next().unwrap_or("");
    name.eq_ignore_ascii_case("access_token") || name.eq_ignore_ascii_case("appsecret_proof")
}

/// `v25.0`, `v3`: a Graph API version segment.
fn is_version(s: &str) -> bool {
    s.len() > 1
        && s.starts_with('v')
        && s[1..].starts_with(|c: char| c.is_ascii_digit())
        && s[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Removes secrets from a request path before it is shown in a warning.
fn redact(path: &str) -> String {
    let Some((base, query)) = path.split_once('?') else {
        return path.to_string();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if is_secret_param(p) => format!("{k}=…"),
            _ => p.to_string(),
        })
        .collect();
    format!("{base}?{}", params.join("&"))
}

const ASSET_EDGES: &[(&str, &str)] = &[
    ("owned_ad_accounts", "ad_account"),
    ("client_ad_accounts", "ad_account"),
    ("owned_pages", "page"),
    ("client_pages", "page"),
    ("owned_instagram_accounts", "instagram_account"),
    ("instagram_accounts", "instagram_account"),
    ("instagram_business_accounts", "instagram_account"),
    ("owned_instagram_assets", "instagram_account"),
    ("client_instagram_assets", "instagram_account"),
    ("owned_pixels", "pixel"),
    ("client_pixels", "pixel"),
    ("adspixels", "pixel"),
    ("ads_dataset", "dataset"),
    ("owned_product_catalogs", "catalog"),
    ("client_product_catalogs", "catalog"),
    ("owned_apps", "app"),
    ("client_apps", "app"),
    (
        "owned_whatsapp_business_accounts",
        "whatsapp_business_account",
    ),
    (
        "client_whatsapp_business_accounts",
        "whatsapp_business_account",
    ),
];

/// Edges that are understood but carry nothing the snapshot records.
const KNOWN_UNUSED: &[&str] = &[
    "clients",
    "owned_businesses",
    "partners",
    "business_asset_groups",
];

/// The type of asset an `owned_*`/`client_*` edge (and the like) lists; `None` for other edges.
pub(crate) fn asset_edge_type(edge: &str) -> Option<&'static str> {
    ASSET_EDGES
        .iter()
        .find(|(name, _)| *name == edge)
        .map(|(_, ty)| *ty)
}

/// An asset's id as paths name it: `act_<account_id>` for ad accounts.
pub(crate) fn asset_id_of(ty: Option<&str>, item: &Value) -> Option<String> {
    match (ty, str_of(item, "id"), str_of(item, "account_id")) {
        (Some("ad_account"), _, Some(acc)) => {
            Some(format!("act_{}", acc.trim_start_matches("act_")))
        }
        (Some("ad_account"), Some(id), None) => {
            Some(format!("act_{}", id.trim_start_matches("act_")))
        }
        (_, Some(id), _) => Some(id),
        (_, None, Some(acc)) => Some(format!("act_{acc}")),
        (_, None, None) => None,
    }
}
