//! Evaluation: the parsed policies, a snapshot and the merged config in; a report out.

use crate::config::{self, EffectiveConfig};
use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::load::{load, Loaded};
use crate::policy::{engine_diagnostic, PolicySet, RuleMeta};
use crate::report::{
    AppliedException, AssetRef, BusinessRef, Finding, Report, Subject, Suppressed,
};
use crate::snapshot::Snapshot;
use crate::time::{format_rfc3339, parse_rfc3339, DateOrTime};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

/// The category whose rules judge the exceptions themselves: evaluated after the others,
/// never suppressed.
pub const EXCEPTIONS_CATEGORY: &str = "exceptions";

/// What to check: the snapshot and config texts, with the names used in error messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckRequest<'a> {
    pub snapshot: &'a str,
    pub snapshot_name: &'a str,
    pub config: Option<&'a str>,
    pub config_name: &'a str,
    /// "Now" as RFC 3339; the snapshot's `captured_at` when absent.
    pub now: Option<&'a str>,
    /// The largest snapshot or config accepted, in bytes; [`DEFAULT_MAX_INPUT_BYTES`] when absent.
    pub max_input_bytes: Option<usize>,
    /// Stop evaluating after this long and name the policy that was running. Native builds
    /// only: regorus's timer reads a clock that wasm32 does not have (the web page stops a
    /// runaway policy by terminating its worker instead).
    pub timeout: Option<std::time::Duration>,
    /// How many threads evaluate the rules natively; [`default_threads`] when absent (wasm32:
    /// always one — the page spreads the rules over Web Workers instead).
    pub threads: Option<usize>,
}

/// How many units of regorus work pass between two readings of the clock for `timeout`.
const TIMER_CHECK_INTERVAL: std::num::NonZeroU32 = match std::num::NonZeroU32::new(256) {
    Some(n) => n,
    None => std::num::NonZeroU32::MIN,
};

/// 64 MiB: about three times a 100,000-grant snapshot.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// An input larger than the limit is refused before it is parsed.
pub fn check_size(len: usize, limit: usize, what: &str) -> Result<()> {
    if len > limit {
        return Err(Error::msg(
            ErrorKind::Snapshot,
            format!(
                "the {what} is {:.1} MB, more than the {:.1} MB limit",
                len as f64 / 1_048_576.0,
                limit as f64 / 1_048_576.0
            ),
        ));
    }
    Ok(())
}

/// Validates the inputs and evaluates every enabled rule. Either a whole report or an error.
pub fn check(set: &PolicySet, req: &CheckRequest<'_>) -> Result<Report> {
    check_snapshot(set, req).map(|(report, _)| report)
}

/// [`check`], also giving back the validated snapshot it read (imported first when the input
/// is a Graph bundle), for callers that show more of it than the report (the access matrix).
pub fn check_snapshot(set: &PolicySet, req: &CheckRequest<'_>) -> Result<(Report, Snapshot)> {
    let prepared = prepare(req)?;
    let report = prepared.evaluation(set, req)?.run(default_threads())?;
    Ok((report, prepared.snapshot))
}

/// How many threads a native check uses: the machine's cores, at most 4 (wasm32: 1).
pub fn default_threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// A snapshot read and validated once, ready to be checked with any config (the page's workers
/// keep one between checks, so that a config edit does not read the export again).
#[derive(Debug)]
pub struct Prepared {
    pub snapshot: Snapshot,
    /// The snapshot as the engine's `input` (an error only for a valid snapshot the engine cannot
    /// take, reported after the config's errors).
    input: Result<regorus::Value>,
    pub warnings: Vec<String>,
}

/// Reads and validates the snapshot of a request (its size first).
pub fn prepare(req: &CheckRequest<'_>) -> Result<Prepared> {
    let snapshot_name = non_empty(req.snapshot_name, "snapshot");
    let limit = req.max_input_bytes.unwrap_or(DEFAULT_MAX_INPUT_BYTES);
    check_size(req.snapshot.len(), limit, "snapshot").map_err(|e| e.in_file(snapshot_name))?;
    let Loaded {
        snapshot,
        input,
        warnings,
        ..
    } = load(req.snapshot, snapshot_name, req.now)?;
    Ok(Prepared {
        snapshot,
        input,
        warnings,
    })
}

impl Prepared {
    /// The evaluation of this snapshot under the request's config, "now" and time limit (the
    /// request's snapshot text is not read again): the config merged and the facts built.
    pub fn evaluation<'s>(
        &'s self,
        set: &'s PolicySet,
        req: &CheckRequest<'_>,
    ) -> Result<Evaluation<'s>> {
        let limit = req.max_input_bytes.unwrap_or(DEFAULT_MAX_INPUT_BYTES);
        if let Some(c) = req.config {
            check_size(c.len(), limit, "config")
                .map_err(|e| e.in_file(non_empty(req.config_name, "config")))?;
        }
        let ids: BTreeSet<String> = set.rules().iter().map(|r| r.id.clone()).collect();
        let config = config::load(req.config, non_empty(req.config_name, "config"), &ids)?;
        let now = match req.now {
            Some(n) => parse_rfc3339(n)
                .map_err(|m| Error::one(ErrorKind::Usage, Diagnostic::at_path("now", m)))?,
            None => parse_rfc3339(&self.snapshot.captured_at).map_err(|m| {
                Error::one(ErrorKind::Snapshot, Diagnostic::at_path("captured_at", m))
            })?,
        };
        let input = self.input.clone()?;
        Evaluation::new(set, &self.snapshot, input, config, now, req.timeout)
            .map(|e| e.with_warnings(self.warnings.clone()))
    }
}

fn non_empty<'a>(s: &'a str, default: &'a str) -> &'a str {
    if s.is_empty() {
        default
    } else {
        s
    }
}

/// One check being evaluated: the engine prepared with the snapshot, the config, "now" and the
/// facts, and the enabled rules in two groups. The rules can be evaluated in shards (threads
/// natively, Web Workers in the page), then [`Evaluation::finish`] applies the exceptions and
/// evaluates the rules that judge them.
pub struct Evaluation<'s> {
    snapshot: &'s Snapshot,
    config: EffectiveConfig,
    now: DateTime<Utc>,
    now_text: String,
    engine: regorus::Engine,
    /// The rules of every category but `exceptions`, in catalog order.
    early: Vec<&'s RuleMeta>,
    /// The `exceptions` rules: evaluated after the others, with the exceptions that matched.
    late: Vec<&'s RuleMeta>,
    enabled: Vec<&'s RuleMeta>,
    warnings: Vec<String>,
}

impl<'s> Evaluation<'s> {
    pub fn new(
        set: &'s PolicySet,
        snapshot: &'s Snapshot,
        input: regorus::Value,
        config: EffectiveConfig,
        now: DateTime<Utc>,
        timeout: Option<std::time::Duration>,
    ) -> Result<Self> {
        let now_text = format_rfc3339(now);
        let facts = crate::facts::facts(snapshot, &input, &config, now, &now_text);
        let mut engine = prepared_engine(set, input, &config, &now_text, timeout)?;
        engine.add_data(crate::facts::as_data(facts)).map_err(|e| {
            Error::msg(
                ErrorKind::Config,
                format!("cannot pass the facts to the engine: {e}"),
            )
        })?;
        let enabled: Vec<&RuleMeta> = set
            .rules()
            .iter()
            .filter(|r| !config.disabled.contains(&r.id))
            .collect();
        let (late, early): (Vec<&RuleMeta>, Vec<&RuleMeta>) = enabled
            .iter()
            .partition(|r| r.category == EXCEPTIONS_CATEGORY);
        Ok(Evaluation {
            snapshot,
            config,
            now,
            now_text,
            engine,
            early,
            late,
            enabled,
            warnings: Vec::new(),
        })
    }

    fn with_warnings(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }

    /// The whole `data` document the rules read — `config`, `runtime.now`, and
    /// `portfolio_guard.tasks` and `portfolio_guard.facts` — as JSON, for running the same
    /// policies in another Rego engine (`portfolio-guard data`, `scripts/opa-parity.sh`). The
    /// `exceptions` rules also read `runtime.matched_exceptions`, known only after the others.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn data_document(&self) -> Result<Value> {
        let mut engine = self.engine.clone();
        let mut read = |path: &str| -> Result<Value> {
            let results = engine
                .eval_query(format!("data.{path}"), false)
                .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("data.{path}: {e}")))?;
            let v = results
                .result
                .first()
                .and_then(|r| r.expressions.first())
                .map(|e| e.value.clone())
                .unwrap_or(regorus::Value::Null);
            serde_json::to_value(&v)
                .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("data.{path}: {e}")))
        };
        Ok(json!({
            "config": read("config")?,
            "runtime": { "now": self.now_text },
            "portfolio_guard": {
                "tasks": read("portfolio_guard.tasks")?,
                "facts": read("portfolio_guard.facts")?,
            },
        }))
    }

    /// The findings of shard `k` of `n`: the early rules `k`, `k + n`, `k + 2n`, … (each shard
    /// on its own clone of the engine, so shards can run at the same time).
    pub fn shard(&self, k: usize, n: usize) -> Result<Vec<Finding>> {
        let rules: Vec<&RuleMeta> = self
            .early
            .iter()
            .copied()
            .skip(k)
            .step_by(n.max(1))
            .collect();
        let mut engine = self.engine.clone();
        let findings = eval_rules(&mut engine, &rules, &self.config);
        drop_later(engine);
        findings
    }

    /// Every early rule's findings, in `threads` shards at the same time (natively), then
    /// [`Evaluation::finish`].
    pub fn run(self, threads: usize) -> Result<Report> {
        let n = threads.clamp(1, self.early.len().max(1));
        let parts = if n == 1 {
            vec![self.shard(0, 1)?]
        } else {
            self.shards_in_parallel(n)?
        };
        self.finish(parts)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn shards_in_parallel(&self, n: usize) -> Result<Vec<Vec<Finding>>> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .map(|k| scope.spawn(move || self.shard(k, n)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::msg(
                            ErrorKind::Evaluation,
                            "a rule evaluation thread stopped unexpectedly",
                        ))
                    })
                })
                .collect()
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn shards_in_parallel(&self, n: usize) -> Result<Vec<Vec<Finding>>> {
        (0..n).map(|k| self.shard(k, n)).collect()
    }

    /// The report from the early rules' findings (in any order of shards): the exceptions
    /// applied, the `exceptions` rules evaluated, the warnings added.
    pub fn finish(mut self, parts: Vec<Vec<Finding>>) -> Result<Report> {
        // The findings in catalog order of their rules, as one evaluation gives them.
        let order: HashMap<&str, usize> = self
            .early
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut findings: Vec<Finding> = parts.into_iter().flatten().collect();
        findings.sort_by_key(|f| order.get(f.rule.as_str()).copied().unwrap_or(usize::MAX));
        let Excepted {
            mut open,
            suppressed,
            matched,
        } = apply_exceptions(findings, &self.config, self.now);
        if !self.late.is_empty() {
            add_data(
                &mut self.engine,
                json!({ "runtime": { "matched_exceptions": matched } }),
            )?;
            open.extend(eval_rules(&mut self.engine, &self.late, &self.config)?);
        }
        let mut report = Report::new(
            BusinessRef {
                id: self.snapshot.business.id.clone(),
                name: self.snapshot.business.name.clone(),
            },
            self.now_text,
            open,
            suppressed,
            effective_rules(&self.enabled, &self.config),
            Vec::new(),
        );
        report.warnings = self.warnings;
        drop_later(self.engine);
        Ok(report)
    }
}

/// Frees a large value (an engine holding the snapshot, the facts and every rule's results:
/// ~10⁶ allocations at 100k grants) on another thread, natively, so the report does not wait
/// for it; in WebAssembly, at once.
fn drop_later<T: Send + 'static>(value: T) {
    // A thread that cannot be started drops its closure, and the value with it, here.
    #[cfg(not(target_arch = "wasm32"))]
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    #[cfg(target_arch = "wasm32")]
    drop(value);
}

/// The policies' engine with the snapshot as `input`, the config and "now" as data, and the
/// time limit set.
fn prepared_engine(
    set: &PolicySet,
    input: regorus::Value,
    config: &EffectiveConfig,
    now_text: &str,
    timeout: Option<std::time::Duration>,
) -> Result<regorus::Engine> {
    let mut engine = set.engine();
    if let Some(limit) = timeout {
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit,
            // The clock is read every 256 units of work, not every one: reading it on each
            // unit cost ~12% of an evaluation, and 256 units are well under a millisecond.
            check_interval: TIMER_CHECK_INTERVAL,
        });
    }
    engine.set_input(input);
    add_data(
        &mut engine,
        json!({ "config": config.data, "runtime": { "now": now_text } }),
    )?;
    Ok(engine)
}

/// The findings split by the exceptions, and which exceptions (by index) matched one.
struct Excepted {
    open: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    matched: BTreeSet<usize>,
}

/// Expired exceptions never suppress; every live one that matches a finding is used (the first
/// one is the finding's).
fn apply_exceptions(
    findings: Vec<Finding>,
    config: &EffectiveConfig,
    now: DateTime<Utc>,
) -> Excepted {
    let live: Vec<bool> = config
        .exceptions
        .iter()
        .map(|e| DateOrTime::parse(&e.expires).is_ok_and(|d| !d.ended_by(now)))
        .collect();
    let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, e) in config.exceptions.iter().enumerate() {
        if live[i] {
            by_key.entry((&e.rule, &e.subject)).or_default().push(i);
        }
    }
    let mut out = Excepted {
        open: Vec::with_capacity(findings.len()),
        suppressed: Vec::new(),
        matched: BTreeSet::new(),
    };
    for f in findings {
        let hits: Vec<usize> = by_key
            .get(&(f.rule.as_str(), f.subject.id.as_str()))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| match &config.exceptions[i].asset {
                None => true,
                Some(a) => f.asset.as_ref().is_some_and(|fa| &fa.id == a),
            })
            .collect();
        out.matched.extend(hits.iter().copied());
        match hits.first() {
            Some(&i) => out.suppressed.push(Suppressed {
                finding: f,
                exception: applied(config, i),
            }),
            None => out.open.push(f),
        }
    }
    out
}

/// The config's exception `i` as the report shows it.
fn applied(config: &EffectiveConfig, i: usize) -> AppliedException {
    let e = &config.exceptions[i];
    AppliedException {
        id: format!("exceptions[{i}]"),
        rule: e.rule.clone(),
        subject: e.subject.clone(),
        asset: e.asset.clone(),
        reason: e.reason.clone(),
        owner: e.owner.clone(),
        expires: e.expires.clone(),
    }
}

/// The enabled rules with the config's severities.
fn effective_rules(enabled: &[&RuleMeta], config: &EffectiveConfig) -> Vec<RuleMeta> {
    enabled
        .iter()
        .map(|r| {
            let mut r = (*r).clone();
            if let Some(s) = config.severity.get(&r.id) {
                r.severity = *s;
            }
            r
        })
        .collect()
}

fn add_data(engine: &mut regorus::Engine, data: Value) -> Result<()> {
    let value: regorus::Value = serde_json::from_value(data).map_err(|e| {
        Error::msg(
            ErrorKind::Config,
            format!("cannot pass data to the engine: {e}"),
        )
    })?;
    engine.add_data(value).map_err(|e| {
        Error::msg(
            ErrorKind::Config,
            format!("cannot pass data to the engine: {e}"),
        )
    })
}

/// Evaluates the `findings` of several rules in one query (so shared helpers are computed once).
fn eval_rules(
    engine: &mut regorus::Engine,
    rules: &[&RuleMeta],
    config: &EffectiveConfig,
) -> Result<Vec<Finding>> {
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    // One entry per line: regorus limits the length of a line.
    let query = format!(
        "{{\n{}\n}}",
        rules
            .iter()
            .map(|r| format!("{:?}: data.{}.findings", r.id, r.package))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    let results = engine
        .eval_query(query, false)
        .map_err(|e| blame(engine, rules, Some(e.to_string())))?;
    let value = results
        .result
        .first()
        .and_then(|r| r.expressions.first())
        .map(|e| e.value.clone())
        .ok_or_else(|| blame(engine, rules, None))?;
    let value = serde_json::to_value(&value)
        .map_err(|e| Error::msg(ErrorKind::Evaluation, format!("unreadable result: {e}")))?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for r in rules {
        let list = match value.get(&r.id) {
            Some(Value::Array(items)) => items.clone(),
            Some(other) => {
                errors.push(rule_diag(
                    r,
                    format!(
                        "`findings` must be a set of objects, got {}",
                        kind_of(other)
                    ),
                ));
                continue;
            }
            None => Vec::new(),
        };
        let severity = config.severity.get(&r.id).copied().unwrap_or(r.severity);
        for item in list {
            match to_finding(r, item, severity) {
                Ok(f) => out.push(f),
                Err(m) => errors.push(rule_diag(r, m)),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.truncate(20);
        Err(Error::new(ErrorKind::Evaluation, errors))
    }
}

/// The WebAssembly build knows only UTC and the fixed offsets `Etc/GMT±N` (the time-zone
/// database would be a seventh of the download): a `time.*` call with another zone says so.
fn zone_hint(message: &str) -> &'static str {
    if cfg!(target_arch = "wasm32") && message.contains("timezone") {
        " (in the browser only \"UTC\" and the fixed offsets \"Etc/GMT+N\" / \"Etc/GMT-N\" are known; the command line knows every IANA zone)"
    } else {
        ""
    }
}

fn rule_diag(r: &RuleMeta, message: String) -> Diagnostic {
    Diagnostic::new(format!("rule `{}`: {message}", r.id))
        .in_file(&r.file)
        .at_line(r.line, None)
}

/// After a failed or undefined combined query, evaluates rule by rule to say which one failed.
fn blame(engine: &mut regorus::Engine, rules: &[&RuleMeta], error: Option<String>) -> Error {
    let mut errors = Vec::new();
    let timed_out = error.as_deref().is_some_and(is_timeout);
    // After a timeout, try custom rules first (the likely culprits) and stop at the first rule
    // that runs out of time again, so naming it costs one more time limit, not one per rule.
    let mut order: Vec<&RuleMeta> = rules.to_vec();
    if timed_out {
        order.sort_by_key(|r| r.builtin);
    }
    for r in order {
        if timed_out {
            if let Err(e) = engine.eval_rule(format!("data.{}.findings", r.package)) {
                if is_timeout(&e.to_string()) {
                    errors.push(rule_diag(
                        r,
                        "did not finish within the evaluation time limit and was stopped (fix the policy, or allow it more time)".to_string(),
                    ));
                    break;
                }
            }
            continue;
        }
        match engine.eval_rule(format!("data.{}.findings", r.package)) {
            Err(e) => {
                let mut d = engine_diagnostic(&e.to_string(), None);
                d.message = format!("rule `{}`: {}{}", r.id, d.message, zone_hint(&d.message));
                if d.file.is_none() {
                    d = d.in_file(&r.file).at_line(r.line, None);
                }
                errors.push(d);
            }
            Ok(regorus::Value::Undefined) => {
                errors.push(rule_diag(r, "`findings` is undefined".to_string()))
            }
            Ok(_) => {}
        }
    }
    if errors.is_empty() {
        let msg = error.unwrap_or_else(|| "the rules produced no result".to_string());
        errors.push(engine_diagnostic(&msg, None));
    }
    Error::new(ErrorKind::Evaluation, errors)
}

fn is_timeout(message: &str) -> bool {
    message.contains("exceeded time limit")
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string_field(
    obj: &Map<String, Value>,
    key: &str,
    what: &str,
) -> std::result::Result<String, String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) if key == "id" => Ok(n.to_string()),
        Some(v) => Err(format!(
            "{what} `{key}` must be a non-empty string, got {}",
            kind_of(v)
        )),
        None => Err(format!("{what} has no `{key}`")),
    }
}

fn optional_string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn to_finding(
    meta: &RuleMeta,
    item: Value,
    severity: crate::severity::Severity,
) -> std::result::Result<Finding, String> {
    let brief = {
        let s = item.to_string();
        if s.chars().count() > 160 {
            format!("{}…", s.chars().take(160).collect::<String>())
        } else {
            s
        }
    };
    let Value::Object(mut obj) = item else {
        return Err(format!("a finding must be an object, got {brief}"));
    };
    let message =
        string_field(&obj, "message", "the finding").map_err(|m| format!("{m}: {brief}"))?;
    let subject = match obj.remove("subject") {
        Some(Value::Object(s)) => Subject {
            kind: string_field(&s, "kind", "the finding's subject")
                .map_err(|m| format!("{m}: {brief}"))?,
            id: string_field(&s, "id", "the finding's subject")
                .map_err(|m| format!("{m}: {brief}"))?,
            name: optional_string(&s, "name"),
        },
        _ => return Err(format!("the finding has no `subject` object: {brief}")),
    };
    let asset = match obj.remove("asset") {
        Some(Value::Object(a)) => Some(AssetRef {
            id: string_field(&a, "id", "the finding's asset")
                .map_err(|m| format!("{m}: {brief}"))?,
            asset_type: optional_string(&a, "type"),
            name: optional_string(&a, "name"),
        }),
        None | Some(Value::Null) => None,
        Some(other) => {
            return Err(format!(
                "the finding's `asset` must be an object, got {}: {brief}",
                kind_of(&other)
            ))
        }
    };
    let remediation = match obj.remove("remediation") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => meta.remediation.clone(),
    };
    obj.remove("message");
    Ok(Finding {
        rule: meta.id.clone(),
        category: meta.category.clone(),
        severity,
        title: meta.title.clone(),
        message,
        subject,
        asset,
        remediation,
        details: obj,
        terms: Vec::new(),
        controls: Vec::new(),
    })
}
