//! JSON-in/JSON-out functions over the library, shared by the CLI, the WASM layer and tests
//! (Cedar's `ffi` pattern). Each call answers with a tagged union:
//! `{"type": "success", …}` or `{"type": "failure", "kind": …, "errors": [{message, file?, path?, line?, column?}]}`.
//! Expected failures are data, never panics or bare strings.

use crate::engine::{check, CheckRequest};
use crate::error::{Diagnostic, Error, ErrorKind};
use crate::policy::{run_tests, PolicySet, PolicySource, RuleMeta, TestReport};
use crate::report::Report;
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
    serde_json::from_value(call)
        .map_err(|e| Error::one(ErrorKind::Usage, Diagnostic::new(format!("bad call: {e}"))))
}

/// Typed check: the same report as the CLI.
pub fn check_call(call: &CheckCall) -> Result<Report, Error> {
    let set = PolicySet::with_custom(sources(&call.policies))?;
    let snapshot = call.snapshot.text();
    let config = call.config.as_ref().map(JsonInput::text);
    check(
        &set,
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

/// `{snapshot, config?, policies?, now?}` → `{type: "success", report}` or a failure.
pub fn check_json(call: Value) -> Value {
    let answer: Answer<ReportAnswer> = parse_call::<CheckCall>(call)
        .and_then(|c| {
            let report = check_call(&c)?;
            let rendered = c
                .format
                .as_deref()
                .map(|f| render(&report, f))
                .transpose()?;
            Ok(ReportAnswer { report, rendered })
        })
        .into();
    to_value(&answer)
}

/// The report in one of the CLI's formats (`table` without colour).
pub fn render(report: &Report, format: &str) -> Result<String, Error> {
    use crate::report;
    Ok(match format {
        "json" => report.to_json(),
        "csv" => report::to_csv(report),
        "markdown" => report::to_markdown(report),
        "sarif" => report::to_sarif(report),
        "table" => report::to_table(
            report,
            report::TableStyle {
                color: false,
                width: 100,
            },
        ),
        other => {
            return Err(Error::one(
                ErrorKind::Usage,
                Diagnostic::at_path(
                    "format",
                    format!(
                    "unknown format `{other}`, expected one of json, csv, markdown, sarif, table"
                ),
                ),
            ))
        }
    })
}

/// `{config?}` → `{type: "success", roles: {...}}`.
pub fn roles_json(call: Value) -> Value {
    let answer: Answer<RolesAnswer> = parse_call::<ConfigCall>(call)
        .and_then(|c| {
            let text = c.config.as_ref().map(JsonInput::text);
            let ids = PolicySet::builtin()?
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

/// `{bundle, now?}` → `{type: "success", snapshot, warnings}`.
pub fn import_json(call: Value) -> Value {
    let answer: Answer<ImportAnswer> = parse_call::<ImportCall>(call)
        .and_then(|c| {
            let imported = crate::import::import_str(&c.bundle.text(), "bundle", c.now.as_deref())?;
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

/// The bundled samples, as JSON text: `[{name, description, snapshot, config}]`.
pub fn samples_json_str() -> String {
    let list: Vec<Value> = crate::samples::ALL
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.name,
                "description": s.description,
                "snapshot": s.snapshot,
                "config": s.config,
            })
        })
        .collect();
    Value::Array(list).to_string()
}

/// `{policies?}` → `{type: "success", rules: [...]}`: the catalog, built-in and custom.
pub fn rules_json(call: Value) -> Value {
    let answer: Answer<RulesAnswer> = parse_call::<PoliciesCall>(call)
        .and_then(|c| PolicySet::with_custom(sources(&c.policies)))
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

fn with_text(call: &str, f: fn(Value) -> Value) -> String {
    let value = match serde_json::from_str::<Value>(call) {
        Ok(v) => f(v),
        Err(e) => {
            let answer: Answer<()> = Err(Error::one(
                ErrorKind::Usage,
                Diagnostic::new(format!("the call is not JSON: {e}")),
            ))
            .into();
            to_value(&answer)
        }
    };
    value.to_string()
}

fn to_value<T: Serialize>(answer: &Answer<T>) -> Value {
    serde_json::to_value(answer).unwrap_or_else(|e| {
        serde_json::json!({"type": "failure", "kind": "usage", "errors": [{"message": e.to_string()}]})
    })
}
