//! The thin WebAssembly layer over [`crate::api`] (feature `wasm`). A call is a JS object,
//! converted with serde-wasm-bindgen into the library's own call type (`CheckCall`, …), or JSON
//! text (a pasted export, parsed once, in Rust); an answer is the library's own answer type
//! converted into plain JS objects (`Serializer::json_compatible`: objects, arrays, `null`), the
//! tagged union `{type: "success", …} | {type: "failure", kind, errors: [{message, file?, path?,
//! line?, column?}]}`. No JSON text crosses for objects, either way.
//!
//! Nothing here throws: a bad argument (with the JSON path of what is wrong: `policies[0].text`),
//! a bad snapshot, a policy that does not parse, and even an internal error (a Rust panic, which
//! traps on `wasm32-unknown-unknown`) come back as a failure; after an internal error the next
//! call runs on a fresh instance.
//!
//! The package's TypeScript types are generated from the Rust types they describe (tsify, with
//! the `wasm` feature): the calls and answers of [`crate::api`], the report, the matrix, the
//! snapshot, the org config, … The names in `unchecked_*_type` below are those types; the build
//! type-checks them with `tsc` (scripts/build-wasm.sh).

use crate::api::{self, Answer, JsonInput};
use crate::error::{Diagnostic, Error, ErrorKind};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
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

// ---------------------------------------------------------------------------------------------
// Calls in

/// How deep a call's JSON may nest: as serde_json's parser allows (a cyclic object stops here).
const MAX_DEPTH: usize = 128;

/// A call as JSON: text parsed (a usage failure when it is not JSON), `undefined`/`null` as `{}`,
/// anything else converted by serde-wasm-bindgen (a failure with the path of what JSON cannot
/// hold: a function, a symbol, a cycle).
///
/// The JS value becomes a `serde_json::Value` first, then the call type
/// ([`api::parse_call`]): one conversion for every call type (a smaller download than one
/// serde-wasm-bindgen deserializer per type), the same typing and paths as a call given as text,
/// and unknown fields refused (serde-wasm-bindgen's struct reader would skip them).
fn call_value(call: JsValue) -> Result<Value, Error> {
    if let Some(text) = call.as_string() {
        return serde_json::from_str(&text).map_err(|e| api::not_json(&e));
    }
    if call.is_undefined() || call.is_null() {
        return Ok(Value::Object(Map::new()));
    }
    let at = RefCell::new(Vec::new());
    json_of(call, 0, &at).map_err(|e| {
        Error::one(
            ErrorKind::Usage,
            // The segments, innermost first.
            Diagnostic::at_path(
                at.take().into_iter().rev().collect::<String>(),
                format!("bad call: {e}"),
            ),
        )
    })
}

/// The call typed: `T` from a JS object or JSON text, or a usage failure naming the path.
fn typed<T: DeserializeOwned>(call: JsValue) -> Result<T, Error> {
    call_value(call).and_then(api::parse_call)
}

/// An export (snapshot, Graph bundle, template, review file) as text: a string as it is, an
/// object converted.
fn export_text(export: JsValue) -> Result<String, Error> {
    match export.as_string() {
        Some(text) => Ok(text),
        None => call_value(export).map(|v| JsonInput::Value(v).text()),
    }
}

/// A JS value as JSON, read by serde-wasm-bindgen as `JSON.stringify` would write it: a property
/// that is `undefined` is left out (an optional field not given), `undefined` in a list and
/// `NaN` are `null`; what JSON cannot hold (a function, a symbol) is an error. `depth` deep
/// already; on failure `at` gets the path to where, innermost first (`[3]`, `.partners`,
/// `config`).
fn json_of(
    js: JsValue,
    depth: usize,
    at: &RefCell<Vec<String>>,
) -> Result<Value, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::Deserializer::from(js).deserialize_any(JsonVisitor { depth, at })
}

/// One JS value of a call, as JSON (see [`json_of`]).
struct JsonVisitor<'a> {
    depth: usize,
    at: &'a RefCell<Vec<String>>,
}

impl JsonVisitor<'_> {
    /// A value inside this one, at `segment` (made only when it fails: a call is read without
    /// a string per value): at most [`MAX_DEPTH`] deep.
    fn nested<E: serde::de::Error>(
        &self,
        js: JsValue,
        segment: impl FnOnce() -> String,
    ) -> Result<Value, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!(
                "nested more than {MAX_DEPTH} levels deep (an object that contains itself?)"
            )));
        }
        json_of(js, self.depth + 1, self.at).map_err(|e| {
            self.at.borrow_mut().push(segment());
            E::custom(e)
        })
    }
}

/// A nested JS value as it is, for [`json_of`] to read (serde-wasm-bindgen's `preserve`).
struct Raw;

impl<'de> DeserializeSeed<'de> for Raw {
    type Value = JsValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsValue, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(deserializer)
    }
}

impl<'de> Visitor<'de> for JsonVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value JSON can hold")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // NaN and the infinities are `null`, as `JSON.stringify` writes them.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(js) = seq.next_element_seed(Raw)? {
            let at = items.len();
            let item = self.nested(js, || format!("[{at}]"))?;
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let js = map.next_value_seed(Raw)?;
            if js.is_undefined() {
                continue;
            }
            let value = self.nested(js, || {
                if self.depth == 0 {
                    key.clone()
                } else {
                    format!(".{key}")
                }
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

// ---------------------------------------------------------------------------------------------
// Answers out

/// An answer as plain JS objects.
fn to_js<T: Serialize>(answer: &Answer<T>) -> JsValue {
    answer
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| failure(ErrorKind::Internal, &format!("internal error: {e}")))
}

fn failure(kind: ErrorKind, message: &str) -> JsValue {
    let answer: Answer<()> = Err(Error::msg(kind, message)).into();
    answer
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Runs one API call: the call typed, `f`, the answer converted; internal errors as failures.
fn run<C: DeserializeOwned, A: Serialize>(
    call: JsValue,
    f: impl FnOnce(C) -> Result<A, Error>,
) -> JsValue {
    guard(|| to_js(&typed::<C>(call).and_then(f).into()))
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

fn js_message(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
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
    failure(ErrorKind::Internal, &message)
}

// ---------------------------------------------------------------------------------------------
// The calls

/// Check a snapshot (or Graph bundle, filled template, review file) with an optional org config,
/// custom policies and "now": the same report as `portfolio-guard check --format json`.
#[wasm_bindgen(unchecked_return_type = "CheckAnswer")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "CheckCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::CheckCall| api::check_answer(&c))
}

/// What-if: the proposed grants checked on the snapshot (or alone), and which findings they
/// would introduce, each with the tasks to drop to make the grant least privilege.
#[wasm_bindgen(js_name = whatIf, unchecked_return_type = "Answer<WhatIfAnswer>")]
pub fn what_if(
    #[wasm_bindgen(unchecked_param_type = "WhatIfCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::WhatIfCall| api::what_if_answer(&c))
}

/// Two snapshots (or review files) checked and compared: access added, removed and changed,
/// members and partners added and removed, findings new, resolved and still open.
#[wasm_bindgen(unchecked_return_type = "Answer<CompareAnswer>")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "CompareCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::CompareCall| api::compare_answer(&c))
}

/// The rule catalog: built-in rules and those of the custom policies given.
#[wasm_bindgen(unchecked_return_type = "Answer<RulesAnswer>")]
pub fn rules(
    #[wasm_bindgen(unchecked_optional_param_type = "PoliciesCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::PoliciesCall| api::rules_answer(&c))
}

/// The role profiles: the built-in ones, overlaid by the config's `roles`.
#[wasm_bindgen(unchecked_return_type = "Answer<RolesAnswer>")]
pub fn roles(
    #[wasm_bindgen(unchecked_optional_param_type = "ConfigCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::ConfigCall| api::roles_answer(&c))
}

/// The built-in org config defaults (thresholds, public email domains, role profiles, …) that
/// a user's config is merged over.
#[wasm_bindgen(unchecked_return_type = "Answer<DefaultsAnswer>")]
pub fn defaults() -> JsValue {
    run(JsValue::UNDEFINED, |_: api::Empty| api::defaults_answer())
}

/// The task glossary: per asset type, each Meta task's human name, what it allows, and its level.
#[wasm_bindgen(unchecked_return_type = "Answer<GlossaryAnswer>")]
pub fn glossary() -> JsValue {
    run(JsValue::UNDEFINED, |_: api::Empty| {
        Ok(api::glossary_answer())
    })
}

/// Runs the `test_*` rules of the custom policies given (`*_test.rego` files).
#[wasm_bindgen(js_name = runTests, unchecked_return_type = "Answer<TestsAnswer>")]
pub fn run_tests(
    #[wasm_bindgen(unchecked_param_type = "PoliciesCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::PoliciesCall| api::tests_answer(&c))
}

/// A Meta Graph API capture (bundle), or a filled spreadsheet template, as a snapshot, with the
/// importer's warnings.
#[wasm_bindgen(js_name = importBundle, unchecked_return_type = "Answer<ImportAnswer>")]
pub fn import_bundle(
    #[wasm_bindgen(unchecked_param_type = "ImportCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::ImportCall| api::import_answer(&c))
}

/// The spreadsheet template (CSV text): blank, or filled from a snapshot, Graph bundle or
/// filled template, which `check` and `importBundle` read back.
#[wasm_bindgen(unchecked_return_type = "Answer<TemplateAnswer>")]
pub fn template(
    #[wasm_bindgen(unchecked_optional_param_type = "TemplateCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::TemplateCall| api::template_answer(&c))
}

/// The bundled samples, each a snapshot and its org config as JSON text.
#[wasm_bindgen(unchecked_return_type = "Answer<SamplesAnswer>")]
pub fn samples() -> JsValue {
    run(
        JsValue::UNDEFINED,
        |_: api::Empty| Ok(api::samples_answer()),
    )
}

// ---------------------------------------------------------------------------------------------
// Collecting from the Graph API

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
    match typed(options).and_then(api::start_collection) {
        Ok(plan) => JsValue::from(Collection { plan }),
        Err(e) => to_js(&Answer::<()>::from(Err(e))),
    }
}

#[wasm_bindgen]
impl Collection {
    /// What to do next: `send` these calls, `wait` this long, `done`, or `failed`.
    #[wasm_bindgen(js_name = next, unchecked_return_type = "CollectStep")]
    pub fn next_step(&mut self) -> JsValue {
        api::collect_step(&mut self.plan)
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL)
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
        let headers: Vec<(String, String)> = call_value(headers)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
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
        self.plan
            .progress()
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL)
    }

    /// The `meta-graph-bundle/v1` bundle of every answer, as JSON text (what `check` and
    /// `importBundle` read, and a file to keep).
    pub fn bundle(&self, captured_at: &str) -> String {
        serde_json::to_string_pretty(&self.plan.bundle(captured_at)).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions: the page's workers

/// Opens this thread's session (one per worker) on a snapshot, Graph bundle or filled template
/// (as text or an object), read once and kept for the checks that follow (`checkShard`,
/// `finishCheck`), which need only the config: `{type: "success"}`, or the failure a check of it
/// would give. `now`: RFC 3339, as `check`'s. An internal error closes the session (open it
/// again).
#[wasm_bindgen(js_name = openSession, unchecked_return_type = "Answer<SessionOpened>")]
pub fn open_session(
    #[wasm_bindgen(unchecked_param_type = "CheckCall[\"snapshot\"]")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] now: JsValue,
) -> JsValue {
    let now = now.as_string();
    guard(|| {
        let opened =
            export_text(snapshot).and_then(|text| api::session_open(&text, now.as_deref()));
        to_js(&opened.into())
    })
}

/// The findings of shard `k` of `n` of the rules on the session's snapshot, for `finishCheck`
/// (`part`: opaque text, cheap to pass between workers): the rules `k`, `k + n`, … (one shard per
/// worker, at the same time).
#[wasm_bindgen(js_name = checkShard, unchecked_return_type = "Answer<ShardPart>")]
pub fn check_shard(
    #[wasm_bindgen(unchecked_param_type = "ShardCall | string")] call: JsValue,
) -> JsValue {
    run(call, |c: api::ShardCall| api::session_shard(&c))
}

/// The check's answer (as `check`'s for the same call on the session's snapshot) from the
/// findings of every shard (`checkShard` with the same config and policies).
#[wasm_bindgen(js_name = finishCheck, unchecked_return_type = "CheckAnswer")]
pub fn finish_check(
    #[wasm_bindgen(unchecked_param_type = "FinishCall | string")] call: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] parts: JsValue,
) -> JsValue {
    guard(|| {
        let answer = parts_of(parts).and_then(|parts| {
            typed::<api::FinishCall>(call).and_then(|c| api::session_finish(&c, &parts))
        });
        to_js(&answer.into())
    })
}

/// The shards' parts: an array of the texts `checkShard` gave.
fn parts_of(parts: JsValue) -> Result<Vec<String>, Error> {
    let not_parts = || {
        Error::one(
            ErrorKind::Usage,
            Diagnostic::new("the shards' findings are an array of the texts `checkShard` gave"),
        )
    };
    if !js_sys::Array::is_array(&parts) {
        return Err(not_parts());
    }
    js_sys::Array::from(&parts)
        .iter()
        .map(|p| p.as_string().ok_or_else(not_parts))
        .collect()
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
    fn boom(_: api::Empty) -> Result<(), Error> {
        panic!("deliberate panic for tests")
    }
    run(JsValue::UNDEFINED, boom)
}
