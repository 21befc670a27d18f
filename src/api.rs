//! JSON-in/JSON-out functions over the library, shared by the CLI, the WASM layer and tests
//! (Cedar's `ffi` pattern). Each call answers with a tagged union:
//! `{"type": "success", …}` or `{"type": "failure", "kind": …, "errors": [{message, file?, path?, line?, column?}]}`.
//! Expected failures are data, never panics or bare strings.

use crate::engine::{check_snapshot, CheckRequest};
use crate::error::{Diagnostic, Error, ErrorKind};
use crate::policy::{run_tests, PolicySet, PolicySource, RuleMeta, TestReport};
use crate::report::Report;
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
    pub matrix: Option<Matrix>,
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
    let (report, snapshot) = check_with(&set, call)?;
    let rendered = call
        .format
        .as_deref()
        .map(|f| render(&report, f))
        .transpose()?;
    let matrix = if call.matrix {
        Some(access_matrix(&set, &snapshot)?)
    } else {
        None
    };
    Ok(ReportAnswer {
        report,
        rendered,
        matrix,
    })
}

/// `{snapshot, config?, policies?, now?, format?, matrix?}` → `{type: "success", report,
/// rendered?, matrix?}` or a failure.
pub fn check_json(call: Value) -> Value {
    let answer: Answer<ReportAnswer> = parse_call::<CheckCall>(call)
        .and_then(|c| check_answer(&c))
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

/// One bundled sample: the snapshot and its org config, as JSON text.
#[derive(Debug, Clone, Serialize)]
pub struct SampleEntry {
    pub name: &'static str,
    pub description: &'static str,
    pub snapshot: &'static str,
    pub config: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SamplesAnswer {
    pub samples: Vec<SampleEntry>,
}

/// The bundled samples: `{type: "success", samples: [{name, description, snapshot, config}]}`.
pub fn samples_json() -> Value {
    let answer: Answer<SamplesAnswer> = Ok(SamplesAnswer {
        samples: crate::samples::ALL
            .iter()
            .map(|s| SampleEntry {
                name: s.name,
                description: s.description,
                snapshot: s.snapshot,
                config: s.config,
            })
            .collect(),
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
    serde_json::from_str::<Value>(options)
        .map_err(|e| {
            Error::one(
                ErrorKind::Usage,
                Diagnostic::new(format!("the call is not JSON: {e}")),
            )
        })
        .and_then(parse_call::<crate::collect::Options>)
        .and_then(crate::collect::Plan::new)
        .map_err(|e| to_value(&Answer::<()>::from(Err(e))).to_string())
}

/// Runs one of the `*_json` calls on JSON text: text that is not JSON is a `usage` failure.
pub fn with_text(call: &str, f: fn(Value) -> Value) -> String {
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

// ---------------------------------------------------------------------------------------------
// The access matrix: who (partners, members, unknown grantees) holds what on which asset.

/// How much a grant lets its holder do on an asset. `None` is a grant with no tasks; a
/// principal without a grant on an asset has no cell at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    FullControl,
    CanAct,
    ViewOnly,
    Pending,
    None,
}

/// A row of the matrix: a partner or member (or a grantee the snapshot does not list).
#[derive(Debug, Clone, Serialize)]
pub struct MatrixPrincipal {
    /// `partner` or `member`.
    pub kind: &'static str,
    pub id: String,
    pub name: Option<String>,
    /// False for a grantee that is in neither `members` nor `partners`.
    pub known: bool,
    /// Members: `person` or `system_user`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_kind: Option<crate::snapshot::MemberKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Members: Meta's portfolio role (`ADMIN`, `EMPLOYEE`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portfolio_role: Option<String>,
}

/// A column of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixAsset {
    pub id: String,
    #[serde(rename = "type")]
    pub asset_type: crate::snapshot::AssetType,
    pub name: Option<String>,
    pub owner_business_id: Option<String>,
}

/// One grant: indexes into `principals` and `assets`.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub principal: usize,
    pub asset: usize,
    /// `pending` for a request not yet confirmed; otherwise what the tasks give.
    pub level: AccessLevel,
    /// What the tasks give (or would give, once a pending request is confirmed).
    pub tasks_level: AccessLevel,
    /// Meta's raw task strings, as granted.
    pub tasks: Vec<String>,
    pub status: crate::snapshot::GrantStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub business: crate::report::BusinessRef,
    pub captured_at: String,
    pub principals: Vec<MatrixPrincipal>,
    pub assets: Vec<MatrixAsset>,
    pub cells: Vec<MatrixCell>,
    pub invitations: usize,
}

/// Tasks that only read: a grant holding nothing else is "view only".
const VIEW_ONLY_TASKS: &[&str] = &[
    "ANALYZE",
    "AA_ANALYZE",
    "VIEW",
    "VIEW_COST",
    "VIEW_PHONE_ASSETS",
    "VIEW_TEMPLATES",
    "VIEW_MONETIZATION_INSIGHTS",
    "READ_PAGE_MAILBOXES",
];

/// The full-control tasks per asset type, read from the helper library the rules use
/// (`data.portfolio_guard.lib.full_control_tasks`), so the picture and the rules agree.
fn full_control_tasks(
    set: &PolicySet,
) -> Result<std::collections::BTreeMap<String, Vec<String>>, Error> {
    let mut engine = set.engine();
    let value = engine
        .eval_rule("data.portfolio_guard.lib.full_control_tasks".to_string())
        .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("full-control tasks: {e}")))?;
    let json = serde_json::to_value(&value)
        .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("full-control tasks: {e}")))?;
    serde_json::from_value(json)
        .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("full-control tasks: {e}")))
}

/// The matrix of a validated snapshot.
pub fn access_matrix(set: &PolicySet, snapshot: &Snapshot) -> Result<Matrix, Error> {
    use crate::snapshot::{GrantStatus, GranteeKind};
    use crate::vocab::normalize;
    use std::collections::HashMap;

    let full = full_control_tasks(set)?;

    let mut principals = Vec::new();
    let mut index: HashMap<(GranteeKind, &str), usize> = HashMap::new();
    for p in &snapshot.partners {
        index.insert((GranteeKind::Partner, p.id.as_str()), principals.len());
        principals.push(MatrixPrincipal {
            kind: "partner",
            id: p.id.clone(),
            name: Some(p.name.clone()),
            known: true,
            member_kind: None,
            email: None,
            portfolio_role: None,
        });
    }
    for m in &snapshot.members {
        index.insert((GranteeKind::Member, m.id.as_str()), principals.len());
        principals.push(MatrixPrincipal {
            kind: "member",
            id: m.id.clone(),
            name: Some(m.name.clone()),
            known: true,
            member_kind: Some(m.kind),
            email: m.email.clone(),
            portfolio_role: m.role.clone(),
        });
    }
    let assets: Vec<MatrixAsset> = snapshot
        .assets
        .iter()
        .map(|a| MatrixAsset {
            id: a.id.clone(),
            asset_type: a.asset_type,
            name: a.name.clone(),
            owner_business_id: a.owner_business_id.clone(),
        })
        .collect();
    let asset_index: HashMap<&str, usize> = snapshot
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();

    let mut cells = Vec::with_capacity(snapshot.grants.len());
    for g in &snapshot.grants {
        let Some(&asset) = asset_index.get(g.asset_id.as_str()) else {
            continue; // validation rejects this; nothing to draw
        };
        let key = (g.grantee.kind, g.grantee.id.as_str());
        let principal = match index.get(&key) {
            Some(&i) => i,
            None => {
                let i = principals.len();
                index.insert(key, i);
                principals.push(MatrixPrincipal {
                    kind: g.grantee.kind.as_str(),
                    id: g.grantee.id.clone(),
                    name: None,
                    known: false,
                    member_kind: None,
                    email: None,
                    portfolio_role: None,
                });
                i
            }
        };
        let asset_type = snapshot.assets[asset].asset_type;
        let status = g.status.unwrap_or_default();
        let normalized: Vec<String> = g.tasks.iter().map(|t| normalize(asset_type, t)).collect();
        let full_here = full.get(asset_type.as_str());
        let tasks_level = if normalized.is_empty() {
            AccessLevel::None
        } else if normalized
            .iter()
            .any(|t| full_here.is_some_and(|f| f.contains(t)))
        {
            AccessLevel::FullControl
        } else if normalized
            .iter()
            .all(|t| VIEW_ONLY_TASKS.contains(&t.as_str()))
        {
            AccessLevel::ViewOnly
        } else {
            AccessLevel::CanAct
        };
        let level = if status == GrantStatus::Pending {
            AccessLevel::Pending
        } else {
            tasks_level
        };
        cells.push(MatrixCell {
            principal,
            asset,
            level,
            tasks_level,
            tasks: g.tasks.clone(),
            status,
        });
    }
    Ok(Matrix {
        business: crate::report::BusinessRef {
            id: snapshot.business.id.clone(),
            name: snapshot.business.name.clone(),
        },
        captured_at: snapshot.captured_at.clone(),
        principals,
        assets,
        cells,
        invitations: snapshot.invitations.as_ref().map_or(0, Vec::len),
    })
}
