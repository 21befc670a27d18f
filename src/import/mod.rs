//! Meta Graph API responses → an access snapshot.
//!
//! Input: a bundle `{"format": "meta-graph-bundle/v1", "captured_at", "api_version",
//! "business_id", "responses": {"<request path>": <response>, …}}`, or a list of
//! `{"path", "response"}` pairs. Only whitelisted fields are copied, so access tokens, invite
//! links and other secrets never reach the snapshot. Incomplete captures (`paging.next`) and
//! unused edges are warnings, not errors.

mod wrapped;
pub use wrapped::{wrapped_export, Wrapped};

use crate::error::{Error, ErrorKind, Result};
use crate::json_path::JsonPath;
use crate::snapshot::{located, serde_diagnostic};
use serde_json::{json, Map, Value};
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

/// Meta's `2024-02-01T10:00:00+0000` → RFC 3339 `2024-02-01T10:00:00+00:00`.
pub fn normalize_time(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n > 5 && matches!(b[n - 5], b'+' | b'-') && b[n - 4..].iter().all(u8::is_ascii_digit) {
        format!("{}:{}", &s[..n - 2], &s[n - 2..])
    } else {
        s.to_string()
    }
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

fn str_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// `v[key]` as text (a number is taken as its digits); absent or null is `None`. Anything else
/// (a list, an object, true/false) is a problem located in the capture, rather than a snapshot
/// that fails validation at a place in the imported text the user never saw.
fn text_of(v: &Value, key: &str, at: &JsonPath, problems: &mut Problems) -> Option<Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Value::String(s.clone())),
        Some(Value::Number(n)) => Some(Value::String(n.to_string())),
        Some(other) => {
            let what = match other {
                Value::Bool(_) => "true/false",
                Value::Array(_) => "a list",
                _ => "an object",
            };
            problems.push((at.key(key), format!("expected text, found {what}")));
            None
        }
    }
}

/// `v[key]` when it is one of `allowed`; another value is left out with a warning (Meta may add
/// values the snapshot format does not know yet).
fn choice_of(
    v: &Value,
    key: &str,
    allowed: &[&str],
    at: &JsonPath,
    warnings: &mut Vec<String>,
) -> Option<Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Some(Value::String(s.clone())),
        Some(other) => {
            let shown = match other {
                Value::String(s) => format!("`{s}`"),
                o => format!("`{o}`"),
            };
            warnings.push(format!(
                "{}: unknown {key} {shown} (expected one of {}), left out",
                at.key(key),
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            None
        }
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        if !v.is_null() && (!map.contains_key(key) || map[key].is_null()) {
            map.insert(key.to_string(), v);
        }
    }
}

/// `v[key]` as an RFC 3339 time (Meta's `+0000` offsets normalised). A value that is not a
/// time is a problem located in the capture (`at` is `v`'s path), not left for the snapshot's
/// validation to report at a place in the imported text the user never saw.
fn time_of(v: &Value, key: &str, at: &JsonPath, problems: &mut Problems) -> Option<Value> {
    let raw = str_of(v, key)?;
    let t = normalize_time(&raw);
    match crate::time::parse_rfc3339(&t) {
        Ok(_) => Some(Value::String(t)),
        Err(_) => {
            problems.push((
                at.key(key),
                format!("`{raw}` is not a time such as `2026-11-01T09:30:00+0000`"),
            ));
            None
        }
    }
}

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

impl Importer {
    fn run(
        &mut self,
        root: &Value,
        captured_at: Option<&str>,
    ) -> std::result::Result<(), Problems> {
        let top = JsonPath::root();
        let responses: Vec<(String, JsonPath, &Value)> = match root {
            Value::Object(obj) => {
                match obj.get("format").and_then(Value::as_str) {
                    Some("meta-graph-bundle/v1") => {}
                    Some(other) => {
                        return Err(vec![(
                            top.key("format"),
                            format!(
                            "unsupported bundle format `{other}`, expected `meta-graph-bundle/v1`"
                        ),
                        )])
                    }
                    None => {
                        return Err(vec![(
                            top,
                            "not a Graph bundle: no `format` (expected `meta-graph-bundle/v1`)"
                                .into(),
                        )])
                    }
                }
                for key in ["captured_at", "business_id"] {
                    if obj
                        .get(key)
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                    {
                        self.problems
                            .push((top.key(key), "missing: the bundle must say it".into()));
                    }
                }
                self.captured_at = obj
                    .get("captured_at")
                    .and_then(Value::as_str)
                    .map(normalize_time)
                    .unwrap_or_default();
                self.business_id = obj
                    .get("business_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                self.api_version = obj
                    .get("api_version")
                    .and_then(Value::as_str)
                    .map(String::from);
                match obj.get("responses") {
                    Some(Value::Object(r)) => r
                        .iter()
                        .map(|(k, v)| (k.clone(), top.key("responses").key(k), v))
                        .collect(),
                    Some(_) => {
                        return Err(vec![(
                            top.key("responses"),
                            "expected an object of request path → response".into(),
                        )])
                    }
                    None => return Err(vec![(top.key("responses"), "missing".into())]),
                }
            }
            Value::Array(items) if items.is_empty() => {
                return Err(vec![(top, "an empty list: expected a snapshot object, a Graph bundle, or a list of {path, response} pairs".into())]);
            }
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let p = top.index(i);
                    match (
                        item.get("path").and_then(Value::as_str),
                        item.get("response"),
                    ) {
                        (Some(path), Some(resp)) => {
                            out.push((path.to_string(), p.key("response"), resp))
                        }
                        _ => self
                            .problems
                            .push((p, "expected `{\"path\": \"/…\", \"response\": {…}}`".into())),
                    }
                }
                self.captured_at = captured_at.map(normalize_time).unwrap_or_default();
                if self.captured_at.is_empty() {
                    self.problems.push((top.clone(), "a list of responses has no capture time: give one (`--now` on the command line)".into()));
                }
                out
            }
            _ => {
                return Err(vec![(
                    top,
                    "expected a Graph bundle object or a list of {path, response} pairs".into(),
                )])
            }
        };
        if !self.captured_at.is_empty() {
            if let Err(e) = crate::time::parse_rfc3339(&self.captured_at) {
                let at = if root.is_array() {
                    top.clone()
                } else {
                    top.key("captured_at")
                };
                self.problems.push((at, e));
            }
        }
        if !self.business_id.is_empty()
            && !responses
                .iter()
                .any(|(path, _, _)| split_path(path).0 == self.business_id)
        {
            if let Some(other) = guess_business_id(&responses) {
                self.problems.push((
                    top.key("business_id"),
                    format!(
                        "no response is for business `{}`; the capture's business edges are for `{other}`",
                        self.business_id
                    ),
                ));
            }
        }
        if self.business_id.is_empty() {
            self.business_id = guess_business_id(&responses).unwrap_or_default();
            if self.business_id.is_empty() {
                self.problems.push((JsonPath::root(), "cannot tell which business was captured: include `/{business-id}` or a `/{business-id}/…` edge".into()));
            }
        }
        if !self.problems.is_empty() {
            return Err(std::mem::take(&mut self.problems));
        }
        self.keys = responses.iter().map(|(p, _, _)| request_key(p)).collect();
        // Asset edges first, so grants find their assets' types whatever the order.
        let mut ordered = responses;
        ordered.sort_by_key(|(path, _, _)| {
            let (node, edge) = split_path(path);
            if node == self.business_id && edge.is_some() {
                0
            } else {
                1
            }
        });
        for (path, jp, resp) in ordered {
            self.response(&path, &jp, resp);
        }
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }

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

    fn response(&mut self, path: &str, jp: &JsonPath, resp: &Value) {
        let (node, edge) = split_path(path);
        if let Some(error) = resp.get("error").filter(|e| e.is_object()) {
            self.error_response(path, &node, edge.as_deref(), error);
            return;
        }
        match edge.as_deref() {
            None if node == self.business_id => {
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
            None => {
                // An asset node read directly (e.g. `act_X?fields=owner,business`).
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
            Some(e) if node == self.business_id => self.business_edge(path, e, jp, resp),
            Some("assigned_users") => {
                self.edges.insert("assigned_users".into());
                let asset_id = self.asset_stub(&node);
                for (ip, item) in self.items(path, jp, resp) {
                    let Some(id) = str_of(item, "id") else {
                        continue;
                    };
                    let system =
                        item.get("user_type").and_then(Value::as_str) == Some("SYSTEM_USER");
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
            Some("agencies") => {
                self.edges.insert("agencies".into());
                let asset_id = self.asset_stub(&node);
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
            Some(other) => self.warnings.push(format!(
                "ignored `{}`: the `{other}` edge is not mapped into the snapshot",
                redact(path)
            )),
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

    fn business_edge(&mut self, path: &str, edge: &str, jp: &JsonPath, resp: &Value) {
        match edge {
            "business_users" | "system_users" => {
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
            "pending_users" => {
                self.edges.insert(edge.to_string());
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
            "agencies" => {
                self.edges.insert(edge.to_string());
                self.partner_list = true;
                for (ip, item) in self.items(path, jp, resp) {
                    let Some(id) = str_of(item, "id") else {
                        continue;
                    };
                    let p = self.partners.entry(id).or_default();
                    put(p, "name", text_of(item, "name", &ip, &mut self.problems));
                }
            }
            e => {
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

    fn finish(mut self) -> Imported {
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
        let mut business = std::mem::take(&mut self.business);
        business.insert("id".into(), json!(self.business_id));
        if !business.contains_key("name") {
            self.warnings.push("the business node (`/{business-id}?fields=id,name,…`) is missing: its name is unknown".into());
            business.insert("name".into(), json!(self.business_id));
        }
        let mut source = json!({"kind": "graph_bundle", "edges": self.edges});
        if let Some(v) = &self.api_version {
            source["api_version"] = json!(v);
        }
        if !self.unread.is_empty() {
            source["unread"] = self.unread_assets(&assets);
        }
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

/// `"/v25.0/act_1/agencies?fields=…"` → (`act_1`, Some(`agencies`)).
fn split_path(path: &str) -> (String, Option<String>) {
    let base = path.split('?').next().unwrap_or("");
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if parts.first().is_some_and(|p| {
        p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit() || c == '.') && p.len() > 1
    }) {
        parts.remove(0);
    }
    let node = parts.first().copied().unwrap_or("").to_string();
    let edge = parts.get(1).map(|s| s.to_string());
    (node, edge)
}

/// For a list of pairs: the node of a business edge (`/{id}/business_users` …) or the
/// `business=` parameter of `assigned_users`.
fn guess_business_id(responses: &[(String, JsonPath, &Value)]) -> Option<String> {
    for (path, _, _) in responses {
        let (node, edge) = split_path(path);
        if matches!(
            edge.as_deref(),
            Some(
                "business_users"
                    | "system_users"
                    | "pending_users"
                    | "owned_ad_accounts"
                    | "owned_pages"
            )
        ) {
            return Some(node);
        }
        if let Some(q) = path.split_once('?').map(|(_, q)| q) {
            for p in q.split('&') {
                if let Some(b) = p.strip_prefix("business=") {
                    return Some(b.to_string());
                }
            }
        }
    }
    None
}
