//! The calls over the library, shared by the CLI, the WASM layer and tests (Cedar's `ffi`
//! pattern): typed (`check_answer(&CheckCall)`, …), and as JSON in and out (`check_json`,
//! `check_json_str`, …). Each call answers with a tagged union:
//! `{"type": "success", …}` or `{"type": "failure", "kind": …, "errors": [{message, file?, path?, line?, column?}]}`.
//! Expected failures are data, never panics or bare strings; a call that is not the call names
//! the JSON path of what is wrong.
//!
//! The call and answer types are the JS package's too (src/wasm.rs): with the `wasm` feature they
//! also give its TypeScript types (tsify), so the two cannot drift apart.

use crate::engine::{check_snapshot, CheckRequest};
use crate::error::{Diagnostic, Error, ErrorKind};
use crate::policy::{run_tests, PolicySet, PolicySource, RuleMeta, TestReport};
use crate::report::{Report, TableStyle};
use crate::samples::Sample;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON document given either as a JSON value or as text (which keeps line numbers in errors).
/// A string is always taken as text.
#[derive(Debug, Clone)]
pub enum JsonInput {
    Text(String),
    Value(Value),
}

// Not `#[serde(untagged)]`: that would copy the whole document (a snapshot can be 30 MB) into
// serde's buffer first to try each form; a document is any JSON value, a string being text.
impl<'de> Deserialize<'de> for JsonInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(text) => JsonInput::Text(text),
            value => JsonInput::Value(value),
        })
    }
}

impl JsonInput {
    pub(crate) fn text(&self) -> String {
        match self {
            JsonInput::Text(s) => s.clone(),
            JsonInput::Value(v) => v.to_string(),
        }
    }
}

/// A custom policy file: a name shown in errors (`*_test.rego` files hold tests), and its Rego
/// text.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PolicyInput {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CheckCall {
    /// A snapshot, a Graph API bundle or a saved review, as an object or JSON text (text keeps
    /// line numbers in errors), or a filled spreadsheet template (CSV text).
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Snapshot | Record<string, unknown> | unknown[] | string")
    )]
    pub snapshot: JsonInput,
    /// The org config, as an object or JSON text.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    /// "Now" (RFC 3339); the snapshot's `captured_at` by default.
    #[serde(default)]
    pub now: Option<String>,
    /// Also render the report as `json`, `csv`, `markdown`, `sarif` or `table`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Format | null"))]
    pub format: Option<String>,
    /// Also return the access matrix (who holds what on which asset) of the snapshot.
    #[serde(default)]
    pub matrix: bool,
    /// The report in plain words, for a business reader (the page, a client): task names
    /// instead of codes, the page's settings instead of config paths, names instead of ids.
    /// With `format: "markdown"`, the client-facing Markdown.
    #[serde(default)]
    pub plain: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ConfigCall {
    /// The org config, as an object or JSON text.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ImportCall {
    /// A Graph API bundle (an object or JSON text), or a filled spreadsheet template (CSV text).
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Record<string, unknown> | unknown[] | string")
    )]
    pub bundle: JsonInput,
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PoliciesCall {
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
}

/// The answer of every call: `T` with `type: "success"`, or a [`Failure`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Answer<T: Serialize> {
    Success(Success<T>),
    Failure(Failure),
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
// TypeScript cannot extend a type parameter: the flattened answer is an intersection.
#[cfg_attr(feature = "wasm", tsify(type = "{ type: \"success\" } & T"))]
#[serde(tag = "type", rename = "success")]
pub struct Success<T: Serialize> {
    #[serde(flatten)]
    pub value: T,
}

/// An expected failure, as data: what went wrong (`kind`) and each problem with its place.
/// `internal` is a bug in portfolio-guard (in the JS package, the next call starts afresh).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "type", rename = "failure")]
pub struct Failure {
    pub kind: ErrorKind,
    pub errors: Vec<Diagnostic>,
}

impl<T: Serialize> From<Result<T, Error>> for Answer<T> {
    fn from(r: Result<T, Error>) -> Self {
        match r {
            Ok(value) => Answer::Success(Success { value }),
            Err(e) => Answer::Failure(Failure {
                kind: e.kind,
                errors: e.errors,
            }),
        }
    }
}

/// The answer of `check` (and of a check in shards, `finishCheck`).
#[cfg_attr(feature = "wasm", tsify::declare)]
pub type CheckAnswer = Answer<ReportAnswer>;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportAnswer {
    pub report: Report,
    /// The report in the `format` asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rendered: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix: Option<crate::matrix::Matrix>,
    /// A file name for the report, without extension: `<business>-access-review-<date>`.
    pub file_stem: String,
    /// The warnings say part of the portfolio was not read: findings may be missing.
    pub capture_incomplete: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RolesAnswer {
    pub roles: std::collections::BTreeMap<String, crate::config::RoleProfile>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ImportAnswer {
    #[cfg_attr(feature = "wasm", tsify(type = "Snapshot"))]
    pub snapshot: Value,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RulesAnswer {
    pub rules: Vec<RuleMeta>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TestsAnswer {
    pub tests: TestReport,
}

fn sources(policies: &[PolicyInput]) -> Vec<PolicySource> {
    policies
        .iter()
        .map(|p| PolicySource::new(p.path.clone(), p.text.clone()))
        .collect()
}

/// A call typed, or a `usage` failure with the JSON path of what is wrong
/// (`policies[0].text`; for an unknown or missing field, that field).
pub(crate) fn parse_call<T: serde::de::DeserializeOwned>(call: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(call).map_err(|e| {
        let message = e.inner().to_string();
        let mut path = e.path().to_string();
        if path == "." {
            path.clear();
        }
        // A missing field's path is its object's: the path goes to the field.
        let field = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(field, _)| field);
        if let Some(field) = field {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(field);
        }
        Error::one(
            ErrorKind::Usage,
            Diagnostic::at_path(
                path,
                format!("bad call: {}", crate::serde_words::plain(&message)),
            ),
        )
    })
}

/// The check itself: the report and the validated snapshot it read.
fn check_with(set: &PolicySet, call: &CheckCall) -> Result<(Report, Snapshot), Error> {
    let snapshot = call.snapshot.text();
    let config = call.config.as_ref().map(JsonInput::text);
    check_snapshot(
        set,
        &CheckRequest {
            snapshot: &snapshot,
            snapshot_name: "snapshot",
            config: config.as_deref(),
            config_name: "config",
            now: call.now.as_deref(),
            ..Default::default()
        },
    )
}

/// The policy set for these custom policies, parsed once and reused while they stay the same
/// (a page re-checks on every edit of the intent; parsing the rules each time would be waste).
fn policy_set(policies: &[PolicyInput]) -> Result<PolicySet, Error> {
    use std::sync::Mutex;
    static LAST: Mutex<Option<(Vec<PolicySource>, PolicySet)>> = Mutex::new(None);
    let wanted = sources(policies);
    if let Ok(last) = LAST.lock() {
        if let Some((key, set)) = last.as_ref() {
            if *key == wanted {
                return Ok(set.clone());
            }
        }
    }
    let set = PolicySet::with_custom(wanted.clone())?;
    if let Ok(mut last) = LAST.lock() {
        *last = Some((wanted, set.clone()));
    }
    Ok(set)
}

/// Typed check with the extras a front end asks for: the rendered report and the matrix.
pub fn check_answer(call: &CheckCall) -> Result<ReportAnswer, Error> {
    let set = policy_set(&call.policies)?;
    let (technical, snapshot) = check_with(&set, call)?;
    report_answer(
        technical,
        &snapshot,
        call.format.as_deref(),
        call.matrix,
        call.plain,
    )
}

/// The answer to a check from its report and the snapshot it read, with the extras asked for:
/// the matrix, the report in plain words, rendered in `format`. Shared by [`check_answer`] and
/// [`session_finish`].
fn report_answer(
    technical: Report,
    snapshot: &Snapshot,
    format: Option<&str>,
    matrix: bool,
    plain: bool,
) -> Result<ReportAnswer, Error> {
    let matrix = if matrix {
        Some(crate::matrix::access_matrix(snapshot, &technical))
    } else {
        None
    };
    let report = for_reader(technical, snapshot, plain);
    let rendered = match format {
        Some(f) => Some(render(&report, Format::from_call(f)?, plain, PAGE_TABLE)),
        None => None,
    };
    Ok(ReportAnswer {
        file_stem: crate::report::file_stem(&report),
        capture_incomplete: crate::report::capture_incomplete(&report),
        report,
        rendered,
        matrix,
    })
}

/// `{snapshot, config?, policies?, now?, format?, matrix?, plain?}` → `{type: "success", report,
/// rendered?, matrix?}` or a failure.
pub fn check_json(call: Value) -> Value {
    let answer: Answer<ReportAnswer> = parse_call::<CheckCall>(call)
        .and_then(|c| check_answer(&c))
        .into();
    to_value(&answer)
}

/// A report's output format: the command line's `--format` and the call's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    serde(rename_all = "lowercase")
)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Sarif,
    Csv,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Json,
        Format::Markdown,
        Format::Sarif,
        Format::Csv,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The call's `format`, or a usage failure at `format`.
    fn from_call(s: &str) -> Result<Format, Error> {
        Format::parse(s).ok_or_else(|| {
            Error::one(
                ErrorKind::Usage,
                Diagnostic::at_path(
                    "format",
                    format!(
                        "unknown format `{s}`, expected one of json, csv, markdown, sarif, table"
                    ),
                ),
            )
        })
    }
}

/// The table as the page and the calls render it: no colour, 100 columns.
pub const PAGE_TABLE: TableStyle = TableStyle {
    color: false,
    width: 100,
};

/// The report for its reader: in plain words for a business reader (task names instead of
/// codes, names instead of ids, the page's settings instead of config paths), or as the rules
/// wrote it. Shared by [`check_answer`] and the command line's `check --plain`.
pub fn for_reader(technical: Report, snapshot: &Snapshot, plain: bool) -> Report {
    if plain {
        crate::report::plain::plain_report(&technical, snapshot)
    } else {
        technical
    }
}

/// The report in `format`; a plain-words report (`plain`, from [`for_reader`]) in Markdown is
/// the client's report (no rule ids). `table` is the table's colour and width (the page's:
/// [`PAGE_TABLE`]). Shared by [`check_answer`] and the command line's `check`.
pub fn render(report: &Report, format: Format, plain: bool, table: TableStyle) -> String {
    use crate::report;
    match format {
        Format::Json => report.to_json(),
        Format::Csv => report::to_csv(report),
        Format::Markdown if plain => report::to_markdown_client(report),
        Format::Markdown => report::to_markdown(report),
        Format::Sarif => report::to_sarif(report),
        Format::Table => report::to_table(report, table),
    }
}

/// The role profiles: the built-in ones, overlaid by the config's `roles`.
pub fn roles_answer(call: &ConfigCall) -> Result<RolesAnswer, Error> {
    let text = call.config.as_ref().map(JsonInput::text);
    let ids = policy_set(&[])?
        .rules()
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let config = crate::config::load(text.as_deref(), "config", &ids)?;
    Ok(RolesAnswer {
        roles: config.roles,
    })
}

/// `{config?}` → `{type: "success", roles: {...}}`.
pub fn roles_json(call: Value) -> Value {
    let answer: Answer<RolesAnswer> = parse_call::<ConfigCall>(call)
        .and_then(|c| roles_answer(&c))
        .into();
    to_value(&answer)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DefaultsAnswer {
    /// The defaults, every field filled.
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig"))]
    pub config: Value,
}

/// The built-in org config defaults (thresholds, public email domains, role profiles, …) that
/// a user's config is merged over.
pub fn defaults_answer() -> Result<DefaultsAnswer, Error> {
    crate::config::defaults().map(|config| DefaultsAnswer { config })
}

/// `{}` → `{type: "success", config}`: [`defaults_answer`].
pub fn defaults_json(call: Value) -> Value {
    let answer: Answer<DefaultsAnswer> = parse_call::<Empty>(call)
        .and_then(|_| defaults_answer())
        .into();
    to_value(&answer)
}

pub fn defaults_json_str(call: &str) -> String {
    with_text(call, defaults_json)
}

/// A call that takes nothing: `{}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// A Graph bundle or a filled spreadsheet template as a snapshot, with the importer's warnings.
pub fn import_answer(call: &ImportCall) -> Result<ImportAnswer, Error> {
    let text = call.bundle.text();
    // A filled spreadsheet template (docs/spreadsheet-template.md) imports the same way.
    let imported = if crate::template::looks_like_template(&text) {
        crate::template::import_template(&text, "bundle", call.now.as_deref())?
    } else {
        crate::import::import_str(&text, "bundle", call.now.as_deref())?
    };
    Ok(ImportAnswer {
        snapshot: imported.snapshot,
        warnings: imported.warnings,
    })
}

/// `{bundle, now?}` → `{type: "success", snapshot, warnings}`.
pub fn import_json(call: Value) -> Value {
    let answer: Answer<ImportAnswer> = parse_call::<ImportCall>(call)
        .and_then(|c| import_answer(&c))
        .into();
    to_value(&answer)
}

pub fn roles_json_str(call: &str) -> String {
    with_text(call, roles_json)
}

pub fn import_json_str(call: &str) -> String {
    with_text(call, import_json)
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TemplateCall {
    /// A snapshot, Graph bundle or filled template to write as a template; none for the blank one.
    #[serde(default)]
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Snapshot | Record<string, unknown> | unknown[] | string | null")
    )]
    pub snapshot: Option<JsonInput>,
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TemplateAnswer {
    /// The spreadsheet template as CSV text (UTF-8, with a byte-order mark).
    pub csv: String,
}

/// The spreadsheet template, filled from the snapshot (or bundle, or template) when one is
/// given, blank otherwise.
pub fn template_answer(call: &TemplateCall) -> Result<TemplateAnswer, Error> {
    let text = call.snapshot.as_ref().map(JsonInput::text);
    crate::template::template_for(text.as_deref(), "snapshot", call.now.as_deref())
        .map(|csv| TemplateAnswer { csv })
}

/// `{snapshot?, now?}` → `{type: "success", csv}`: [`template_answer`].
pub fn template_json(call: Value) -> Value {
    let answer: Answer<TemplateAnswer> = parse_call::<TemplateCall>(call)
        .and_then(|c| template_answer(&c))
        .into();
    to_value(&answer)
}

pub fn template_json_str(call: &str) -> String {
    with_text(call, template_json)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GlossaryAnswer {
    pub glossary: GlossaryValue,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GlossaryValue {
    /// Per asset type, each Meta task code (page codes without `PROFILE_PLUS_`): its human
    /// name, what it allows, and its level (`full_control`, `can_act`, `view_only`).
    pub tasks: &'static crate::glossary::Glossary,
}

/// The task glossary the rules and the page share.
pub fn glossary_answer() -> GlossaryAnswer {
    GlossaryAnswer {
        glossary: GlossaryValue {
            tasks: crate::glossary::glossary(),
        },
    }
}

/// `{}` → `{type: "success", glossary: {tasks}}`: [`glossary_answer`].
pub fn glossary_json(call: Value) -> Value {
    let answer: Answer<GlossaryAnswer> =
        parse_call::<Empty>(call).map(|_| glossary_answer()).into();
    to_value(&answer)
}

pub fn glossary_json_str(call: &str) -> String {
    with_text(call, glossary_json)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SamplesAnswer {
    pub samples: &'static [Sample],
}

/// The bundled samples, each a snapshot and its org config as JSON text.
pub fn samples_answer() -> SamplesAnswer {
    SamplesAnswer {
        samples: &crate::samples::ALL,
    }
}

/// The bundled samples: `{type: "success", samples: [{name, description, snapshot, config}]}`.
pub fn samples_json() -> Value {
    let answer: Answer<SamplesAnswer> = Ok(samples_answer()).into();
    to_value(&answer)
}

pub fn samples_json_str() -> String {
    samples_json().to_string()
}

/// The catalog, built-in and custom.
pub fn rules_answer(call: &PoliciesCall) -> Result<RulesAnswer, Error> {
    policy_set(&call.policies).map(|set| RulesAnswer {
        rules: set.rules().to_vec(),
    })
}

/// `{policies?}` → `{type: "success", rules: [...]}`: [`rules_answer`].
pub fn rules_json(call: Value) -> Value {
    let answer: Answer<RulesAnswer> = parse_call::<PoliciesCall>(call)
        .and_then(|c| rules_answer(&c))
        .into();
    to_value(&answer)
}

/// Runs the `test_*` rules of the custom policies given.
pub fn tests_answer(call: &PoliciesCall) -> Result<TestsAnswer, Error> {
    run_tests(sources(&call.policies), false).map(|tests| TestsAnswer { tests })
}

/// `{policies}` → `{type: "success", tests: {passed, failed, tests}}`: [`tests_answer`].
pub fn test_json(call: Value) -> Value {
    let answer: Answer<TestsAnswer> = parse_call::<PoliciesCall>(call)
        .and_then(|c| tests_answer(&c))
        .into();
    to_value(&answer)
}

/// The same calls with JSON text in and out.
pub fn check_json_str(call: &str) -> String {
    with_text(call, check_json)
}

pub fn rules_json_str(call: &str) -> String {
    with_text(call, rules_json)
}

pub fn test_json_str(call: &str) -> String {
    with_text(call, test_json)
}

/// Starts a collection from Meta's Graph API ([`crate::collect`]), or a failure when the
/// options cannot be right.
pub fn start_collection(options: crate::collect::Options) -> Result<crate::collect::Plan, Error> {
    crate::collect::Plan::new(options)
}

/// What a collection does next ([`crate::collect::Plan::next_step`]), with its progress; a
/// failure in the shape of every other failure.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CollectStep {
    /// Make these calls (in any order, concurrently or not), answer each, then ask again.
    Send {
        #[cfg_attr(feature = "wasm", tsify(type = "CollectCall[]"))]
        calls: Vec<crate::collect::Call>,
        #[cfg_attr(feature = "wasm", tsify(type = "CollectProgress"))]
        progress: crate::collect::Progress,
    },
    /// Wait this long (a rate limit or a retry), then ask again.
    Wait {
        ms: u64,
        reason: String,
        #[cfg_attr(feature = "wasm", tsify(type = "CollectProgress"))]
        progress: crate::collect::Progress,
    },
    /// Everything was read: take the bundle.
    Done {
        #[cfg_attr(feature = "wasm", tsify(type = "CollectProgress"))]
        progress: crate::collect::Progress,
    },
    /// The collection cannot go on.
    Failed {
        error: Failure,
        #[cfg_attr(feature = "wasm", tsify(type = "CollectProgress"))]
        progress: crate::collect::Progress,
    },
}

/// The next step of a collection, as the JS package gives it.
pub fn collect_step(plan: &mut crate::collect::Plan) -> CollectStep {
    use crate::collect::Step;
    let step = plan.next_step();
    let progress = plan.progress();
    match step {
        Step::Send { calls } => CollectStep::Send { calls, progress },
        Step::Wait { ms, reason } => CollectStep::Wait {
            ms,
            reason,
            progress,
        },
        Step::Done => CollectStep::Done { progress },
        Step::Failed { error } => CollectStep::Failed {
            error: Failure {
                kind: error.kind,
                errors: error.errors,
            },
            progress,
        },
    }
}

/// Runs one of the `*_json` calls on JSON text: text that is not JSON is a `usage` failure.
pub fn with_text(call: &str, f: fn(Value) -> Value) -> String {
    let value = match serde_json::from_str::<Value>(call) {
        Ok(v) => f(v),
        Err(e) => to_value(&Answer::<()>::from(Err(not_json(&e)))),
    };
    value.to_string()
}

fn to_value<T: Serialize>(answer: &Answer<T>) -> Value {
    serde_json::to_value(answer).unwrap_or_else(|e| {
        serde_json::json!({"type": "failure", "kind": "usage", "errors": [{"message": e.to_string()}]})
    })
}

// ---------------------------------------------------------------------------------------------
// Sessions: a snapshot kept between checks (the page's workers)
//
// The page checks again on every edit of the config, with the same export. A session keeps the
// export read and validated ([`crate::engine::Prepared`]) in the thread that opened it (one of
// the page's Web Workers), so that a check with another config neither sends nor reads it
// again. A check is spread over the workers: each evaluates one shard of the rules
// ([`session_shard`]), and one builds the answer from every shard's findings
// ([`session_finish`]): the same answer as [`check_answer`]'s for the same call.

/// A shard of a check of the session's snapshot: the config and custom policies of the check,
/// and which shard, `k` (from 0) of `n`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ShardCall {
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    pub k: usize,
    pub n: usize,
}

/// The end of a check of the session's snapshot: a [`CheckCall`] without the snapshot (the
/// session's) and "now" (the one the session was opened with).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct FinishCall {
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Format | null"))]
    pub format: Option<String>,
    #[serde(default)]
    pub matrix: bool,
    #[serde(default)]
    pub plain: bool,
}

/// The answer to opening a session: nothing more than success.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SessionOpened {}

/// A shard's findings, for the check's end ([`session_finish`]): JSON text, opaque to the caller
/// (a string is what passes cheapest between the page's workers).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ShardPart {
    pub part: String,
}

/// The snapshot of this thread's session, read once, and the "now" it was read with.
struct Session {
    prepared: crate::engine::Prepared,
    now: Option<String>,
}

thread_local! {
    static SESSION: std::cell::RefCell<Option<Session>> = const { std::cell::RefCell::new(None) };
}

/// Opens this thread's session on a snapshot, Graph bundle or filled template (its text), read
/// with "now" (RFC 3339; a bundle's capture time otherwise), or the failure a check of it would
/// give for the snapshot. The session it replaces is closed first.
pub fn session_open(snapshot: &str, now: Option<&str>) -> Result<SessionOpened, Error> {
    SESSION.with(|s| s.replace(None));
    let request = CheckRequest {
        snapshot,
        snapshot_name: "snapshot",
        now,
        ..Default::default()
    };
    crate::engine::prepare(&request).map(|prepared| {
        let now = now.map(str::to_string);
        SESSION.with(|s| s.replace(Some(Session { prepared, now })));
        SessionOpened {}
    })
}

/// Runs `f` on this thread's session with the check's policy set and request (config and "now").
fn in_session<T>(
    config: Option<&JsonInput>,
    policies: &[PolicyInput],
    f: impl FnOnce(&crate::engine::Prepared, &PolicySet, &CheckRequest<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let set = policy_set(policies)?;
    let config = config.map(JsonInput::text);
    SESSION.with(|s| {
        let session = s.borrow();
        let session = session.as_ref().ok_or_else(|| {
            Error::one(
                ErrorKind::Usage,
                Diagnostic::new("no snapshot is open: open a session first"),
            )
        })?;
        let request = CheckRequest {
            config: config.as_deref(),
            config_name: "config",
            now: session.now.as_deref(),
            ..Default::default()
        };
        f(&session.prepared, &set, &request)
    })
}

/// The findings of shard `k` of `n` of the rules on the session's snapshot, as JSON text (what
/// [`session_finish`] reads).
pub fn session_shard(call: &ShardCall) -> Result<ShardPart, Error> {
    if call.n == 0 || call.k >= call.n {
        return Err(Error::one(
            ErrorKind::Usage,
            Diagnostic::new(format!(
                "shard {} of {} does not exist: k is from 0 to n - 1",
                call.k, call.n
            )),
        ));
    }
    let findings = in_session(
        call.config.as_ref(),
        &call.policies,
        |prepared, set, request| prepared.evaluation(set, request)?.shard(call.k, call.n),
    )?;
    serde_json::to_string(&findings)
        .map(|part| ShardPart { part })
        .map_err(|e| {
            Error::msg(
                ErrorKind::Evaluation,
                format!("the findings cannot be written: {e}"),
            )
        })
}

/// The check's answer from the findings of every shard (JSON text, from [`session_shard`] with
/// the same config and policies): as [`check_answer`]'s for the same call with the session's
/// snapshot.
pub fn session_finish(call: &FinishCall, parts: &[String]) -> Result<ReportAnswer, Error> {
    let parts = parts
        .iter()
        .map(|p| {
            serde_json::from_str::<Vec<crate::report::Finding>>(p).map_err(|e| {
                Error::msg(
                    ErrorKind::Usage,
                    format!("a shard's findings cannot be read: {e}"),
                )
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    in_session(
        call.config.as_ref(),
        &call.policies,
        |prepared, set, request| {
            let technical = prepared.evaluation(set, request)?.finish(parts)?;
            report_answer(
                technical,
                &prepared.snapshot,
                call.format.as_deref(),
                call.matrix,
                call.plain,
            )
        },
    )
}

/// The failure for a call that is not JSON text.
pub(crate) fn not_json(e: &serde_json::Error) -> Error {
    Error::one(
        ErrorKind::Usage,
        Diagnostic::new(format!("the call is not JSON: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The path and message of a call's usage failure.
    fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(call: Value) -> (String, String) {
        let e = parse_call::<T>(call).expect_err("the call is refused");
        assert_eq!(e.kind, ErrorKind::Usage);
        let d = &e.errors[0];
        (d.path.clone().unwrap_or_default(), d.message.clone())
    }

    #[test]
    fn a_bad_call_names_the_path_of_what_is_wrong() {
        let snapshot = json!("{}");
        for (call, path, message) in [
            (
                json!({"snapshot": snapshot, "plain": "yes"}),
                "plain",
                "expected a boolean",
            ),
            (
                json!({"snapshot": snapshot, "policies": [{"path": "a.rego", "text": 1}]}),
                "policies[0].text",
                "expected a string",
            ),
            (
                json!({"snapshot": snapshot, "polices": []}),
                "polices",
                "unknown field `polices`",
            ),
            (
                json!({"config": {}}),
                "snapshot",
                "missing field `snapshot`",
            ),
            (
                json!({"snapshot": snapshot, "policies": [{"path": "a.rego"}]}),
                "policies[0].text",
                "missing field `text`",
            ),
            (json!(42), "", "invalid type"),
        ] {
            let (at, said) = refused::<CheckCall>(call.clone());
            assert_eq!(at, path, "{call}");
            assert!(said.starts_with("bad call: "), "{said}");
            assert!(said.contains(message), "{call}: {said}");
        }
        let (at, _) = refused::<ShardCall>(json!({"k": -1, "n": 2}));
        assert_eq!(at, "k");
    }

    #[test]
    fn a_document_is_text_when_it_is_a_string_and_json_otherwise() {
        let call: CheckCall =
            parse_call(json!({"snapshot": "{\"a\": 1}", "config": {"b": [1, null]}})).unwrap();
        assert!(matches!(call.snapshot, JsonInput::Text(ref t) if t == "{\"a\": 1}"));
        assert!(
            matches!(call.config, Some(JsonInput::Value(ref v)) if *v == json!({"b": [1, null]}))
        );
        // `null` is no config.
        let call: CheckCall = parse_call(json!({"snapshot": [], "config": null})).unwrap();
        assert!(call.config.is_none());
        assert!(matches!(call.snapshot, JsonInput::Value(Value::Array(_))));
    }

    #[test]
    fn answers_are_tagged_with_their_type() {
        let ok: Answer<TemplateAnswer> = Ok(TemplateAnswer { csv: "x".into() }).into();
        assert_eq!(
            serde_json::to_value(&ok).unwrap(),
            json!({"type": "success", "csv": "x"})
        );
        let failed: Answer<TemplateAnswer> = Err(Error::msg(ErrorKind::Internal, "boom")).into();
        assert_eq!(
            serde_json::to_value(&failed).unwrap(),
            json!({"type": "failure", "kind": "internal", "errors": [{"message": "boom"}]})
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Compare and what-if
//
// One engine for both ([`crate::compare`]): a comparison checks two exports and says what
// changed; a what-if compares the snapshot with the snapshot plus proposed grants. `before`,
// `after` and `snapshot` take anything `check` takes, or a saved review file
// ([`crate::review`]), whose config is that side's config when the call gives none.

/// `compare`: two exports (or review files), checked and compared.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CompareCall {
    /// A snapshot, Graph bundle, filled template or saved review, as an object or text.
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Snapshot | Record<string, unknown> | unknown[] | string")
    )]
    pub before: JsonInput,
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Snapshot | Record<string, unknown> | unknown[] | string")
    )]
    pub after: JsonInput,
    /// The org config of the "after" check (default: a review file's own), and of the "before"
    /// check when neither `before_config` nor a review file gives one.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
    /// The org config of the "before" check; default: a review file's own, else `config`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub before_config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    /// "Now" of both checks (RFC 3339); default: each snapshot's capture time.
    #[serde(default)]
    pub now: Option<String>,
    /// Also render the comparison as `json`, `csv`, `markdown`, `sarif` or `table`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Format | null"))]
    pub format: Option<String>,
    /// Findings in plain words, for a business reader (as `check`'s `plain`).
    #[serde(default)]
    pub plain: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CompareAnswer {
    pub comparison: crate::compare::Comparison,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<String>,
    /// A file name for the comparison, without extension: `<business>-access-changes-<date>`.
    pub file_stem: String,
}

/// `what-if`: proposed grants checked against a snapshot (or alone; then `now` is required).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct WhatIfCall {
    /// A snapshot, Graph bundle, filled template or saved review, as an object or text; none:
    /// the proposal alone.
    #[serde(default)]
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Snapshot | Record<string, unknown> | unknown[] | string | null")
    )]
    pub snapshot: Option<JsonInput>,
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "OrgConfig | string | null"))]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    pub proposed: Vec<crate::compare::ProposedGrant>,
    /// "Now" (RFC 3339); default: the snapshot's capture time. Required without a snapshot.
    #[serde(default)]
    pub now: Option<String>,
    /// Also render the answer as `json`, `csv`, `markdown`, `sarif` or `table`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "Format | null"))]
    pub format: Option<String>,
    #[serde(default)]
    pub plain: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct WhatIfAnswer {
    pub what_if: crate::compare::WhatIf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<String>,
}

/// An optional input text with its name.
fn named<'a>(text: Option<&'a str>, name: &'a str) -> Option<crate::compare::Named<'a>> {
    text.map(|text| crate::compare::Named { text, name })
}

/// The checked side for its reader: as the rules wrote it, or in plain words.
fn side_for_reader(c: crate::compare::Checked, plain: bool) -> crate::compare::Checked {
    let report = for_reader(c.report, &c.snapshot, plain);
    crate::compare::Checked { report, ..c }
}

/// Typed compare: the comparison, and rendered in `format` when asked.
pub fn compare_answer(call: &CompareCall) -> Result<CompareAnswer, Error> {
    use crate::compare::Named;
    let set = policy_set(&call.policies)?;
    let format = call.format.as_deref().map(Format::from_call).transpose()?;
    let text = |i: &Option<JsonInput>| i.as_ref().map(JsonInput::text);
    let (before, after) = (call.before.text(), call.after.text());
    let (config, before_config) = (text(&call.config), text(&call.before_config));
    let (b, a) = crate::compare::check_both(
        &set,
        Named {
            text: &before,
            name: "before",
        },
        Named {
            text: &after,
            name: "after",
        },
        named(config.as_deref(), "config"),
        named(before_config.as_deref(), "before_config"),
        call.now.as_deref(),
    )?;
    let (b, a) = (
        side_for_reader(b, call.plain),
        side_for_reader(a, call.plain),
    );
    let comparison = crate::compare::compare(&b, &a);
    let rendered = format.map(|f| render_comparison(&comparison, f, call.plain, PAGE_TABLE));
    Ok(CompareAnswer {
        file_stem: changes_stem(&a.report),
        comparison,
        rendered,
    })
}

/// `<business>-access-changes-<date>`: the report's [file stem](crate::report::file_stem) with
/// `access-changes` for `access-review`.
fn changes_stem(report: &Report) -> String {
    let stem = crate::report::file_stem(report);
    let word = "-access-review";
    match stem.rfind(word) {
        Some(i) => format!("{}-access-changes{}", &stem[..i], &stem[i + word.len()..]),
        None => stem,
    }
}

/// Typed what-if: the verdicts, and rendered in `format` when asked.
pub fn what_if_answer(call: &WhatIfCall) -> Result<WhatIfAnswer, Error> {
    let set = policy_set(&call.policies)?;
    let format = call.format.as_deref().map(Format::from_call).transpose()?;
    let snapshot = call.snapshot.as_ref().map(JsonInput::text);
    let config = call.config.as_ref().map(JsonInput::text);
    let run = crate::compare::what_if_run(
        &set,
        &crate::compare::WhatIfInput {
            snapshot: named(snapshot.as_deref(), "snapshot"),
            config: named(config.as_deref(), "config"),
            now: call.now.as_deref(),
            proposal_file: None,
        },
        &call.proposed,
    )?;
    let what_if = if call.plain {
        let b = side_for_reader(run.before.clone(), true);
        let a = side_for_reader(run.after.clone(), true);
        run.what_if(&b, &a)
    } else {
        run.what_if(&run.before, &run.after)
    };
    let rendered = format.map(|f| render_what_if(&what_if, f, call.plain, PAGE_TABLE));
    Ok(WhatIfAnswer { what_if, rendered })
}

/// A comparison in `format` (plain: task names and no rule ids where the format allows).
/// Shared by [`compare_answer`] and the command line's `diff`.
pub fn render_comparison(
    c: &crate::compare::Comparison,
    format: Format,
    plain: bool,
    table: TableStyle,
) -> String {
    use crate::report::diff;
    match format {
        Format::Json => diff::comparison_json(c),
        Format::Csv => diff::comparison_csv(c),
        Format::Markdown => diff::comparison_markdown(c, plain),
        Format::Sarif => diff::comparison_sarif(c),
        Format::Table => diff::comparison_table(c, plain, table),
    }
}

/// A what-if in `format`. Shared by [`what_if_answer`] and the command line's `what-if`.
pub fn render_what_if(
    w: &crate::compare::WhatIf,
    format: Format,
    plain: bool,
    table: TableStyle,
) -> String {
    use crate::report::diff;
    match format {
        Format::Json => diff::what_if_json(w),
        Format::Csv => diff::what_if_csv(w),
        Format::Markdown => diff::what_if_markdown(w, plain),
        Format::Sarif => diff::comparison_sarif(&w.comparison),
        Format::Table => diff::what_if_table(w, plain, table),
    }
}

/// `{before, after, config?, before_config?, policies?, now?, format?, plain?}` →
/// `{type: "success", comparison, rendered?, file_stem}` or a failure.
pub fn compare_json(call: Value) -> Value {
    let answer: Answer<CompareAnswer> = parse_call::<CompareCall>(call)
        .and_then(|c| compare_answer(&c))
        .into();
    to_value(&answer)
}

pub fn compare_json_str(call: &str) -> String {
    with_text(call, compare_json)
}

/// `{snapshot?, config?, policies?, proposed, now?, format?, plain?}` →
/// `{type: "success", what_if, rendered?}` or a failure.
pub fn what_if_json(call: Value) -> Value {
    let answer: Answer<WhatIfAnswer> = parse_call::<WhatIfCall>(call)
        .and_then(|c| what_if_answer(&c))
        .into();
    to_value(&answer)
}

pub fn what_if_json_str(call: &str) -> String {
    with_text(call, what_if_json)
}
