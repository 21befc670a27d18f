//! The capture's envelope: a bundle object or a list of `{path, response}` pairs, the capture
//! time and the business it names, and the order its responses are read in.

use super::fields::normalize_time;
use super::{request_key, Importer, Problems};
use crate::json_path::JsonPath;
use serde_json::{Map, Value};

/// One response of the capture: its request path, where it sits in the input, and itself.
pub(super) type Response<'a> = (String, JsonPath, &'a Value);

impl Importer {
    /// Reads the whole capture; the problems found, when there are any.
    pub(super) fn run(
        &mut self,
        root: &Value,
        captured_at: Option<&str>,
    ) -> std::result::Result<(), Problems> {
        let top = JsonPath::root();
        let responses = match root {
            Value::Object(obj) => self.bundle(obj)?,
            Value::Array(items) if items.is_empty() => {
                return Err(vec![(top, "an empty list: expected a snapshot object, a Graph bundle, or a list of {path, response} pairs".into())]);
            }
            Value::Array(items) => self.pairs(items, captured_at),
            _ => {
                return Err(vec![(
                    top,
                    "expected a Graph bundle object or a list of {path, response} pairs".into(),
                )])
            }
        };
        self.check_capture(root.is_array(), &responses);
        if !self.problems.is_empty() {
            return Err(std::mem::take(&mut self.problems));
        }
        self.read_responses(responses);
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }

    /// A bundle object: its format, capture time, business and responses.
    fn bundle<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
    ) -> std::result::Result<Vec<Response<'a>>, Problems> {
        let top = JsonPath::root();
        match obj.get("format").and_then(Value::as_str) {
            Some("meta-graph-bundle/v1") => {}
            Some(other) => {
                return Err(vec![(
                    top.key("format"),
                    format!("unsupported bundle format `{other}`, expected `meta-graph-bundle/v1`"),
                )])
            }
            None => {
                return Err(vec![(
                    top,
                    "not a Graph bundle: no `format` (expected `meta-graph-bundle/v1`)".into(),
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
            Some(Value::Object(r)) => Ok(r
                .iter()
                .map(|(k, v)| (k.clone(), top.key("responses").key(k), v))
                .collect()),
            Some(_) => Err(vec![(
                top.key("responses"),
                "expected an object of request path → response".into(),
            )]),
            None => Err(vec![(top.key("responses"), "missing".into())]),
        }
    }

    /// A list of `{path, response}` pairs, which has no capture time of its own.
    fn pairs<'a>(&mut self, items: &'a [Value], captured_at: Option<&str>) -> Vec<Response<'a>> {
        let top = JsonPath::root();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = top.index(i);
            match (
                item.get("path").and_then(Value::as_str),
                item.get("response"),
            ) {
                (Some(path), Some(resp)) => out.push((path.to_string(), p.key("response"), resp)),
                _ => self
                    .problems
                    .push((p, "expected `{\"path\": \"/…\", \"response\": {…}}`".into())),
            }
        }
        self.captured_at = captured_at.map(normalize_time).unwrap_or_default();
        if self.captured_at.is_empty() {
            self.problems.push((
                top,
                "a list of responses carries no capture time: give the time it was captured as `now` (`--now` on the command line)"
                    .into(),
            ));
        }
        out
    }

    /// The capture time is a time, and the business is named and is the one captured.
    fn check_capture(&mut self, is_list: bool, responses: &[Response<'_>]) {
        let top = JsonPath::root();
        if !self.captured_at.is_empty() {
            if let Err(e) = crate::time::parse_rfc3339(&self.captured_at) {
                let at = if is_list {
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
            if let Some(other) = guess_business_id(responses) {
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
            self.business_id = guess_business_id(responses).unwrap_or_default();
            if self.business_id.is_empty() {
                self.problems.push((top, "cannot tell which business was captured: include `/{business-id}` or a `/{business-id}/…` edge".into()));
            }
        }
    }

    /// Every response, the business's edges first so grants find their assets' types whatever
    /// the order.
    fn read_responses(&mut self, responses: Vec<Response<'_>>) {
        self.keys = responses.iter().map(|(p, _, _)| request_key(p)).collect();
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
    }
}

/// `"/v25.0/act_1/agencies?fields=…"` → (`act_1`, Some(`agencies`)).
pub(super) fn split_path(path: &str) -> (String, Option<String>) {
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
fn guess_business_id(responses: &[Response<'_>]) -> Option<String> {
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
