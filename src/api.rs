//! JSON-in/JSON-out functions over the library, shared by the CLI, the WASM layer and tests
//! (Cedar's `ffi` pattern). Each call answers with a tagged union:
//! `{"type": "success", …}` or `{"type": "failure", "kind": …, "errors": [{message, file?, path?, line?, column?}]}`.
//! Expected failures are data, never panics or bare strings.

use crate::engine::{check_snapshot, CheckRequest};
use crate::error::{Diagnostic, Error, ErrorKind};
use crate::policy::{run_tests, PolicySet, PolicySource, RuleMeta, TestReport};
use crate::report::{Report, TableStyle};
use crate::samples::Sample;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON document given either as a JSON value or as text (which keeps line numbers in errors).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum JsonInput {
    Text(String),
    Value(Value),
}

impl JsonInput {
    fn text(&self) -> String {
        match self {
            JsonInput::Text(s) => s.clone(),
            JsonInput::Value(v) => v.to_string(),
        }
    }
}

/// A custom policy file: a name shown in errors, and its Rego text.
#[derive(Debug, Clone, Deserialize)]
pub struct PolicyInput {
    pub path: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckCall {
    pub snapshot: JsonInput,
    #[serde(default)]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    #[serde(default)]
    pub now: Option<String>,
    /// Also render the report as `json`, `csv`, `markdown`, `sarif` or `table`.
    #[serde(default)]
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
#[serde(deny_unknown_fields)]
pub struct ConfigCall {
    #[serde(default)]
    pub config: Option<JsonInput>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportCall {
    pub bundle: JsonInput,
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoliciesCall {
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
}

/// The answer of every call.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Answer<T: Serialize> {
    Success(Success<T>),
    Failure(Failure),
}

#[derive(Debug, Clone, Serialize)]
pub struct Success<T: Serialize> {
    #[serde(flatten)]
    pub value: T,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct ReportAnswer {
    pub report: Report,
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
pub struct RolesAnswer {
    pub roles: std::collections::BTreeMap<String, crate::config::RoleProfile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportAnswer {
    pub snapshot: Value,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RulesAnswer {
    pub rules: Vec<RuleMeta>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestsAnswer {
    pub tests: TestReport,
}

fn sources(policies: &[PolicyInput]) -> Vec<PolicySource> {
    policies
        .iter()
        .map(|p| PolicySource::new(p.path.clone(), p.text.clone()))
        .collect()
}

fn parse_call<T: serde::de::DeserializeOwned>(call: Value) -> Result<T, Error> {
    serde_json::from_value(call).map_err(|e| {
        Error::one(
            ErrorKind::Usage,
            Diagnostic::new(format!(
                "bad call: {}",
                crate::serde_words::plain(&e.to_string())
            )),
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

/// `{config?}` → `{type: "success", roles: {...}}`.
pub fn roles_json(call: Value) -> Value {
    let answer: Answer<RolesAnswer> = parse_call::<ConfigCall>(call)
        .and_then(|c| {
            let text = c.config.as_ref().map(JsonInput::text);
            let ids = policy_set(&[])?
                .rules()
                .iter()
                .map(|r| r.id.clone())
                .collect();
            let config = crate::config::load(text.as_deref(), "config", &ids)?;
            Ok(RolesAnswer {
                roles: config.roles,
            })
        })
        .into();
    to_value(&answer)
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultsAnswer {
    pub config: Value,
}

/// `{}` → `{type: "success", config}`: the built-in org config defaults (thresholds, public
/// email domains, role profiles, …) that a user's config is merged over.
pub fn defaults_json(call: Value) -> Value {
    let answer: Answer<DefaultsAnswer> = parse_call::<Empty>(call)
        .and_then(|_| crate::config::defaults())
        .map(|config| DefaultsAnswer { config })
        .into();
    to_value(&answer)
}

pub fn defaults_json_str(call: &str) -> String {
    with_text(call, defaults_json)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// `{bundle, now?}` → `{type: "success", snapshot, warnings}`.
pub fn import_json(call: Value) -> Value {
    let answer: Answer<ImportAnswer> = parse_call::<ImportCall>(call)
        .and_then(|c| {
            let text = c.bundle.text();
            // A filled spreadsheet template (docs/spreadsheet-template.md) imports the same way.
            let imported = if crate::template::looks_like_template(&text) {
                crate::template::import_template(&text, "bundle", c.now.as_deref())?
            } else {
                crate::import::import_str(&text, "bundle", c.now.as_deref())?
            };
            Ok(ImportAnswer {
                snapshot: imported.snapshot,
                warnings: imported.warnings,
            })
        })
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
#[serde(deny_unknown_fields)]
pub struct TemplateCall {
    /// A snapshot, Graph bundle or filled template to write as a template; none for the blank one.
    #[serde(default)]
    pub snapshot: Option<JsonInput>,
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateAnswer {
    pub csv: String,
}

/// `{snapshot?, now?}` → `{type: "success", csv}`: the spreadsheet template, filled from the
/// snapshot (or bundle, or template) when one is given, blank otherwise.
pub fn template_json(call: Value) -> Value {
    let answer: Answer<TemplateAnswer> = parse_call::<TemplateCall>(call)
        .and_then(|c| {
            let text = c.snapshot.as_ref().map(JsonInput::text);
            crate::template::template_for(text.as_deref(), "snapshot", c.now.as_deref())
        })
        .map(|csv| TemplateAnswer { csv })
        .into();
    to_value(&answer)
}

pub fn template_json_str(call: &str) -> String {
    with_text(call, template_json)
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryAnswer {
    pub glossary: GlossaryValue,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryValue {
    /// Per asset type, each Meta task code (page codes without `PROFILE_PLUS_`): its human
    /// name, what it allows, and its level (`full_control`, `can_act`, `view_only`).
    pub tasks: &'static crate::glossary::Glossary,
}

/// `{}` → `{type: "success", glossary: {tasks}}`: the task glossary the rules and the page share.
pub fn glossary_json(call: Value) -> Value {
    let answer: Answer<GlossaryAnswer> = parse_call::<Empty>(call)
        .map(|_| GlossaryAnswer {
            glossary: GlossaryValue {
                tasks: crate::glossary::glossary(),
            },
        })
        .into();
    to_value(&answer)
}

pub fn glossary_json_str(call: &str) -> String {
    with_text(call, glossary_json)
}

#[derive(Debug, Clone, Serialize)]
pub struct SamplesAnswer {
    pub samples: &'static [Sample],
}

/// The bundled samples: `{type: "success", samples: [{name, description, snapshot, config}]}`.
pub fn samples_json() -> Value {
    let answer: Answer<SamplesAnswer> = Ok(SamplesAnswer {
        samples: &crate::samples::ALL,
    })
    .into();
    to_value(&answer)
}

pub fn samples_json_str() -> String {
    samples_json().to_string()
}

/// `{policies?}` → `{type: "success", rules: [...]}`: the catalog, built-in and custom.
pub fn rules_json(call: Value) -> Value {
    let answer: Answer<RulesAnswer> = parse_call::<PoliciesCall>(call)
        .and_then(|c| policy_set(&c.policies))
        .map(|set| RulesAnswer {
            rules: set.rules().to_vec(),
        })
        .into();
    to_value(&answer)
}

/// `{policies}` → `{type: "success", tests: {passed, failed, tests}}`: runs the custom tests.
pub fn test_json(call: Value) -> Value {
    let answer: Answer<TestsAnswer> = parse_call::<PoliciesCall>(call)
        .and_then(|c| run_tests(sources(&c.policies), false))
        .map(|tests| TestsAnswer { tests })
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

/// Starts a collection from Meta's Graph API ([`crate::collect`]) from its options as JSON text;
/// a failure answer (JSON text) when they cannot be right.
pub fn start_collection_str(options: &str) -> Result<crate::collect::Plan, String> {
    parse_text::<crate::collect::Options>(options)
        .and_then(crate::collect::Plan::new)
        .map_err(|e| to_value(&Answer::<()>::from(Err(e))).to_string())
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
#[serde(deny_unknown_fields)]
pub struct ShardCall {
    #[serde(default)]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    pub k: usize,
    pub n: usize,
}

/// The end of a check of the session's snapshot: a [`CheckCall`] without the snapshot (the
/// session's) and "now" (the one the session was opened with).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishCall {
    #[serde(default)]
    pub config: Option<JsonInput>,
    #[serde(default)]
    pub policies: Vec<PolicyInput>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub matrix: bool,
    #[serde(default)]
    pub plain: bool,
}

/// The answer to opening a session: nothing more than success.
#[derive(Debug, Clone, Serialize)]
pub struct SessionOpened {}

/// The snapshot of this thread's session, read once, and the "now" it was read with.
struct Session {
    prepared: crate::engine::Prepared,
    now: Option<String>,
}

thread_local! {
    static SESSION: std::cell::RefCell<Option<Session>> = const { std::cell::RefCell::new(None) };
}

/// Opens this thread's session on a snapshot, Graph bundle or filled template (its text), read
/// with "now" (RFC 3339; a bundle's capture time otherwise): `{"type": "success"}`, or the
/// failure a check of it would give for the snapshot. The session it replaces is closed first.
pub fn session_open(snapshot: &str, now: Option<&str>) -> String {
    SESSION.with(|s| s.replace(None));
    let request = CheckRequest {
        snapshot,
        snapshot_name: "snapshot",
        now,
        ..Default::default()
    };
    let answer: Answer<SessionOpened> = crate::engine::prepare(&request)
        .map(|prepared| {
            let now = now.map(str::to_string);
            SESSION.with(|s| s.replace(Some(Session { prepared, now })));
            SessionOpened {}
        })
        .into();
    to_value(&answer).to_string()
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

/// `{config?, policies?, k, n}` → the findings of shard `k` of `n` of the rules on the session's
/// snapshot, as JSON text (what [`session_finish`] reads), or a failure answer (JSON text).
pub fn session_shard(call: &str) -> Result<String, String> {
    let fail = |e: Error| to_value(&Answer::<()>::from(Err(e))).to_string();
    let call: ShardCall = parse_text(call).map_err(fail)?;
    if call.n == 0 || call.k >= call.n {
        return Err(fail(Error::one(
            ErrorKind::Usage,
            Diagnostic::new(format!(
                "shard {} of {} does not exist: k is from 0 to n - 1",
                call.k, call.n
            )),
        )));
    }
    let findings = in_session(
        call.config.as_ref(),
        &call.policies,
        |prepared, set, request| prepared.evaluation(set, request)?.shard(call.k, call.n),
    )
    .map_err(fail)?;
    serde_json::to_string(&findings).map_err(|e| {
        fail(Error::msg(
            ErrorKind::Evaluation,
            format!("the findings cannot be written: {e}"),
        ))
    })
}

/// `{config?, policies?, format?, matrix?, plain?}` and the findings of every shard (JSON text,
/// from [`session_shard`] with the same config and policies) → the check's answer (JSON text),
/// as [`check_json`] answers the same call with the session's snapshot.
pub fn session_finish(call: &str, parts: &[String]) -> String {
    let answer: Answer<ReportAnswer> = parse_text::<FinishCall>(call)
        .and_then(|call| {
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
        })
        .into();
    to_value(&answer).to_string()
}

/// A call given as JSON text, typed: a `usage` failure when it is not JSON or not the call.
fn parse_text<T: serde::de::DeserializeOwned>(call: &str) -> Result<T, Error> {
    serde_json::from_str::<Value>(call)
        .map_err(|e| not_json(&e))
        .and_then(parse_call)
}

/// The failure for a call that is not JSON text.
fn not_json(e: &serde_json::Error) -> Error {
    Error::one(
        ErrorKind::Usage,
        Diagnostic::new(format!("the call is not JSON: {e}")),
    )
}
