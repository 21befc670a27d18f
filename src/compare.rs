//! Compare two checks, and what-if: one engine for both.
//!
//! [`compare`] checks two exports (any input `check` reads, or a saved review file,
//! [`crate::review`]) and says what changed between them: access added, removed and changed
//! (per grantee and asset, by task), members and partners added and removed, and findings new,
//! resolved and still open. [`what_if`] is the same comparison with the snapshot as "before"
//! and the snapshot with the proposed grants as "after": the new findings are the ones the
//! proposal would introduce, each tied to the proposal that causes it and to the tasks to drop.

use crate::config::EffectiveConfig;
use crate::engine::{check_size, default_threads, Evaluation, DEFAULT_MAX_INPUT_BYTES};
use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::json_path::JsonPath;
use crate::policy::PolicySet;
use crate::report::{AssetRef, BusinessRef, Finding, Report, Subject, Summary};
use crate::snapshot::{AssetType, GrantStatus, GranteeKind, Snapshot};
use crate::time::parse_rfc3339;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// What changed between two checks of a business portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Comparison {
    pub before: Side,
    pub after: Side,
    pub access: AccessChanges,
    pub members: SubjectChanges,
    pub partners: SubjectChanges,
    pub findings: FindingChanges,
    pub summary: ComparisonSummary,
}

/// One of the two checks compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Side {
    pub business: BusinessRef,
    /// When the snapshot was captured.
    pub captured_at: String,
    /// "Now" of the check (the capture time unless the call gave one).
    pub evaluated_at: String,
    /// The check's own summary (open findings by severity, suppressed, rules evaluated).
    pub summary: Summary,
    /// The check's warnings (e.g. an incomplete capture).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Grants added, removed and changed, by grantee and asset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AccessChanges {
    pub added: Vec<AccessChange>,
    pub removed: Vec<AccessChange>,
    pub changed: Vec<AccessChange>,
}

/// One grantee's access to one asset on both sides. Tasks are Meta's task codes, normalized
/// as the rules read them (Page codes without `PROFILE_PLUS_`, `PROFILE_PLUS_FULL_CONTROL` as
/// `MANAGE`), sorted; a side without the grant has no tasks and no status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AccessChange {
    /// `kind` (`member` or `partner`), `id`, and `name` when a side lists the grantee.
    pub grantee: Subject,
    pub asset: AssetRef,
    pub tasks_before: Vec<String>,
    pub tasks_after: Vec<String>,
    pub tasks_added: Vec<String>,
    pub tasks_removed: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_before: Option<GrantStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_after: Option<GrantStatus>,
}

/// Members or partners added and removed (by id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubjectChanges {
    pub added: Vec<Subject>,
    pub removed: Vec<Subject>,
}

/// Open findings: only after (new), only before (resolved), on both sides (still open, as the
/// "after" check words it). A finding is the same on both sides when its rule, subject (kind
/// and id) and asset are; several such findings are paired by message first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FindingChanges {
    pub new: Vec<Finding>,
    pub resolved: Vec<Finding>,
    pub still_open: Vec<Finding>,
}

/// How many of each change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ComparisonSummary {
    pub access_added: usize,
    pub access_removed: usize,
    pub access_changed: usize,
    pub members_added: usize,
    pub members_removed: usize,
    pub partners_added: usize,
    pub partners_removed: usize,
    pub findings_new: usize,
    pub findings_resolved: usize,
    pub findings_still_open: usize,
}

impl Comparison {
    /// True when a new finding is at or above `threshold` (`None` = never).
    pub fn fails(&self, threshold: Option<crate::severity::Severity>) -> bool {
        threshold.is_some_and(|t| self.findings.new.iter().any(|f| f.severity.at_least(t)))
    }
}

/// A proposed grant: what a portal asks a client to grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProposedGrant {
    pub grantee: ProposedGrantee,
    pub asset: ProposedAsset,
    /// Meta task codes (Page tasks with or without `PROFILE_PLUS_`). A proposal for a grantee
    /// and asset that already have a grant replaces that grant's tasks, as Meta's assign call
    /// sets the task list.
    pub tasks: Vec<String>,
}

/// Who would get the access. `name` and `email` are read only when the snapshot does not list
/// the grantee (a new partner or member).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProposedGrantee {
    pub kind: GranteeKind,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The asset. `type` is required when the snapshot does not list the asset; `name` is read
/// only then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProposedAsset {
    pub id: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub asset_type: Option<AssetType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The answer to a what-if: a verdict per proposal, the findings the proposal would introduce
/// and resolve, and the whole comparison (before: the snapshot; after: with the proposal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct WhatIf {
    pub proposals: Vec<ProposalVerdict>,
    /// The new findings of the comparison, each with the proposal that causes it.
    pub introduced: Vec<Introduced>,
    /// The findings the proposal would make go away (e.g. a partner without assets).
    pub resolved: Vec<Finding>,
    pub comparison: Comparison,
}

/// One proposal, judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProposalVerdict {
    /// Its index in `proposed`.
    pub index: usize,
    pub grantee: Subject,
    pub asset: AssetRef,
    /// The proposed tasks, as given.
    pub tasks: Vec<String>,
    /// The tasks of the grant it replaces, when the grantee already has one on the asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Vec<String>>,
    /// The grantee's declared role (the org config's `partners.<id>.role` / `members.<id>.role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// True when the grantee has a declared role that allows every proposed task on this type
    /// of asset, and the proposal introduces no finding.
    pub least_privilege: bool,
    /// The proposed tasks to keep: the proposal minus `drop`.
    pub keep: Vec<String>,
    /// The proposed tasks the role does not allow on this type of asset (without a declared
    /// role: the excess tasks the introduced findings name).
    pub drop: Vec<String>,
    /// The introduced findings this proposal causes (indexes into `introduced`).
    pub findings: Vec<usize>,
}

/// A finding the proposal would introduce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Introduced {
    pub finding: Finding,
    /// The proposal that causes it (index into `proposals`), when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<usize>,
    /// The proposed tasks to drop so that this finding does not arise (the finding's
    /// `excess_tasks`, or the full-control `tasks` it names, among the proposed ones).
    pub drop: Vec<String>,
}

/// An input text and the name errors give it (a file name, or a call's field).
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    pub text: &'a str,
    pub name: &'a str,
}

/// What a reader of a comparison needs besides it: the report and snapshot of a side (to put
/// the report in plain words, say).
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub snapshot: Snapshot,
}

/// An input that may be a saved review ([`crate::review`]): the export, and the review's config.
struct Unpacked {
    snapshot: String,
    name: String,
    config: Option<(String, String)>,
}

fn unpack(input: Named<'_>) -> Result<Unpacked> {
    Ok(match crate::review::unpack(input.text, input.name)? {
        Some(r) => Unpacked {
            snapshot: r.snapshot,
            name: format!("{} (its snapshot)", input.name),
            config: r
                .config
                .map(|c| (c, format!("{} (its config)", input.name))),
        },
        None => Unpacked {
            snapshot: input.text.to_string(),
            name: input.name.to_string(),
            config: None,
        },
    })
}

/// Checks both sides of a comparison. "after" is checked with `config`, else (a review file)
/// the review's config; "before" with `before_config`, else the review's config, else
/// `config`. `now`: both checks' "now" (default: each snapshot's capture time).
pub fn check_both(
    set: &PolicySet,
    before: Named<'_>,
    after: Named<'_>,
    config: Option<Named<'_>>,
    before_config: Option<Named<'_>>,
    now: Option<&str>,
) -> Result<(Checked, Checked)> {
    let b = unpack(before)?;
    let a = unpack(after)?;
    let owned = |n: Named<'_>| (n.text.to_string(), n.name.to_string());
    let before_config = before_config
        .map(owned)
        .or_else(|| b.config.clone())
        .or_else(|| config.map(owned));
    let after_config = config.map(owned).or_else(|| a.config.clone());
    let before = check_side(set, &b, before_config.as_ref(), now)?;
    let after = check_side(set, &a, after_config.as_ref(), now)?;
    Ok((before, after))
}

/// Checks one side.
fn check_side(
    set: &PolicySet,
    side: &Unpacked,
    config: Option<&(String, String)>,
    now: Option<&str>,
) -> Result<Checked> {
    let read = read(&side.snapshot, &side.name, now)?;
    let config = load_config(
        set,
        config.map(|c| c.0.as_str()),
        config.map_or("config", |c| c.1.as_str()),
    )?;
    let report = evaluate(set, &read, config, now)?;
    Ok(Checked {
        report,
        snapshot: read.snapshot,
    })
}

/// An export read and validated: the snapshot, the engine's `input`, the import's warnings.
struct Read {
    snapshot: Snapshot,
    input: Result<regorus::Value>,
    warnings: Vec<String>,
}

fn read(text: &str, name: &str, now: Option<&str>) -> Result<Read> {
    check_size(text.len(), DEFAULT_MAX_INPUT_BYTES, "snapshot").map_err(|e| e.in_file(name))?;
    let loaded = crate::load::load(text, name, now)?;
    Ok(Read {
        snapshot: loaded.snapshot,
        input: loaded.input,
        warnings: loaded.warnings,
    })
}

fn load_config(set: &PolicySet, text: Option<&str>, name: &str) -> Result<EffectiveConfig> {
    if let Some(t) = text {
        check_size(t.len(), DEFAULT_MAX_INPUT_BYTES, "config").map_err(|e| e.in_file(name))?;
    }
    let ids: BTreeSet<String> = set.rules().iter().map(|r| r.id.clone()).collect();
    crate::config::load(text, name, &ids)
}

/// The report of a snapshot read, as `check` gives it.
fn evaluate(
    set: &PolicySet,
    read: &Read,
    config: EffectiveConfig,
    now: Option<&str>,
) -> Result<Report> {
    let now = match now {
        Some(n) => parse_rfc3339(n)
            .map_err(|m| Error::one(ErrorKind::Usage, Diagnostic::at_path("now", m)))?,
        None => parse_rfc3339(&read.snapshot.captured_at)
            .map_err(|m| Error::one(ErrorKind::Snapshot, Diagnostic::at_path("captured_at", m)))?,
    };
    let input = read.input.clone()?;
    let mut report =
        Evaluation::new(set, &read.snapshot, input, config, now, None)?.run(default_threads())?;
    report.warnings.clone_from(&read.warnings);
    Ok(report)
}

/// What changed from `before` to `after` (both checked, in the same words: technical or plain).
pub fn compare(before: &Checked, after: &Checked) -> Comparison {
    let access = access_changes(&before.snapshot, &after.snapshot);
    let members = subject_changes(
        "member",
        before.snapshot.members.iter().map(|m| (&m.id, &m.name)),
        after.snapshot.members.iter().map(|m| (&m.id, &m.name)),
    );
    let partners = subject_changes(
        "partner",
        before.snapshot.partners.iter().map(|p| (&p.id, &p.name)),
        after.snapshot.partners.iter().map(|p| (&p.id, &p.name)),
    );
    let findings = finding_changes(&before.report.findings, &after.report.findings);
    let summary = ComparisonSummary {
        access_added: access.added.len(),
        access_removed: access.removed.len(),
        access_changed: access.changed.len(),
        members_added: members.added.len(),
        members_removed: members.removed.len(),
        partners_added: partners.added.len(),
        partners_removed: partners.removed.len(),
        findings_new: findings.new.len(),
        findings_resolved: findings.resolved.len(),
        findings_still_open: findings.still_open.len(),
    };
    Comparison {
        before: side(before),
        after: side(after),
        access,
        members,
        partners,
        findings,
        summary,
    }
}

fn side(c: &Checked) -> Side {
    Side {
        business: c.report.business.clone(),
        captured_at: c.snapshot.captured_at.clone(),
        evaluated_at: c.report.evaluated_at.clone(),
        summary: c.report.summary.clone(),
        warnings: c.report.warnings.clone(),
    }
}

/// One grant as compared: normalized tasks and status.
struct Held {
    tasks: BTreeSet<String>,
    status: GrantStatus,
}

/// `(grantee kind, grantee id, asset id)` → the grant, of one snapshot.
fn grants(s: &Snapshot) -> BTreeMap<(GranteeKind, &str, &str), Held> {
    let types: BTreeMap<&str, AssetType> = s
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.asset_type))
        .collect();
    s.grants
        .iter()
        .map(|g| {
            let t = types.get(g.asset_id.as_str()).copied();
            let tasks = g
                .tasks
                .iter()
                .map(|x| t.map_or_else(|| x.clone(), |t| crate::vocab::normalize(t, x)))
                .collect();
            let held = Held {
                tasks,
                status: g.status.unwrap_or_default(),
            };
            (
                (g.grantee.kind, g.grantee.id.as_str(), g.asset_id.as_str()),
                held,
            )
        })
        .collect()
}

fn access_changes(before: &Snapshot, after: &Snapshot) -> AccessChanges {
    let b = grants(before);
    let a = grants(after);
    let keys: BTreeSet<_> = b.keys().chain(a.keys()).copied().collect();
    let mut out = AccessChanges::default();
    for key in keys {
        let (kind, id, asset) = key;
        let (hb, ha) = (b.get(&key), a.get(&key));
        let tasks = |h: Option<&Held>| h.map(|h| h.tasks.clone()).unwrap_or_default();
        let (tb, ta) = (tasks(hb), tasks(ha));
        let change = AccessChange {
            grantee: Subject {
                kind: kind.as_str().to_string(),
                id: id.to_string(),
                name: grantee_name(after, kind, id).or_else(|| grantee_name(before, kind, id)),
            },
            asset: asset_ref(after, asset)
                .or_else(|| asset_ref(before, asset))
                .unwrap_or_else(|| AssetRef {
                    id: asset.to_string(),
                    asset_type: None,
                    name: None,
                }),
            tasks_added: ta.difference(&tb).cloned().collect(),
            tasks_removed: tb.difference(&ta).cloned().collect(),
            tasks_before: tb.iter().cloned().collect(),
            tasks_after: ta.iter().cloned().collect(),
            status_before: hb.map(|h| h.status),
            status_after: ha.map(|h| h.status),
        };
        match (hb, ha) {
            (None, Some(_)) => out.added.push(change),
            (Some(_), None) => out.removed.push(change),
            (Some(x), Some(y)) if x.tasks != y.tasks || x.status != y.status => {
                out.changed.push(change);
            }
            _ => {}
        }
    }
    out
}

fn grantee_name(s: &Snapshot, kind: GranteeKind, id: &str) -> Option<String> {
    match kind {
        GranteeKind::Member => s.members.iter().find(|m| m.id == id).map(|m| &m.name),
        GranteeKind::Partner => s.partners.iter().find(|p| p.id == id).map(|p| &p.name),
    }
    .cloned()
}

fn asset_ref(s: &Snapshot, id: &str) -> Option<AssetRef> {
    s.assets.iter().find(|a| a.id == id).map(|a| AssetRef {
        id: a.id.clone(),
        asset_type: Some(a.asset_type.as_str().to_string()),
        name: a.name.clone(),
    })
}

fn subject_changes<'a>(
    kind: &str,
    before: impl Iterator<Item = (&'a String, &'a String)>,
    after: impl Iterator<Item = (&'a String, &'a String)>,
) -> SubjectChanges {
    let b: BTreeMap<&String, &String> = before.collect();
    let a: BTreeMap<&String, &String> = after.collect();
    let only = |x: &BTreeMap<&String, &String>, y: &BTreeMap<&String, &String>| {
        x.iter()
            .filter(|(id, _)| !y.contains_key(*id))
            .map(|(id, name)| Subject {
                kind: kind.to_string(),
                id: (*id).clone(),
                name: Some((*name).clone()),
            })
            .collect()
    };
    SubjectChanges {
        added: only(&a, &b),
        removed: only(&b, &a),
    }
}

/// A finding's identity across two checks.
fn identity(f: &Finding) -> (&str, &str, &str, Option<&str>) {
    (
        &f.rule,
        &f.subject.kind,
        &f.subject.id,
        f.asset.as_ref().map(|a| a.id.as_str()),
    )
}

fn finding_changes(before: &[Finding], after: &[Finding]) -> FindingChanges {
    type Group<'a> = (Vec<&'a Finding>, Vec<&'a Finding>);
    let mut groups: BTreeMap<_, Group<'_>> = BTreeMap::new();
    for f in before {
        groups.entry(identity(f)).or_default().0.push(f);
    }
    for f in after {
        groups.entry(identity(f)).or_default().1.push(f);
    }
    let mut out = FindingChanges::default();
    for (_, (mut b, mut a)) in groups {
        // Same message first; the rest in report order.
        a.retain(|f| match b.iter().position(|g| g.message == f.message) {
            Some(i) => {
                b.remove(i);
                out.still_open.push((*f).clone());
                false
            }
            None => true,
        });
        let paired = a.len().min(b.len());
        out.still_open.extend(a.drain(..paired).cloned());
        b.drain(..paired);
        out.new.extend(a.into_iter().cloned());
        out.resolved.extend(b.into_iter().cloned());
    }
    for list in [&mut out.new, &mut out.resolved, &mut out.still_open] {
        list.sort_by(Finding::sort_key_cmp);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What-if

/// The business of a what-if without a snapshot.
const NO_SNAPSHOT_BUSINESS: (&str, &str) = ("business", "Your business");

/// A what-if's inputs: the snapshot (anything `check` reads, or a review file; none: the
/// proposal alone, and then `now` is required), the org config (default: the review's), "now",
/// and where the proposal was read from, when it was a file (its errors then name lines).
#[derive(Debug, Clone, Copy)]
pub struct WhatIfInput<'a> {
    pub snapshot: Option<Named<'a>>,
    pub config: Option<Named<'a>>,
    pub now: Option<&'a str>,
    pub proposal_file: Option<Named<'a>>,
}

/// A proposal file: `{"proposed": [...]}` or the bare array.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalFile {
    proposed: Vec<ProposedGrant>,
}

/// Reads a proposal file: `{"proposed": [{grantee, asset, tasks}, …]}` or the bare array; a
/// bad one is an error naming the line and JSON path.
pub fn read_proposal(text: &str, name: &str) -> Result<Vec<ProposedGrant>> {
    if is_bare(text) {
        crate::json_path::parse_typed(text, ErrorKind::Usage, name)
    } else {
        crate::json_path::parse_typed::<ProposalFile>(text, ErrorKind::Usage, name)
            .map(|f| f.proposed)
    }
}

fn is_bare(text: &str) -> bool {
    text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .starts_with('[')
}

/// The result of a what-if with both checks (to render them in plain words, say).
pub struct WhatIfRun {
    pub before: Checked,
    pub after: Checked,
    config: EffectiveConfig,
    targets: Vec<Target>,
}

/// A proposal resolved against the snapshot.
struct Target {
    grantee: Subject,
    asset: AssetRef,
    asset_type: AssetType,
    tasks: Vec<String>,
    replaces: Option<Vec<String>>,
}

/// Runs the checks of a what-if: before (the snapshot) and after (with the proposal).
pub fn what_if_run(
    set: &PolicySet,
    input: &WhatIfInput<'_>,
    proposed: &[ProposedGrant],
) -> Result<WhatIfRun> {
    let snapshot = input.snapshot.map(unpack).transpose()?;
    let saved = snapshot.as_ref().and_then(|s| s.config.clone());
    let config = input
        .config
        .map(|n| (n.text.to_string(), n.name.to_string()))
        .or(saved);
    let config = load_config(
        set,
        config.as_ref().map(|c| c.0.as_str()),
        config.as_ref().map_or("config", |c| c.1.as_str()),
    )?;
    let base = match &snapshot {
        Some(s) => read(&s.snapshot, &s.name, input.now)?,
        None => {
            let now = input.now.ok_or_else(|| {
                Error::one(
                    ErrorKind::Usage,
                    Diagnostic::at_path(
                        "now",
                        "without a snapshot, give \"now\" (RFC 3339): the time the proposal is checked at",
                    ),
                )
            })?;
            parse_rfc3339(now)
                .map_err(|m| Error::one(ErrorKind::Usage, Diagnostic::at_path("now", m)))?;
            let (id, name) = NO_SNAPSHOT_BUSINESS;
            let empty = json!({
                "schema_version": 1,
                "captured_at": now,
                "business": { "id": id, "name": name },
                "members": [], "partners": [], "assets": [], "grants": [],
            });
            from_value(empty, "the proposal", Vec::new())?
        }
    };
    let targets = targets(&base.snapshot, proposed).map_err(|problems| {
        let kind = ErrorKind::Usage;
        match input.proposal_file {
            Some(f) if is_bare(f.text) => {
                let problems = problems
                    .into_iter()
                    .map(|(p, m)| (JsonPath(p.0.into_iter().skip(1).collect()), m))
                    .collect();
                crate::json_path::located(kind, problems, f.text, f.name)
            }
            Some(f) => crate::json_path::located(kind, problems, f.text, f.name),
            None => Error::new(
                kind,
                problems
                    .into_iter()
                    .map(|(p, m)| Diagnostic::at_path(p.to_string(), m))
                    .collect(),
            ),
        }
    })?;
    let mut value = match &base.input {
        Ok(v) => serde_json::to_value(v)
            .map_err(|e| Error::msg(ErrorKind::Snapshot, format!("the snapshot: {e}")))?,
        Err(e) => return Err(e.clone()),
    };
    // Without a snapshot, "before" holds the proposal's grantees and assets, without grants.
    let before = if snapshot.is_some() {
        base
    } else {
        add_subjects_and_assets(&mut value, proposed, Some(&base.snapshot));
        from_value(value.clone(), "the proposal", Vec::new())?
    };
    apply(&mut value, proposed, &before.snapshot);
    let after = from_value(value, "snapshot with the proposal", before.warnings.clone())?;
    let report_before = evaluate(set, &before, config.clone(), input.now)?;
    let report_after = evaluate(set, &after, config.clone(), input.now)?;
    Ok(WhatIfRun {
        before: Checked {
            report: report_before,
            snapshot: before.snapshot,
        },
        after: Checked {
            report: report_after,
            snapshot: after.snapshot,
        },
        config,
        targets,
    })
}

impl WhatIfRun {
    /// The verdicts, from the comparison of the two checks (as they are, or both in plain words).
    pub fn what_if(&self, before: &Checked, after: &Checked) -> WhatIf {
        judge(compare(before, after), &self.targets, &self.config)
    }
}

/// A snapshot value read as `check` reads one.
fn from_value(value: Value, name: &str, warnings: Vec<String>) -> Result<Read> {
    let (snapshot, input) = crate::load::from_value(value, name)?;
    Ok(Read {
        snapshot,
        input,
        warnings,
    })
}

/// The proposal's grantees and assets the snapshot does not list, added to it.
fn add_subjects_and_assets(value: &mut Value, proposed: &[ProposedGrant], s: Option<&Snapshot>) {
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for p in proposed {
        let g = &p.grantee;
        let listed = s.is_some_and(|s| grantee_name(s, g.kind, &g.id).is_some());
        if !listed && seen.insert((g.kind.as_str(), &g.id)) {
            let name = g.name.clone().unwrap_or_else(|| g.id.clone());
            let record = match g.kind {
                GranteeKind::Partner => json!({ "id": g.id, "name": name }),
                GranteeKind::Member => {
                    json!({ "id": g.id, "kind": "person", "name": name, "email": g.email })
                }
            };
            push(value, &format!("{}s", g.kind.as_str()), record);
        }
        let a = &p.asset;
        let listed = s.is_some_and(|s| s.assets.iter().any(|x| x.id == a.id));
        if !listed && seen.insert(("asset", &a.id)) {
            let t = a.asset_type.map(AssetType::as_str);
            push(
                value,
                "assets",
                json!({ "id": a.id, "type": t, "name": a.name }),
            );
        }
    }
}

fn push(value: &mut Value, array: &str, item: Value) {
    if let Some(obj) = value.as_object_mut() {
        match obj.get_mut(array) {
            Some(Value::Array(items)) => items.push(item),
            _ => {
                obj.insert(array.to_string(), Value::Array(vec![item]));
            }
        }
    }
}

/// The snapshot with the proposal: new grantees and assets added, each proposed grant added,
/// or replacing the tasks of the grant the grantee already has on the asset (made active).
fn apply(value: &mut Value, proposed: &[ProposedGrant], s: &Snapshot) {
    add_subjects_and_assets(value, proposed, Some(s));
    for p in proposed {
        let existing = s.grants.iter().position(|g| {
            g.asset_id == p.asset.id
                && g.grantee.kind == p.grantee.kind
                && g.grantee.id == p.grantee.id
        });
        let grant = existing.and_then(|i| value.get_mut("grants")?.get_mut(i)?.as_object_mut());
        match grant {
            Some(g) => {
                g.insert("tasks".to_string(), json!(p.tasks));
                g.insert("status".to_string(), json!("active"));
            }
            None => push(
                value,
                "grants",
                json!({
                    "asset_id": p.asset.id,
                    "grantee": { "kind": p.grantee.kind, "id": p.grantee.id },
                    "tasks": p.tasks,
                    "status": "active",
                }),
            ),
        }
    }
}

/// Each proposal checked against the snapshot: known asset type, known tasks, no duplicate.
fn targets(
    s: &Snapshot,
    proposed: &[ProposedGrant],
) -> std::result::Result<Vec<Target>, Vec<(JsonPath, String)>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen: BTreeMap<(GranteeKind, &str, &str), usize> = BTreeMap::new();
    if proposed.is_empty() {
        errors.push((
            JsonPath::root().key("proposed"),
            "no proposed grant: give at least one {grantee, asset, tasks}".to_string(),
        ));
    }
    for (i, p) in proposed.iter().enumerate() {
        let at = JsonPath::root().key("proposed").index(i);
        let mut bad = |path: JsonPath, m: String| errors.push((path, m));
        if p.grantee.id.trim().is_empty() {
            bad(at.key("grantee").key("id"), "must not be empty".into());
        }
        if p.asset.id.trim().is_empty() {
            bad(at.key("asset").key("id"), "must not be empty".into());
        }
        let listed = s.assets.iter().find(|a| a.id == p.asset.id);
        let asset_type = match (listed, p.asset.asset_type) {
            (Some(a), Some(t)) if a.asset_type != t => {
                bad(
                    at.key("asset").key("type"),
                    format!(
                        "asset `{}` is {} in the snapshot, not {}",
                        a.id,
                        a_type(a.asset_type),
                        a_type(t)
                    ),
                );
                None
            }
            (Some(a), _) => Some(a.asset_type),
            (None, Some(t)) => Some(t),
            (None, None) if !p.asset.id.trim().is_empty() => {
                bad(
                    at.key("asset"),
                    format!(
                        "asset `{}` is not in the snapshot: give its `type` (e.g. \"ad_account\")",
                        p.asset.id
                    ),
                );
                None
            }
            (None, None) => None,
        };
        if p.tasks.is_empty() {
            bad(at.key("tasks"), "give at least one task".into());
        }
        for (j, t) in p.tasks.iter().enumerate() {
            let known = asset_type.and_then(crate::vocab::tasks);
            let normalized = asset_type.map(|ty| crate::vocab::normalize(ty, t));
            if t.trim().is_empty() {
                bad(at.key("tasks").index(j), "empty task".into());
            } else if let (Some(list), Some(n), Some(ty)) = (known, &normalized, asset_type) {
                if !list.contains(&n.as_str()) {
                    let hint = crate::suggest::closest(n, list.iter().copied(), 3)
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_else(|| format!("; known: {}", list.join(", ")));
                    bad(
                        at.key("tasks").index(j),
                        format!("`{t}` is not a task of {}{hint}", a_type(ty)),
                    );
                }
            }
        }
        let key = (p.grantee.kind, p.grantee.id.as_str(), p.asset.id.as_str());
        if let Some(first) = seen.insert(key, i) {
            bad(
                at.clone(),
                format!(
                    "a second proposal for {} `{}` on asset `{}` (first at proposed[{first}]): give its tasks in one",
                    p.grantee.kind.as_str(),
                    p.grantee.id,
                    p.asset.id
                ),
            );
        }
        let Some(asset_type) = asset_type else {
            continue;
        };
        let replaces = s
            .grants
            .iter()
            .find(|g| {
                g.asset_id == p.asset.id
                    && g.grantee.kind == p.grantee.kind
                    && g.grantee.id == p.grantee.id
            })
            .map(|g| g.tasks.clone());
        out.push(Target {
            grantee: Subject {
                kind: p.grantee.kind.as_str().to_string(),
                id: p.grantee.id.clone(),
                name: grantee_name(s, p.grantee.kind, &p.grantee.id)
                    .or_else(|| p.grantee.name.clone()),
            },
            asset: AssetRef {
                id: p.asset.id.clone(),
                asset_type: Some(asset_type.as_str().to_string()),
                name: listed.map_or_else(|| p.asset.name.clone(), |a| a.name.clone()),
            },
            asset_type,
            tasks: p.tasks.clone(),
            replaces,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `an ad account`, `a page`.
fn a_type(t: AssetType) -> String {
    let words = t.as_str().replace('_', " ");
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}

/// The verdicts: the comparison's new findings tied to the proposals, the tasks to drop.
fn judge(comparison: Comparison, targets: &[Target], config: &EffectiveConfig) -> WhatIf {
    let is =
        |t: &Target, f: &Finding| t.grantee.kind == f.subject.kind && t.grantee.id == f.subject.id;
    let on = |t: &Target, f: &Finding| f.asset.as_ref().is_some_and(|a| a.id == t.asset.id);
    let introduced: Vec<Introduced> = comparison
        .findings
        .new
        .iter()
        .map(|f| {
            // Grantee and asset; the grantee (no asset); the asset; the grantee elsewhere.
            let tests: [&dyn Fn(&Target) -> bool; 4] = [
                &|t| is(t, f) && on(t, f),
                &|t| is(t, f) && f.asset.is_none(),
                &|t| on(t, f),
                &|t| is(t, f),
            ];
            let proposal = tests.iter().find_map(|test| targets.iter().position(test));
            let drop = proposal
                .map(|i| named_tasks(f, &targets[i]))
                .unwrap_or_default();
            Introduced {
                finding: f.clone(),
                proposal,
                drop,
            }
        })
        .collect();
    let proposals = targets
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let findings: Vec<usize> = introduced
                .iter()
                .enumerate()
                .filter(|(_, x)| x.proposal == Some(index))
                .map(|(i, _)| i)
                .collect();
            let role = declared_role(config, t);
            let allowed = role.as_deref().and_then(|r| {
                let profile = config.roles.get(r)?;
                Some(
                    profile
                        .assets
                        .get(&t.asset_type)
                        .map(|p| {
                            p.allowed
                                .iter()
                                .map(|x| crate::vocab::normalize(t.asset_type, x))
                                .collect::<BTreeSet<_>>()
                        })
                        .unwrap_or_default(),
                )
            });
            let drop: Vec<String> = match &allowed {
                Some(allowed) => t
                    .tasks
                    .iter()
                    .filter(|x| !allowed.contains(&crate::vocab::normalize(t.asset_type, x)))
                    .cloned()
                    .collect(),
                None => {
                    let named: BTreeSet<&String> =
                        findings.iter().flat_map(|&i| &introduced[i].drop).collect();
                    t.tasks
                        .iter()
                        .filter(|x| named.contains(x))
                        .cloned()
                        .collect()
                }
            };
            let keep = t
                .tasks
                .iter()
                .filter(|x| !drop.contains(x))
                .cloned()
                .collect();
            ProposalVerdict {
                index,
                grantee: t.grantee.clone(),
                asset: t.asset.clone(),
                tasks: t.tasks.clone(),
                replaces: t.replaces.clone(),
                least_privilege: allowed.is_some() && drop.is_empty() && findings.is_empty(),
                role,
                keep,
                drop,
                findings,
            }
        })
        .collect();
    WhatIf {
        proposals,
        introduced,
        resolved: comparison.findings.resolved.clone(),
        comparison,
    }
}

/// The grantee's role declared in the org config, if any.
fn declared_role(config: &EffectiveConfig, t: &Target) -> Option<String> {
    let group = if t.grantee.kind == "member" {
        "members"
    } else {
        "partners"
    };
    config
        .data
        .get(group)?
        .get(&t.grantee.id)?
        .get("role")?
        .as_str()
        .map(str::to_string)
}

/// The proposed tasks a finding names as excess (`excess_tasks`) or full control (`tasks`).
fn named_tasks(f: &Finding, t: &Target) -> Vec<String> {
    let named: BTreeSet<String> = ["excess_tasks", "tasks"]
        .iter()
        .filter_map(|k| f.details.get(*k)?.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .map(|x| crate::vocab::normalize(t.asset_type, x))
        .collect();
    t.tasks
        .iter()
        .filter(|x| named.contains(&crate::vocab::normalize(t.asset_type, x)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Severity, Subject};

    fn finding(rule: &str, subject: &str, asset: Option<&str>, message: &str) -> Finding {
        Finding {
            rule: rule.into(),
            category: "c".into(),
            severity: Severity::High,
            title: "t".into(),
            message: message.into(),
            subject: Subject {
                kind: "partner".into(),
                id: subject.into(),
                name: None,
            },
            asset: asset.map(|id| AssetRef {
                id: id.into(),
                asset_type: None,
                name: None,
            }),
            remediation: "r".into(),
            details: serde_json::Map::new(),
            terms: Vec::new(),
            controls: Vec::new(),
        }
    }

    fn messages(list: &[Finding]) -> Vec<&str> {
        list.iter().map(|f| f.message.as_str()).collect()
    }

    #[test]
    fn findings_are_paired_by_rule_subject_and_asset_then_message() {
        let before = [
            finding("r", "1", Some("a"), "one"),
            finding("r", "1", Some("a"), "two"),
            finding("r", "1", Some("b"), "on b"),
            finding("q", "1", None, "q before"),
        ];
        let after = [
            finding("r", "1", Some("a"), "two"),
            finding("r", "2", Some("b"), "on b"),
            finding("q", "1", None, "q reworded"),
        ];
        let c = finding_changes(&before, &after);
        // Same identity and message; same identity, reworded (shown as the later check words it).
        assert_eq!(messages(&c.still_open), ["q reworded", "two"]);
        assert_eq!(messages(&c.resolved), ["one", "on b"]);
        // Another subject is another finding.
        assert_eq!(messages(&c.new), ["on b"]);
        assert_eq!(c.new[0].subject.id, "2");
    }

    #[test]
    fn asset_types_read_with_an_article() {
        assert_eq!(a_type(AssetType::AdAccount), "an ad account");
        assert_eq!(a_type(AssetType::Page), "a page");
        assert_eq!(a_type(AssetType::InstagramAccount), "an instagram account");
    }

    #[test]
    fn page_tasks_compare_normalized_and_status_counts() {
        let snapshot = |tasks: &str, status: &str| -> Snapshot {
            serde_json::from_str(&format!(
                r#"{{"schema_version": 1, "captured_at": "2026-11-01T00:00:00Z",
                "business": {{"id": "1", "name": "B"}}, "members": [],
                "partners": [{{"id": "p", "name": "P"}}],
                "assets": [{{"id": "pg", "type": "page", "name": "Pg"}}],
                "grants": [{{"asset_id": "pg", "grantee": {{"kind": "partner", "id": "p"}},
                  "tasks": {tasks}, "status": {status}}}]}}"#
            ))
            .unwrap()
        };
        let old = snapshot(r#"["PROFILE_PLUS_FULL_CONTROL", "ANALYZE"]"#, "null");
        let same = snapshot(r#"["MANAGE", "PROFILE_PLUS_ANALYZE"]"#, r#""active""#);
        let c = access_changes(&old, &same);
        assert!(c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty());
        let pending = snapshot(r#"["MANAGE", "ANALYZE"]"#, r#""pending""#);
        let c = access_changes(&old, &pending);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].status_before, Some(GrantStatus::Active));
        assert_eq!(c.changed[0].status_after, Some(GrantStatus::Pending));
        assert_eq!(c.changed[0].grantee.name.as_deref(), Some("P"));
        assert_eq!(c.changed[0].tasks_after, ["ANALYZE", "MANAGE"]);
    }
}
