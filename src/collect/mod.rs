//! Collecting a business's access data from Meta's Graph API: a plan that says which HTTP calls
//! to make next given the answers so far, and folds every answer into a `meta-graph-bundle/v1`
//! bundle, exactly what [`crate::import`] reads.
//!
//! The plan sends nothing itself: a transport (the CLI's blocking HTTP client, or `fetch` in the
//! page and the extension through the WebAssembly package) asks [`Plan::next_step`] for a [`Step`],
//! makes the calls, adds the access token (the plan never sees it) and hands each answer back
//! with [`Plan::answer`]. Every request goes in a Graph API batch (up to 50 per call), so the
//! token travels in the POST body, never in a URL.

mod answer;
#[cfg(feature = "cli")]
pub mod http;
pub mod requests;

use crate::error::{Error, ErrorKind};
use answer::Outcome;
use requests::{asset_id_of, asset_path, business_path, BUSINESS_REQUESTS};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub use answer::is_throttling;

/// Meta's Graph API.
pub const DEFAULT_GRAPH_URL: &str = "https://graph.facebook.com";
/// The Graph API version asked for when none is given.
pub const DEFAULT_API_VERSION: &str = "v25.0";
/// At most this many requests per batch call (Meta's limit).
pub const BATCH_SIZE: usize = 50;
/// A transient error (5xx, no answer) is tried this many times before the collection stops.
const MAX_ATTEMPTS: u32 = 6;
/// A call that got no answer at all (offline, blocked) is tried this many times.
const MAX_NETWORK_ATTEMPTS: u32 = 3;

/// What to collect and how patiently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(rename = "CollectOptions")
)]
pub struct Options {
    /// The business portfolio ID (digits).
    pub business_id: String,
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// The API's base URL, Meta's by default; a proxy or a test server otherwise.
    #[serde(default = "default_graph_url")]
    pub graph_url: String,
    /// The longest total wait for rate limits and retries before giving up, in milliseconds.
    #[serde(default = "default_max_wait_ms")]
    pub max_wait_ms: u64,
    /// The first retry waits this long, doubling each time (unless Meta says to wait longer).
    #[serde(default = "default_retry_base_ms")]
    pub retry_base_ms: u64,
}

fn default_api_version() -> String {
    DEFAULT_API_VERSION.to_string()
}
fn default_graph_url() -> String {
    DEFAULT_GRAPH_URL.to_string()
}
fn default_max_wait_ms() -> u64 {
    5 * 60 * 1000
}
fn default_retry_base_ms() -> u64 {
    1000
}

impl Options {
    pub fn new(business_id: &str) -> Self {
        Options {
            business_id: business_id.to_string(),
            api_version: default_api_version(),
            graph_url: default_graph_url(),
            max_wait_ms: default_max_wait_ms(),
            retry_base_ms: default_retry_base_ms(),
        }
    }
}

/// One HTTP call to make: a POST of `form` (URL-encoded) to `url`, plus the access token as the
/// form field `access_token`, which the transport adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(rename = "CollectCall"))]
pub struct Call {
    pub id: u32,
    pub method: &'static str,
    pub url: String,
    pub form: BTreeMap<String, String>,
}

/// What the transport does next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Make these calls (in any order, concurrently or not), answer each, then ask again.
    Send { calls: Vec<Call> },
    /// Wait this long (a rate limit or a retry), then ask again.
    Wait { ms: u64, reason: String },
    /// Everything was read: take [`Plan::bundle`].
    Done,
    /// The collection cannot go on.
    Failed { error: Error },
}

/// How far the collection is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(rename = "CollectProgress")
)]
pub struct Progress {
    /// Requests answered (read, or recorded as unreadable).
    pub done: usize,
    /// Requests known so far (grows as asset lists and pages arrive).
    pub total: usize,
    /// What is being read, e.g. `owned_ad_accounts (page 2)` or `agencies of act_400…`.
    pub reading: String,
    /// HTTP calls made so far.
    pub calls: u32,
    /// Total time spent waiting for rate limits and retries, in ms.
    pub waited_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Queued,
    InFlight,
    Read,
    Unread,
}

#[derive(Debug, Clone)]
struct Request {
    /// The bundle key: the path without version or token (see [`crate::import::request_key`]).
    path: String,
    label: String,
    /// The business edge (`""` for the node itself), or `None` for a per-asset request.
    business_edge: Option<&'static str>,
    optional: bool,
    page: u32,
    attempts: u32,
    state: State,
}

/// The collection's state: which requests are known, sent, answered; the answers so far.
#[derive(Debug, Clone)]
pub struct Plan {
    opts: Options,
    requests: Vec<Request>,
    known: BTreeSet<String>,
    queue: VecDeque<usize>,
    in_flight: BTreeMap<u32, Vec<usize>>,
    next_call: u32,
    assets: BTreeSet<String>,
    responses: Map<String, Value>,
    delay_ms: u64,
    delay_reason: String,
    waited_ms: u64,
    calls: u32,
    reading: String,
    fatal: Option<Error>,
    secret: Option<Secret>,
}

/// The access token, held only to scrub it from answers: never shown by `Debug`, and
/// overwritten in memory when dropped.
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[access token]")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Same length, so the bytes are overwritten in place rather than reallocated.
        let len = self.0.len();
        self.0.replace_range(.., &"\0".repeat(len));
    }
}

fn fail(message: impl Into<String>) -> Error {
    Error::msg(ErrorKind::Collect, message)
}

impl Plan {
    /// A plan for one business; refuses an id or URL that cannot be right before any request.
    pub fn new(opts: Options) -> Result<Plan, Error> {
        let opts = Options {
            business_id: opts.business_id.trim().to_string(),
            graph_url: opts.graph_url.trim().trim_end_matches('/').to_string(),
            ..opts
        };
        if !requests::valid_business_id(&opts.business_id) {
            return Err(fail(format!(
                "`{}` is not a business portfolio ID: it is a number such as 100000000000001 (Business Settings → Business info)",
                opts.business_id
            )));
        }
        if !(opts.graph_url.starts_with("https://") || opts.graph_url.starts_with("http://")) {
            return Err(fail(format!(
                "the Graph API URL `{}` must start with https:// (or http:// for a local test server)",
                opts.graph_url
            )));
        }
        let v = opts.api_version.trim_start_matches('v');
        if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(fail(format!(
                "`{}` is not a Graph API version such as {DEFAULT_API_VERSION}",
                opts.api_version
            )));
        }
        let mut plan = Plan {
            opts,
            requests: Vec::new(),
            known: BTreeSet::new(),
            queue: VecDeque::new(),
            in_flight: BTreeMap::new(),
            next_call: 1,
            assets: BTreeSet::new(),
            responses: Map::new(),
            delay_ms: 0,
            delay_reason: String::new(),
            waited_ms: 0,
            calls: 0,
            reading: String::new(),
            fatal: None,
            secret: None,
        };
        for r in BUSINESS_REQUESTS {
            let label = if r.edge.is_empty() {
                "the business".to_string()
            } else {
                r.edge.to_string()
            };
            let path = business_path(&plan.opts.business_id, r);
            plan.add(path, label, Some(r.edge), r.optional, 1);
        }
        Ok(plan)
    }

    /// A text the answers must not carry into the bundle or an error message (the token: Meta
    /// echoes a malformed token in its error message).
    pub fn scrub(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.secret = Some(Secret(secret.to_string()));
        }
    }

    fn add(
        &mut self,
        path: String,
        label: String,
        business_edge: Option<&'static str>,
        optional: bool,
        page: u32,
    ) {
        if !self.known.insert(path.clone()) {
            return;
        }
        self.requests.push(Request {
            path,
            label,
            business_edge,
            optional,
            page,
            attempts: 0,
            state: State::Queued,
        });
        self.queue.push_back(self.requests.len() - 1);
    }

    /// The next thing to do. Call it again after answering every call of a `Send` or after a
    /// `Wait`.
    pub fn next_step(&mut self) -> Step {
        if let Some(error) = &self.fatal {
            return Step::Failed {
                error: error.clone(),
            };
        }
        if self.delay_ms > 0 {
            let ms = std::mem::take(&mut self.delay_ms);
            if self.waited_ms + ms > self.opts.max_wait_ms {
                let error = self.gave_up(ms);
                self.fatal = Some(error.clone());
                return Step::Failed { error };
            }
            self.waited_ms += ms;
            return Step::Wait {
                ms,
                reason: std::mem::take(&mut self.delay_reason),
            };
        }
        if self.queue.is_empty() {
            return if self.in_flight.is_empty() {
                Step::Done
            } else {
                // Calls are still out: the transport answers them before asking again.
                Step::Send { calls: Vec::new() }
            };
        }
        let ready: Vec<usize> = self.queue.drain(..).collect();
        let calls = ready
            .chunks(BATCH_SIZE)
            .map(|chunk| self.batch_call(chunk))
            .collect();
        Step::Send { calls }
    }

    fn batch_call(&mut self, chunk: &[usize]) -> Call {
        let batch: Vec<Value> = chunk
            .iter()
            .map(|&i| {
                let r = &mut self.requests[i];
                r.state = State::InFlight;
                r.attempts += 1;
                json!({
                    "method": "GET",
                    "relative_url": format!("{}{}", self.opts.api_version, r.path),
                })
            })
            .collect();
        if let Some(&first) = chunk.first() {
            self.reading = self.requests[first].label.clone();
        }
        let id = self.next_call;
        self.next_call += 1;
        self.calls += 1;
        self.in_flight.insert(id, chunk.to_vec());
        let mut form = BTreeMap::new();
        form.insert("batch".to_string(), Value::Array(batch).to_string());
        form.insert("include_headers".to_string(), "true".to_string());
        Call {
            id,
            method: "POST",
            url: format!("{}/", self.opts.graph_url),
            form,
        }
    }

    /// The answer to call `id`: its HTTP status, headers and body text.
    pub fn answer(&mut self, id: u32, status: u16, headers: &[(String, String)], body: &str) {
        let Some(batch) = self.in_flight.remove(&id) else {
            return;
        };
        let body = self.scrubbed(body);
        match serde_json::from_str::<Value>(&body) {
            Ok(Value::Array(items)) if status < 300 && items.len() == batch.len() => {
                for (i, item) in batch.into_iter().zip(items) {
                    self.item(i, &item);
                }
            }
            // A success that is not one answer per request (a proxy's page, a cut-off body):
            // asked again, like a server error.
            _ if status < 300 => {
                let why = format!(
                    "the answer to a batch of {} requests was not a list of {} answers",
                    batch.len(),
                    batch.len()
                );
                for i in batch {
                    self.retry(i, 0, Some(MAX_ATTEMPTS), why.clone());
                }
            }
            // The whole call failed (a bad token, a rate limit, a server error): each request
            // it carried gets that answer.
            _ => {
                for i in batch {
                    self.settle(i, status, headers, &body);
                }
            }
        }
    }

    /// The call failed without an HTTP answer (network down, connection reset, CORS).
    pub fn network_error(&mut self, id: u32, message: &str) {
        let Some(batch) = self.in_flight.remove(&id) else {
            return;
        };
        for i in batch {
            self.retry(
                i,
                0,
                Some(MAX_NETWORK_ATTEMPTS),
                format!("no answer from {} ({message})", self.opts.graph_url),
            );
        }
    }

    fn scrubbed(&self, text: &str) -> String {
        match &self.secret {
            Some(Secret(s)) if text.contains(s.as_str()) => {
                text.replace(s.as_str(), "[access token]")
            }
            _ => text.to_string(),
        }
    }

    /// One item of a batch answer: `{"code", "headers", "body": "<JSON text>"}`, or null when
    /// Meta did not run it (asked again).
    fn item(&mut self, i: usize, item: &Value) {
        let code = item
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok());
        match (code, item.get("body").and_then(Value::as_str)) {
            (Some(code), Some(body)) => {
                let headers = answer::batch_headers(item);
                self.settle(i, code, &headers, body);
            }
            _ => self.retry(
                i,
                0,
                Some(MAX_ATTEMPTS),
                "Meta did not run it in the batch".into(),
            ),
        }
    }

    fn settle(&mut self, i: usize, status: u16, headers: &[(String, String)], body: &str) {
        match answer::read(status, headers, body) {
            Outcome::Ok(v) => self.read(i, v),
            Outcome::Retry {
                min_wait_ms,
                throttled,
                why,
            } => self.retry(i, min_wait_ms, (!throttled).then_some(MAX_ATTEMPTS), why),
            Outcome::BadToken { message } => {
                self.requests[i].state = State::Unread;
                self.stop(format!(
                    "the access token is invalid or has expired: {message}. Get a new token (Graph API Explorer, or Business Settings → Users → System users → Generate new token, with the `business_management` permission) and try again"
                ));
            }
            Outcome::Denied { error, message } => self.unreadable(i, error, message, true),
            Outcome::Error { error, message } => self.unreadable(i, error, message, false),
        }
    }

    fn stop(&mut self, message: String) {
        if self.fatal.is_none() {
            self.fatal = Some(fail(message));
        }
    }

    /// What a request reads, for a message: `business 100`, `` `business_users` of business
    /// 100``, `agencies of act_1`.
    fn what(&self, i: usize) -> String {
        let r = &self.requests[i];
        let bid = &self.opts.business_id;
        match r.business_edge {
            Some("") => format!("business {bid}"),
            Some(_) => format!("`{}` of business {bid}", r.label),
            None => r.label.clone(),
        }
    }

    /// Asks again after a wait, unless the request was tried `limit` times (no limit for a rate
    /// limit: the total wait bounds it).
    fn retry(&mut self, i: usize, min_wait_ms: u64, limit: Option<u32>, why: String) {
        if let Some(limit) = limit.filter(|&l| self.requests[i].attempts >= l) {
            self.requests[i].state = State::Unread;
            let what = self.what(i);
            self.stop(format!(
                "could not read {what} after {limit} attempts: {why}"
            ));
            return;
        }
        let r = &mut self.requests[i];
        r.state = State::Queued;
        let backoff = self
            .opts
            .retry_base_ms
            .saturating_mul(1u64 << r.attempts.saturating_sub(1).min(6));
        let wait = backoff.max(min_wait_ms);
        self.queue.push_back(i);
        if wait >= self.delay_ms {
            self.delay_ms = wait;
            self.delay_reason = why;
        }
    }

    /// An error answer that is not worth retrying. A required business request stops the
    /// collection; anything else is kept in the bundle so the importer reports it.
    fn unreadable(&mut self, i: usize, error: Value, message: String, permission: bool) {
        self.requests[i].state = State::Unread;
        let r = &self.requests[i];
        if r.business_edge.is_some() && !r.optional {
            let what = self.what(i);
            let hint = if permission {
                "The token needs the `business_management` permission and must be a token of an admin of this business portfolio, or of a system user of it with admin access: in Graph API Explorer tick `business_management` under Permissions and generate the token again, or in Business Settings → Users → System users → Generate new token, tick `business_management`"
            } else {
                "Check the business portfolio ID (Business Settings → Business info) and the API version"
            };
            self.stop(format!("Meta refused to read {what}: {message}. {hint}"));
            return;
        }
        let path = r.path.clone();
        let error = if error.is_object() {
            error
        } else {
            json!({ "message": message })
        };
        self.responses.insert(path, json!({ "error": error }));
    }

    fn read(&mut self, i: usize, mut v: Value) {
        self.requests[i].state = State::Read;
        // Meta's paging URLs repeat the access token: never into the bundle.
        if let Some(Value::Object(paging)) = v.get_mut("paging") {
            for key in ["next", "previous"] {
                if let Some(Value::String(url)) = paging.get_mut(key) {
                    *url = without_token(url);
                }
            }
        }
        let r = self.requests[i].clone();
        if let Some(edge) = r.business_edge {
            for item in v
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(asset) = asset_id_of(edge, item) {
                    self.asset(asset);
                }
            }
        }
        if let Some(next) = v
            .get("paging")
            .and_then(|p| p.get("next"))
            .and_then(Value::as_str)
        {
            let path = crate::import::request_key(next);
            let base = r
                .label
                .split(" (page")
                .next()
                .unwrap_or(&r.label)
                .to_string();
            let label = format!("{base} (page {})", r.page + 1);
            self.add(path, label, r.business_edge, r.optional, r.page + 1);
        }
        self.responses.insert(r.path, v);
    }

    fn asset(&mut self, asset_id: String) {
        if !self.assets.insert(asset_id.clone()) {
            return;
        }
        for edge in requests::ASSET_EDGES {
            let path = asset_path(&self.opts.business_id, &asset_id, edge);
            self.add(path, format!("{edge} of {asset_id}"), None, true, 1);
        }
    }

    fn gave_up(&self, ms: u64) -> Error {
        let pending: Vec<&str> = self
            .requests
            .iter()
            .filter(|r| r.state == State::Queued)
            .map(|r| r.label.as_str())
            .collect();
        let shown = pending
            .iter()
            .take(5)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = pending.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        fail(format!(
            "gave up waiting for Meta's rate limit: {} more would exceed the {} allowed in total. Not fetched: {shown}{more}. Try again later (Meta names the wait in its usage headers), or allow a longer wait",
            human_ms(ms),
            human_ms(self.opts.max_wait_ms),
        ))
    }

    /// [`Plan::next_step`] as the JS package gives it: the step with its `progress`, and a failure
    /// in the shape of every other API failure (`{type: "failure", kind, errors}`).
    pub fn next_value(&mut self) -> Value {
        let step = self.next_step();
        let mut v = serde_json::to_value(&step).unwrap_or(Value::Null);
        if let Some(error) = v.get_mut("error") {
            error["type"] = json!("failure");
        }
        v["progress"] = serde_json::to_value(self.progress()).unwrap_or(Value::Null);
        v
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self
                .requests
                .iter()
                .filter(|r| matches!(r.state, State::Read | State::Unread))
                .count(),
            total: self.requests.len(),
            reading: self.reading.clone(),
            calls: self.calls,
            waited_ms: self.waited_ms,
        }
    }

    /// The bundle of every answer so far (complete once [`Plan::next_step`] says `Done`).
    pub fn bundle(&self, captured_at: &str) -> Value {
        json!({
            "format": "meta-graph-bundle/v1",
            "captured_at": captured_at,
            "api_version": self.opts.api_version,
            "business_id": self.opts.business_id,
            "responses": self.responses,
        })
    }
}

/// The URL without its `access_token` (and `appsecret_proof`) parameters.
fn without_token(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !crate::import::is_secret_param(p))
        .collect();
    if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

fn human_ms(ms: u64) -> String {
    if ms >= 120_000 {
        format!("{} min", ms / 60_000)
    } else {
        format!("{} s", ms.div_ceil(1000))
    }
}

#[cfg(test)]
mod tests;
