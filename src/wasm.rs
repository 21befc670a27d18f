//! The thin WebAssembly layer over [`crate::api`] (feature `wasm`). Every function takes a JS
//! object or its JSON text and returns a plain object, the tagged union
//! `{type: "success", …} | {type: "failure", kind, errors: [{message, file?, path?, line?, column?}]}`.
//! Nothing here throws: a call that is not JSON, a bad snapshot, a policy that does not parse,
//! and even an internal error (a Rust panic, which traps on `wasm32-unknown-unknown`) come back
//! as a failure; after an internal error the next call runs on a fresh instance.
//! The TypeScript types below are the one place the JS shapes are written down.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

/// The message of the last panic, recorded by the panic hook for the failure it becomes.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

#[wasm_bindgen(start, private)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = LAST_PANIC.lock() {
            *slot = Some(info.to_string());
        }
        // The instance is not safe to reuse after a trap: the next call gets a fresh one.
        wasm_bindgen::handler::schedule_reinit();
    }));
}

// A panic aborts (traps) on wasm32-unknown-unknown, where `catch_unwind` cannot see it; the
// call runs inside this JS function so the trap is caught in JS and comes back as `Err`.
#[wasm_bindgen(inline_js = "export function pgGuarded(f) { return f(); }")]
extern "C" {
    #[wasm_bindgen(catch, js_name = pgGuarded)]
    fn guarded(f: &mut dyn FnMut() -> JsValue) -> Result<JsValue, JsValue>;
}

/// The call as JSON text: a string is taken as it is, `undefined`/`null` as `{}`, anything
/// else goes through `JSON.stringify`.
fn call_text(call: &JsValue) -> Result<String, String> {
    if let Some(s) = call.as_string() {
        return Ok(s);
    }
    if call.is_undefined() || call.is_null() {
        return Ok("{}".to_string());
    }
    match js_sys::JSON::stringify(call) {
        Ok(s) => s
            .as_string()
            .ok_or_else(|| "the call cannot be written as JSON".to_string()),
        Err(e) => Err(format!(
            "the call cannot be written as JSON: {}",
            js_message(&e)
        )),
    }
}

fn js_message(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

fn failure(kind: &str, message: &str) -> JsValue {
    let value = serde_json::json!({
        "type": "failure",
        "kind": kind,
        "errors": [{ "message": message }],
    });
    parse(&value.to_string())
}

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|e| {
        JsValue::from(js_sys::Error::new(&format!(
            "internal error: unreadable answer: {}",
            js_message(&e)
        )))
    })
}

/// Runs one API call: JSON text in, an object out, internal errors as failures.
fn run(call: JsValue, f: fn(&str) -> String) -> JsValue {
    let text = match call_text(&call) {
        Ok(t) => t,
        Err(m) => return failure("usage", &m),
    };
    guard(|| parse(&f(&text)))
}

/// Runs `f`, its panic or trap (an internal error) coming back as a failure.
fn guard(f: impl FnOnce() -> JsValue) -> JsValue {
    let mut f = Some(f);
    let mut body = || -> JsValue {
        match f.take().map(|f| catch_unwind(AssertUnwindSafe(f))) {
            Some(Ok(answer)) => answer,
            _ => JsValue::UNDEFINED,
        }
    };
    match guarded(&mut body) {
        Ok(answer) if !answer.is_undefined() => answer,
        Ok(_) => internal_failure(None),
        Err(e) => {
            wasm_bindgen::handler::schedule_reinit();
            internal_failure(Some(js_message(&e)))
        }
    }
}

fn internal_failure(trap: Option<String>) -> JsValue {
    let panic = LAST_PANIC.lock().ok().and_then(|mut p| p.take());
    let message = match (panic, trap) {
        (Some(p), _) => format!("internal error: {p}"),
        (None, Some(t)) => format!(
            "internal error: the engine stopped ({t}); it may have run out of memory. The next call starts afresh"
        ),
        (None, None) => "internal error".to_string(),
    };
    failure("internal", &message)
}

/// Check a snapshot (or Graph bundle) with an optional org config, custom policies and "now":
/// the same report as `portfolio-guard check --format json`.
#[wasm_bindgen(unchecked_return_type = "CheckAnswer")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "CheckCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::check_json_str)
}

/// The rule catalog: built-in rules and those of the custom policies given.
#[wasm_bindgen(unchecked_return_type = "RulesAnswer")]
pub fn rules(
    #[wasm_bindgen(unchecked_optional_param_type = "PoliciesCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::rules_json_str)
}

/// The role profiles: the built-in ones, overlaid by the config's `roles`.
#[wasm_bindgen(unchecked_return_type = "RolesAnswer")]
pub fn roles(
    #[wasm_bindgen(unchecked_optional_param_type = "ConfigCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::roles_json_str)
}

/// The built-in org config defaults (thresholds, public email domains, role profiles, …) that
/// a user's config is merged over.
#[wasm_bindgen(unchecked_return_type = "DefaultsAnswer")]
pub fn defaults() -> JsValue {
    run(JsValue::UNDEFINED, crate::api::defaults_json_str)
}

/// The task glossary: per asset type, each Meta task's human name, what it allows, and its level.
#[wasm_bindgen(unchecked_return_type = "GlossaryAnswer")]
pub fn glossary() -> JsValue {
    run(JsValue::UNDEFINED, crate::api::glossary_json_str)
}

/// Runs the `test_*` rules of the custom policies given (`*_test.rego` files).
#[wasm_bindgen(js_name = runTests, unchecked_return_type = "TestsAnswer")]
pub fn run_tests(
    #[wasm_bindgen(unchecked_param_type = "PoliciesCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::test_json_str)
}

/// A Meta Graph API capture (bundle) as a snapshot, with the importer's warnings.
#[wasm_bindgen(js_name = importBundle, unchecked_return_type = "ImportAnswer")]
pub fn import_bundle(
    #[wasm_bindgen(unchecked_param_type = "ImportCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::import_json_str)
}

/// The spreadsheet template (CSV text): blank, or filled from a snapshot, Graph bundle or
/// filled template, which `check` and `importBundle` read back.
#[wasm_bindgen(unchecked_return_type = "TemplateAnswer")]
pub fn template(
    #[wasm_bindgen(unchecked_optional_param_type = "TemplateCall | string")] call: JsValue,
) -> JsValue {
    run(call, crate::api::template_json_str)
}

/// The bundled samples, each a snapshot and its org config as JSON text.
#[wasm_bindgen(unchecked_return_type = "SamplesAnswer")]
pub fn samples() -> JsValue {
    run(JsValue::UNDEFINED, |_| crate::api::samples_json_str())
}

/// A collection of a business's access data from Meta's Graph API in progress: the library's
/// plan ([`crate::collect::Plan`]); the caller makes the HTTP calls it asks for with `fetch`,
/// adding the access token, and answers each. Its methods do not throw.
#[wasm_bindgen]
pub struct Collection {
    plan: crate::collect::Plan,
}

/// Starts a collection: a `Collection`, or a failure when the options cannot be right (a
/// business ID that is not a number, a URL that is not http(s)).
#[wasm_bindgen(js_name = startCollection, unchecked_return_type = "Collection | Failure")]
pub fn start_collection(
    #[wasm_bindgen(unchecked_param_type = "CollectOptions | string")] options: JsValue,
) -> JsValue {
    let text = match call_text(&options) {
        Ok(t) => t,
        Err(m) => return failure("usage", &m),
    };
    match crate::api::start_collection_str(&text) {
        Ok(plan) => JsValue::from(Collection { plan }),
        Err(failure) => parse(&failure),
    }
}

#[wasm_bindgen]
impl Collection {
    /// What to do next: `send` these calls, `wait` this long, `done`, or `failed`.
    #[wasm_bindgen(js_name = next, unchecked_return_type = "CollectStep")]
    pub fn next_step(&mut self) -> JsValue {
        parse(&self.plan.next_value().to_string())
    }

    /// The answer to a call: HTTP status, headers as `[[name, value], …]` (e.g.
    /// `[...response.headers]`), and the body's text.
    pub fn answer(
        &mut self,
        id: u32,
        status: u16,
        #[wasm_bindgen(unchecked_param_type = "[string, string][]")] headers: JsValue,
        body: &str,
    ) {
        let headers: Vec<(String, String)> = call_text(&headers)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        self.plan.answer(id, status, &headers, body);
    }

    /// A call that got no HTTP answer (network error, CORS, offline).
    #[wasm_bindgen(js_name = networkError)]
    pub fn network_error(&mut self, id: u32, message: &str) {
        self.plan.network_error(id, message);
    }

    /// A text to remove from every answer before it is kept (the access token).
    pub fn scrub(&mut self, secret: &str) {
        self.plan.scrub(secret);
    }

    #[wasm_bindgen(unchecked_return_type = "CollectProgress")]
    pub fn progress(&self) -> JsValue {
        parse(&serde_json::to_string(&self.plan.progress()).unwrap_or_default())
    }

    /// The `meta-graph-bundle/v1` bundle of every answer, as JSON text (what `check` and
    /// `importBundle` read).
    pub fn bundle(&self, captured_at: &str) -> String {
        serde_json::to_string_pretty(&self.plan.bundle(captured_at)).unwrap_or_default()
    }
}

/// Opens this thread's session (one per worker) on a snapshot, Graph bundle or filled template
/// (its text), read once and kept for the checks that follow (`checkShard`, `finishCheck`),
/// which need only the config: `{type: "success"}`, or the failure a check of it would give.
/// `now`: RFC 3339, as `check`'s. An internal error closes the session (open it again).
#[wasm_bindgen(js_name = openSession, unchecked_return_type = "Answer<{}>")]
pub fn open_session(
    #[wasm_bindgen(unchecked_param_type = "CheckCall[\"snapshot\"]")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] now: JsValue,
) -> JsValue {
    let snapshot = match call_text(&snapshot) {
        Ok(t) => t,
        Err(m) => return failure("usage", &m),
    };
    let now = now.as_string();
    guard(|| parse(&crate::api::session_open(&snapshot, now.as_deref())))
}

/// The findings of shard `k` of `n` of the rules on the session's snapshot, as JSON text for
/// `finishCheck`: the rules `k`, `k + n`, … (one shard per worker, at the same time).
#[wasm_bindgen(js_name = checkShard, unchecked_return_type = "ShardAnswer")]
pub fn check_shard(
    #[wasm_bindgen(unchecked_param_type = "ShardCall | string")] call: JsValue,
) -> JsValue {
    let text = match call_text(&call) {
        Ok(t) => t,
        Err(m) => return failure("usage", &m),
    };
    guard(|| match crate::api::session_shard(&text) {
        Ok(part) => {
            let answer = js_sys::Object::new();
            let set =
                |k: &str, v: &JsValue| js_sys::Reflect::set(&answer, &JsValue::from_str(k), v);
            match set("type", &JsValue::from_str("success"))
                .and_then(|_| set("part", &JsValue::from_str(&part)))
            {
                Ok(_) => answer.into(),
                Err(e) => failure("internal", &js_message(&e)),
            }
        }
        Err(answer) => parse(&answer),
    })
}

/// The check's answer (as `check`'s for the same call on the session's snapshot) from the
/// findings of every shard (`checkShard` with the same config and policies).
#[wasm_bindgen(js_name = finishCheck, unchecked_return_type = "CheckAnswer")]
pub fn finish_check(
    #[wasm_bindgen(unchecked_param_type = "FinishCall | string")] call: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] parts: JsValue,
) -> JsValue {
    let text = match call_text(&call) {
        Ok(t) => t,
        Err(m) => return failure("usage", &m),
    };
    let parts: Option<Vec<String>> = if js_sys::Array::is_array(&parts) {
        js_sys::Array::from(&parts)
            .iter()
            .map(|p| p.as_string())
            .collect()
    } else {
        None
    };
    let Some(parts) = parts else {
        return failure(
            "usage",
            "the shards' findings are an array of the texts `checkShard` gave",
        );
    };
    guard(|| parse(&crate::api::session_finish(&text, &parts)))
}

/// The package version (the same as the command line's).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// For tests of the error path only: panics inside a call. The answer is an `internal`
/// failure, and the next call works on a fresh instance.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests, unchecked_return_type = "Failure")]
pub fn panic_for_tests() -> JsValue {
    #[expect(
        clippy::panic,
        reason = "this call exists to panic, for the tests of the error path"
    )]
    fn boom(_: &str) -> String {
        panic!("deliberate panic for tests")
    }
    run(JsValue::UNDEFINED, boom)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where a problem is: the input's name (`snapshot`, `config`, a policy path), a JSON path, a 1-based line and column. */
export interface Diagnostic {
  message: string;
  file?: string;
  path?: string;
  line?: number;
  column?: number;
}

export type ErrorKind = "usage" | "io" | "snapshot" | "config" | "policy" | "evaluation" | "collect" | "internal";

/** An expected failure, as data. `internal` is a bug in portfolio-guard (the next call starts afresh). */
export interface Failure {
  type: "failure";
  kind: ErrorKind;
  errors: Diagnostic[];
}

export type Answer<T> = ({ type: "success" } & T) | Failure;

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export type AssetType =
  | "ad_account" | "page" | "instagram_account" | "pixel" | "dataset" | "catalog" | "app"
  | "whatsapp_business_account" | "other";

/** A Rego file: `path` names it in errors; `*_test.rego` files hold tests. */
export interface PolicyFile {
  path: string;
  text: string;
}

/** The access snapshot (`input` in Rego). Unknown extra fields are kept for custom policies. */
export interface Snapshot {
  schema_version: 1;
  captured_at: string;
  source?: { kind?: "manual" | "graph_bundle" | "csv" | null; api_version?: string | null; edges?: string[] | null } | null;
  business: { id: string; name: string; verification_status?: string | null; two_factor_type?: "admin_required" | "all_required" | "none" | null };
  members: Array<{
    id: string; kind: "person" | "system_user"; name: string; email?: string | null; role?: string | null;
    finance_permission?: string | null; two_fac_status?: string | null; created_time?: string | null;
    last_active_time?: string | null; [extra: string]: unknown;
  }>;
  partners: Array<{ id: string; name: string; added_time?: string | null; [extra: string]: unknown }>;
  assets: Array<{
    id: string; type: AssetType; name?: string | null; owner_business_id?: string | null;
    spend_cap?: number | null; created_time?: string | null; [extra: string]: unknown;
  }>;
  grants: Array<{
    asset_id: string; grantee: { kind: "member" | "partner"; id: string }; tasks: string[];
    status?: "active" | "pending" | null; requested_time?: string | null; expires_time?: string | null;
    [extra: string]: unknown;
  }>;
  invitations?: Array<{
    id: string; email?: string | null; role?: string | null; status?: string | null;
    created_time?: string | null; expiration_time?: string | null;
  }> | null;
  [extra: string]: unknown;
}

export interface TaskProfile { allowed: string[]; required: string[] }
export interface RoleProfile {
  description?: string;
  automation?: boolean;
  assets: Partial<Record<AssetType, TaskProfile>>;
}

/** What the org declares about a partner or member. */
export interface SubjectConfig {
  role?: string;
  domains?: string[];
  scope?: string[];
  verified?: boolean;
  justification?: string;
  reviewed_at?: string;
  contract_end?: string;
  temporary?: boolean;
}

/** The org config (`--config`, `data.config` in Rego); every field optional. */
export interface OrgConfig {
  $schema?: string;
  roles?: Record<string, RoleProfile>;
  partners?: Record<string, SubjectConfig>;
  members?: Record<string, SubjectConfig>;
  trusted_domains?: string[];
  public_email_domains?: string[];
  thresholds?: {
    review_interval_days?: number; inactive_days?: number; invitation_max_age_days?: number;
    pending_request_max_age_days?: number; max_full_control_members?: number; min_full_control_members?: number;
  };
  exceptions?: Array<{ rule: string; subject: string; asset?: string; reason: string; owner: string; expires: string }>;
  rules?: { disabled?: string[]; severity?: Record<string, Severity> };
  custom?: Record<string, unknown>;
}

export interface CheckCall {
  /** A snapshot or a Graph API bundle, as an object or JSON text (text keeps line numbers in errors), or a filled spreadsheet template (CSV text). */
  snapshot: Snapshot | Record<string, unknown> | unknown[] | string;
  config?: OrgConfig | string | null;
  policies?: PolicyFile[];
  /** RFC 3339; the snapshot's `captured_at` by default. */
  now?: string | null;
  /** Also render the report in one of the command line's formats. */
  format?: "json" | "csv" | "markdown" | "sarif" | "table" | null;
  /** The report in plain words for a business reader; with `format: "markdown"`, the client-facing Markdown. */
  plain?: boolean;
  /** Also return the access matrix. */
  matrix?: boolean;
}
/** A shard of a check of the session's snapshot (`openSession`): shard `k` (from 0) of `n`. */
export interface ShardCall { config?: OrgConfig | string | null; policies?: PolicyFile[]; k: number; n: number }
/** The end of a check of the session's snapshot: as `CheckCall`, without the snapshot and "now" (the session's). */
export interface FinishCall { config?: OrgConfig | string | null; policies?: PolicyFile[]; format?: CheckCall["format"]; plain?: boolean; matrix?: boolean }
/** A shard's findings, as JSON text for `finishCheck`. */
export type ShardAnswer = Answer<{ part: string }>;
export interface PoliciesCall { policies?: PolicyFile[] }
export interface ConfigCall { config?: OrgConfig | string | null }
/** A Graph bundle, or a filled spreadsheet template (CSV text). */
export interface ImportCall { bundle: Record<string, unknown> | unknown[] | string; now?: string | null }
/** What to fill the spreadsheet template from (a snapshot, Graph bundle or filled template); none: the blank template. */
export interface TemplateCall { snapshot?: Snapshot | Record<string, unknown> | unknown[] | string | null; now?: string | null }

export interface Subject { kind: string; id: string; name: string | null }
export interface AssetRef { id: string; type: string | null; name: string | null }

export interface Finding {
  rule: string;
  category: string;
  severity: Severity;
  title: string;
  message: string;
  subject: Subject;
  asset?: AssetRef;
  remediation: string;
  /** Further fields the rule attached, e.g. `excess_tasks`, `missing_tasks`, `tasks`. */
  details?: Record<string, unknown>;
  /** Plain-words reports (`plain: true`): the tasks the text names, by their human names. */
  terms?: Array<{ code: string; name: string; allows: string }>;
  /** Plain-words reports: the config settings the fix is about (`members.<id>.role`, `trusted_domains`, `exceptions[1]`, …). */
  controls?: Array<{ path: string }>;
}

export interface AppliedException {
  /** `exceptions[<i>]` in the org config. */
  id: string;
  rule: string;
  subject: string;
  asset?: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface Report {
  schema_version: 1;
  tool: { name: string; version: string };
  business: { id: string; name: string };
  evaluated_at: string;
  summary: { critical: number; high: number; medium: number; low: number; info: number; suppressed: number; rules_evaluated: number };
  findings: Finding[];
  suppressed: Array<{ finding: Finding; exception: AppliedException }>;
  warnings?: string[];
}

export type AccessLevel = "full_control" | "can_act" | "view_only" | "pending" | "owner" | "none";

export interface MatrixPrincipal {
  kind: "partner" | "member";
  id: string;
  name: string | null;
  /** False for a grantee in neither `members` nor `partners`. */
  known: boolean;
  member_kind?: "person" | "system_user";
  email?: string;
  portfolio_role?: string;
  /** A member with full control of the portfolio (`ADMIN`): controls every asset, grant or not. */
  portfolio_admin: boolean;
}

/** Who owns an asset, seen from the business checked. */
export type AssetOwner =
  | { kind: "self" }
  | { kind: "partner"; id: string; name: string }
  | { kind: "other"; id: string }
  | { kind: "unknown" };

/** What the report says about a cell, most important first. */
export type CellVerdict = "exceeds" | "problem" | "below" | "accepted";

export interface Matrix {
  business: { id: string; name: string };
  captured_at: string;
  principals: MatrixPrincipal[];
  assets: Array<{ id: string; type: AssetType; name: string | null; owner_business_id: string | null; owner: AssetOwner }>;
  /** One per grant, and one per partner-owned asset its owner holds no grant on; `principal` and `asset` index the lists above. */
  cells: Array<{
    principal: number; asset: number;
    /** `pending` for a request not yet confirmed, `owner` for ownership without a grant, else what the tasks give. */
    level: AccessLevel;
    /** What the tasks give (or would give once a pending request is confirmed). */
    tasks_level: AccessLevel;
    tasks: string[]; status: "active" | "pending";
    /** False for an ownership-only cell. */
    granted: boolean;
    /** This principal owns the asset. */
    owner: boolean;
    /** Indexes into the report's `findings` about this principal on this asset. */
    findings: number[];
    /** Indexes into the report's `suppressed` about this principal on this asset. */
    accepted: number[];
    verdict: CellVerdict | null;
  }>;
  invitations: number;
}

export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  category: string;
  severity: Severity;
  remediation: string;
  related_resources?: Array<{ ref: string; description?: string }>;
  package: string;
  file: string;
  line: number;
  builtin: boolean;
}

export interface TestOutcome { name: string; file: string; line: number; passed: boolean; error?: string }

export interface Sample { name: string; description: string; snapshot: string; config: string }

/** `file_stem`: a file name for the report without extension, `<business>-access-review-<date>`; `capture_incomplete`: the warnings say part of the portfolio was not read, so findings may be missing. */
export type CheckAnswer = Answer<{ report: Report; rendered?: string; matrix?: Matrix; file_stem: string; capture_incomplete: boolean }>;
export interface TaskTerm { name: string; allows: string; level: "full_control" | "can_act" | "view_only" }
/** Per asset type, each Meta task code (page codes without `PROFILE_PLUS_`). */
export type GlossaryAnswer = Answer<{ glossary: { tasks: Partial<Record<AssetType, Record<string, TaskTerm>>> } }>;
export type RulesAnswer = Answer<{ rules: RuleMeta[] }>;
export type RolesAnswer = Answer<{ roles: Record<string, RoleProfile> }>;
export type TestsAnswer = Answer<{ tests: { passed: number; failed: number; tests: TestOutcome[] } }>;
/** Options of `startCollection`: the business portfolio ID and, optionally, the API version (default v25.0), the API's base URL (default https://graph.facebook.com), the longest total wait for rate limits (ms, default 5 min) and the first retry's wait (ms, default 1 s). */
export interface CollectOptions { business_id: string; api_version?: string; graph_url?: string; max_wait_ms?: number; retry_base_ms?: number }
/** One HTTP call: POST `form` URL-encoded to `url`, adding the field `access_token`. */
export interface CollectCall { id: number; method: "POST"; url: string; form: Record<string, string> }
export interface CollectProgress { done: number; total: number; reading: string; calls: number; waited_ms: number }
export type CollectStep =
  | { kind: "send"; calls: CollectCall[]; progress: CollectProgress }
  | { kind: "wait"; ms: number; reason: string; progress: CollectProgress }
  | { kind: "done"; progress: CollectProgress }
  | { kind: "failed"; error: Failure; progress: CollectProgress };

export type ImportAnswer = Answer<{ snapshot: Snapshot; warnings: string[] }>;
/** The spreadsheet template as CSV text (UTF-8, with a byte-order mark). */
export type TemplateAnswer = Answer<{ csv: string }>;
export type SamplesAnswer = Answer<{ samples: Sample[] }>;
export type DefaultsAnswer = Answer<{ config: OrgConfig & { roles: Record<string, RoleProfile> } }>;
"#;
