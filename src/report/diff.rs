//! A comparison of two checks and a what-if ([`crate::compare`]) in every report format: JSON,
//! CSV, SARIF (with `baselineState`) and the terminal table here; Markdown in
//! `markdown/diff.rs`. They reuse the report's own helpers, so input text is as safe in them
//! (CSV formula guard, terminal control characters, Markdown escaping) as in a report.

use super::csv::{push_cell, BOM};
use super::table::{named, subject_label, Writer, MIN_WIDTH};
use super::{AssetRef, Finding, Report, TableStyle, Tool};
use crate::compare::{AccessChange, Comparison, ProposalVerdict, Side, WhatIf};
use crate::snapshot::AssetType;

pub use super::markdown::{comparison_markdown, what_if_markdown};

fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        // Serializing plain data structures cannot fail; keep a valid JSON answer anyway.
        serde_json::json!({ "error": e.to_string() }).to_string()
    });
    s.push('\n');
    s
}

/// The comparison as pretty JSON, with a final newline.
pub fn comparison_json(c: &Comparison) -> String {
    pretty(c)
}

/// The what-if as pretty JSON, with a final newline.
pub fn what_if_json(w: &WhatIf) -> String {
    pretty(w)
}

/// `1 new finding · 2 resolved · 14 still open`.
pub fn headline(c: &Comparison) -> String {
    let s = &c.summary;
    let new = match s.findings_new {
        0 => "No new finding".to_string(),
        1 => "1 new finding".to_string(),
        n => format!("{n} new findings"),
    };
    format!(
        "{new} · {} resolved · {} still open",
        s.findings_resolved, s.findings_still_open
    )
}

/// `The proposal would introduce 2 findings` or `… introduces no finding`.
pub fn what_if_headline(w: &WhatIf) -> String {
    match w.introduced.len() {
        0 => "The proposal introduces no finding".to_string(),
        1 => "The proposal would introduce 1 finding".to_string(),
        n => format!("The proposal would introduce {n} findings"),
    }
}

/// The open findings of a side.
pub fn open_findings(s: &Side) -> usize {
    let n = &s.summary;
    n.critical + n.high + n.medium + n.low + n.info
}

/// `1 open finding`, `2 open findings`.
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Access, members and partners counts: `1 grant added, 0 removed, 2 changed · …`.
pub fn changes_line(c: &Comparison) -> String {
    let s = &c.summary;
    format!(
        "grants: {} added, {} removed, {} changed · members: {} added, {} removed · partners: {} added, {} removed",
        s.access_added,
        s.access_removed,
        s.access_changed,
        s.members_added,
        s.members_removed,
        s.partners_added,
        s.partners_removed
    )
}

/// Tasks as written (codes), or by their glossary names in plain words.
pub fn task_list(asset: &AssetRef, tasks: &[String], plain: bool) -> String {
    let t = asset.asset_type.as_deref().and_then(AssetType::parse);
    let names: Vec<String> = tasks
        .iter()
        .map(|code| match t {
            Some(t) if plain => crate::glossary::name(t, &crate::vocab::normalize(t, code))
                .map_or_else(|| code.clone(), str::to_string),
            _ => code.clone(),
        })
        .collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// `ad account Northwind - Prospecting (act_1)`.
pub fn asset_label(a: &AssetRef) -> String {
    let kind = a.asset_type.as_deref().map(|t| t.replace('_', " "));
    named(kind.as_deref(), a.name.as_deref(), &a.id)
}

/// What changed in a grant: `ANALYZE → ADVERTISE, ANALYZE (pending → active)`.
pub fn change_words(a: &AccessChange, plain: bool) -> String {
    let mut s = format!(
        "{} → {}",
        task_list(&a.asset, &a.tasks_before, plain),
        task_list(&a.asset, &a.tasks_after, plain)
    );
    if let (Some(b), Some(x)) = (a.status_before, a.status_after) {
        if b != x {
            s.push_str(&format!(" ({} → {})", b.as_str(), x.as_str()));
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// CSV

const COMPARISON_HEADER: [&str; 23] = [
    "change",
    "item",
    "severity",
    "rule",
    "title",
    "subject_kind",
    "subject_id",
    "subject_name",
    "asset_type",
    "asset_id",
    "asset_name",
    "tasks_before",
    "tasks_after",
    "tasks_added",
    "tasks_removed",
    "status_before",
    "status_after",
    "message",
    "remediation",
    "business",
    "business_id",
    "evaluated_before",
    "evaluated_after",
];

fn push_row(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push('\n');
}

/// The comparison as CSV, as the report's CSV is written (UTF-8 byte order mark, LF, quoting
/// and the formula guard): a header, then one row per change: `access` (`added`, `removed`,
/// `changed`, with the tasks before and after, space-separated), `member` and `partner`
/// (`added`, `removed`), and `finding` (`new`, `resolved`, `still_open`). Every row ends with
/// the business and both checks' times.
pub fn comparison_csv(c: &Comparison) -> String {
    let mut out = format!("{BOM}{}\n", COMPARISON_HEADER.join(","));
    let tail = [
        c.after.business.name.as_str(),
        &c.after.business.id,
        &c.before.evaluated_at,
        &c.after.evaluated_at,
    ];
    let a = &c.access;
    for (change, list) in [
        ("added", &a.added),
        ("removed", &a.removed),
        ("changed", &a.changed),
    ] {
        for x in list {
            let join = |t: &[String]| t.join(" ");
            let st = |s: Option<crate::snapshot::GrantStatus>| {
                s.map_or("", crate::snapshot::GrantStatus::as_str)
            };
            let (tb, ta, tp, tm) = (
                join(&x.tasks_before),
                join(&x.tasks_after),
                join(&x.tasks_added),
                join(&x.tasks_removed),
            );
            let g = &x.grantee;
            let mut row = vec![change, "access", "", "", "", &g.kind, &g.id];
            row.extend([g.name.as_deref().unwrap_or_default()]);
            row.extend(asset_cells(Some(&x.asset)));
            row.extend([&*tb, &ta, &tp, &tm, st(x.status_before), st(x.status_after)]);
            row.extend(["", ""]);
            row.extend(tail);
            push_row(&mut out, &row);
        }
    }
    for (item, changes) in [("member", &c.members), ("partner", &c.partners)] {
        for (change, list) in [("added", &changes.added), ("removed", &changes.removed)] {
            for s in list {
                let mut row = vec![change, item, "", "", "", &s.kind, &s.id];
                row.extend([s.name.as_deref().unwrap_or_default()]);
                row.extend([""; 11]);
                row.extend(tail);
                push_row(&mut out, &row);
            }
        }
    }
    let f = &c.findings;
    for (change, list) in [
        ("new", &f.new),
        ("resolved", &f.resolved),
        ("still_open", &f.still_open),
    ] {
        for x in list {
            let mut row = vec![change, "finding"];
            row.extend(finding_cells(x));
            row.extend([""; 6]);
            row.extend([x.message.as_str(), &x.remediation]);
            row.extend(tail);
            push_row(&mut out, &row);
        }
    }
    out
}

/// `severity, rule, title, subject kind, id, name, asset type, id, name`.
fn finding_cells(f: &Finding) -> Vec<&str> {
    let mut cells = vec![
        f.severity.as_str(),
        &f.rule,
        &f.title,
        &f.subject.kind,
        &f.subject.id,
        f.subject.name.as_deref().unwrap_or_default(),
    ];
    cells.extend(asset_cells(f.asset.as_ref()));
    cells
}

fn asset_cells(a: Option<&AssetRef>) -> [&str; 3] {
    [
        a.and_then(|a| a.asset_type.as_deref()).unwrap_or_default(),
        a.map(|a| a.id.as_str()).unwrap_or_default(),
        a.and_then(|a| a.name.as_deref()).unwrap_or_default(),
    ]
}

const WHAT_IF_HEADER: [&str; 20] = [
    "row",
    "proposal",
    "severity",
    "rule",
    "title",
    "subject_kind",
    "subject_id",
    "subject_name",
    "asset_type",
    "asset_id",
    "asset_name",
    "tasks",
    "replaces",
    "role",
    "least_privilege",
    "keep",
    "drop",
    "message",
    "remediation",
    "evaluated_at",
];

/// The what-if as CSV (as [`comparison_csv`] is written): one `proposal` row per proposed
/// grant (its grantee as the subject, tasks, the tasks it replaces, the role, the verdict,
/// the tasks to keep and to drop), one `introduced` row per finding it would introduce (with
/// its proposal's index and the tasks to drop) and one `resolved` row per finding it would
/// resolve. Tasks are space-separated.
pub fn what_if_csv(w: &WhatIf) -> String {
    let mut out = format!("{BOM}{}\n", WHAT_IF_HEADER.join(","));
    let at = w.comparison.after.evaluated_at.as_str();
    for p in &w.proposals {
        let index = p.index.to_string();
        let g = &p.grantee;
        let join = |t: &[String]| t.join(" ");
        let (tasks, keep, drop) = (join(&p.tasks), join(&p.keep), join(&p.drop));
        let replaces = p.replaces.as_deref().map(join).unwrap_or_default();
        let verdict = if p.least_privilege { "yes" } else { "no" };
        let mut row = vec!["proposal", &index, "", "", "", &g.kind, &g.id];
        row.extend([g.name.as_deref().unwrap_or_default()]);
        row.extend(asset_cells(Some(&p.asset)));
        row.extend([&*tasks, &replaces, p.role.as_deref().unwrap_or_default()]);
        row.extend([verdict, &keep, &drop, "", "", at]);
        push_row(&mut out, &row);
    }
    let rows = w
        .introduced
        .iter()
        .map(|i| ("introduced", i.proposal, i.drop.join(" "), &i.finding))
        .chain(
            w.resolved
                .iter()
                .map(|f| ("resolved", None, String::new(), f)),
        );
    for (kind, proposal, drop, f) in rows {
        let index = proposal.map(|i| i.to_string()).unwrap_or_default();
        let mut row = vec![kind, &index];
        row.extend(finding_cells(f));
        row.extend(["", "", "", "", "", &drop, &f.message, &f.remediation, at]);
        push_row(&mut out, &row);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// SARIF

/// The comparison as a SARIF 2.1.0 run, written by the report's SARIF writer: results are the
/// new findings (`baselineState: "new"`), those still open (`"unchanged"`) and the resolved
/// ones (`"absent"`, as the earlier check worded them), in that order; the run's properties
/// hold the comparison's summary and both sides.
pub fn comparison_sarif(c: &Comparison) -> String {
    let f = &c.findings;
    let states = [
        (&f.new, "new"),
        (&f.still_open, "unchanged"),
        (&f.resolved, "absent"),
    ];
    let report = Report {
        schema_version: 1,
        tool: Tool {
            name: "portfolio-guard".to_string(),
            version: crate::VERSION.to_string(),
        },
        business: c.after.business.clone(),
        evaluated_at: c.after.evaluated_at.clone(),
        summary: c.after.summary.clone(),
        findings: states.iter().flat_map(|(l, _)| l.iter().cloned()).collect(),
        suppressed: Vec::new(),
        warnings: c.after.warnings.clone(),
        rules: Vec::new(),
    };
    let text = super::to_sarif(&report);
    let Ok(mut sarif) = serde_json::from_str::<serde_json::Value>(&text) else {
        return text;
    };
    let baseline = states
        .iter()
        .flat_map(|(l, state)| std::iter::repeat_n(*state, l.len()));
    if let Some(results) = sarif
        .pointer_mut("/runs/0/results")
        .and_then(|r| r.as_array_mut())
    {
        for (r, state) in results.iter_mut().zip(baseline) {
            if let Some(r) = r.as_object_mut() {
                r.insert("baselineState".to_string(), state.into());
            }
        }
    }
    if let Some(p) = sarif
        .pointer_mut("/runs/0/properties")
        .and_then(|p| p.as_object_mut())
    {
        p.insert("comparison".to_string(), serde_json::json!(c.summary));
        p.insert("before".to_string(), serde_json::json!(c.before));
        p.insert("after".to_string(), serde_json::json!(c.after));
    }
    pretty(&sarif)
}

// ---------------------------------------------------------------------------------------------
// Table

fn writer(style: TableStyle) -> Writer {
    Writer {
        out: String::new(),
        color: style.color,
        width: style.width.max(MIN_WIDTH),
    }
}

impl Writer {
    fn title(&mut self, text: &str) {
        let t = self.paint("1", text);
        self.out.push_str(&t);
        self.out.push_str("\n\n");
    }

    /// The later check's warnings (e.g. an incomplete capture), first: they say what the
    /// findings may be missing.
    fn warnings(&mut self, warnings: &[String]) {
        for warning in warnings {
            let label = self.paint("33", "warning:");
            self.wrap(&format!("{label} "), "         ", warning);
        }
        if !warnings.is_empty() {
            self.out.push('\n');
        }
    }

    fn side_line(&mut self, label: &str, s: &Side) {
        let line = format!(
            "captured {} · {} · {} suppressed",
            s.captured_at,
            count(open_findings(s), "open finding"),
            s.summary.suppressed
        );
        self.wrap(label, "        ", &line);
    }

    /// The grants added, removed and changed, one line each.
    fn access(&mut self, c: &Comparison, plain: bool) {
        let a = &c.access;
        if a.added.is_empty() && a.removed.is_empty() && a.changed.is_empty() {
            return;
        }
        self.title("Access");
        for (mark, list) in [("+", &a.added), ("-", &a.removed), ("~", &a.changed)] {
            for x in list {
                let what = match mark {
                    "+" => task_list(&x.asset, &x.tasks_after, plain),
                    "-" => task_list(&x.asset, &x.tasks_before, plain),
                    _ => change_words(x, plain),
                };
                let line = format!(
                    "{} · {}: {what}",
                    subject_label(&x.grantee),
                    asset_label(&x.asset)
                );
                self.wrap(&format!("  {mark} "), "      ", &line);
            }
        }
        self.out.push('\n');
    }

    fn subjects(&mut self, c: &Comparison) {
        for (title, changes) in [("Members", &c.members), ("Partners", &c.partners)] {
            if changes.added.is_empty() && changes.removed.is_empty() {
                continue;
            }
            self.title(title);
            for (mark, list) in [("+", &changes.added), ("-", &changes.removed)] {
                for s in list {
                    self.wrap(&format!("  {mark} "), "      ", &subject_label(s));
                }
            }
            self.out.push('\n');
        }
    }

    /// A titled list of findings in full, each with its fix (when `fix`).
    fn findings(&mut self, title: &str, list: &[&Finding], fix: bool, drops: &[&[String]]) {
        if list.is_empty() {
            return;
        }
        self.title(&format!("{title} ({})", list.len()));
        const INDENT: &str = "          ";
        for (i, f) in list.iter().enumerate() {
            self.finding(f);
            if let Some(drop) = drops.get(i).filter(|d| !d.is_empty()) {
                let tasks = drop.join(", ");
                self.wrap(
                    &format!("{INDENT}drop: "),
                    &format!("{INDENT}      "),
                    &tasks,
                );
            }
            if fix {
                self.wrap(
                    &format!("{INDENT}fix: "),
                    &format!("{INDENT}     "),
                    &f.remediation,
                );
            }
            self.out.push('\n');
        }
    }

    /// One line per finding: severity, rule and who.
    fn brief(&mut self, title: &str, list: &[Finding]) {
        if list.is_empty() {
            return;
        }
        self.title(&format!("{title} ({})", list.len()));
        for f in list {
            let who = match &f.asset {
                Some(a) => format!("{} · {}", subject_label(&f.subject), asset_label(a)),
                None => subject_label(&f.subject),
            };
            let label = f.severity.as_str().to_uppercase();
            let line = format!("{} · {who}", f.rule);
            self.wrap(&format!("  {label:<10}"), "              ", &line);
        }
        self.out.push('\n');
    }
}

/// The comparison for a terminal: the business and both checks, then the access, member and
/// partner changes (`+` added, `-` removed, `~` changed), the new findings in full (with their
/// fix), the resolved ones, those still open one line each, and a closing line with the
/// [headline] and the counts. Text is cleaned and wrapped as in the report's table.
pub fn comparison_table(c: &Comparison, plain: bool, style: TableStyle) -> String {
    let mut w = writer(style);
    let b = &c.after.business;
    let header = format!("{} ({}) · changes", b.name, b.id);
    w.title(&header);
    w.side_line("before: ", &c.before);
    w.side_line("after:  ", &c.after);
    w.out.push('\n');
    w.warnings(&c.after.warnings);
    w.access(c, plain);
    w.subjects(c);
    let f = &c.findings;
    w.findings("New findings", &f.new.iter().collect::<Vec<_>>(), true, &[]);
    w.findings(
        "Resolved findings",
        &f.resolved.iter().collect::<Vec<_>>(),
        false,
        &[],
    );
    w.brief("Still open", &f.still_open);
    w.wrap("", "", &format!("{} · {}", headline(c), changes_line(c)));
    w.out
}

/// The what-if for a terminal: each proposal with its verdict (the tasks to keep and to drop),
/// then the findings it would introduce in full (with the tasks to drop and the fix) and those
/// it would resolve, and the closing [what_if_headline].
pub fn what_if_table(wi: &WhatIf, plain: bool, style: TableStyle) -> String {
    let mut w = writer(style);
    let c = &wi.comparison;
    let b = &c.after.business;
    w.title(&format!(
        "{} ({}) · what if · evaluated {}",
        b.name, b.id, c.after.evaluated_at
    ));
    w.warnings(&c.after.warnings);
    w.title(&format!("Proposed access ({})", wi.proposals.len()));
    for p in &wi.proposals {
        let line = format!(
            "{} · {}: {}",
            subject_label(&p.grantee),
            asset_label(&p.asset),
            task_list(&p.asset, &p.tasks, plain)
        );
        w.wrap(&format!("  {}. ", p.index + 1), "      ", &line);
        w.wrap("     ", "       ", &verdict_words(p, plain));
        w.out.push('\n');
    }
    let list: Vec<&Finding> = wi.introduced.iter().map(|i| &i.finding).collect();
    let drops: Vec<&[String]> = wi.introduced.iter().map(|i| i.drop.as_slice()).collect();
    w.findings("It would introduce", &list, true, &drops);
    w.findings(
        "It would resolve",
        &wi.resolved.iter().collect::<Vec<_>>(),
        false,
        &[],
    );
    w.wrap(
        "",
        "",
        &format!("{} · {}", what_if_headline(wi), changes_line(c)),
    );
    w.out
}

/// `least privilege for role media_buyer` or `not least privilege: drop MANAGE, keep
/// ADVERTISE, ANALYZE (role media_buyer) · replaces …`.
pub fn verdict_words(p: &ProposalVerdict, plain: bool) -> String {
    let role = match &p.role {
        Some(r) if plain => format!("role “{r}”"),
        Some(r) => format!("role `{r}`"),
        None => "no declared role".to_string(),
    };
    let mut s = if p.least_privilege {
        format!("least privilege for its {role}")
    } else if p.drop.is_empty() {
        format!("not least privilege ({role})")
    } else {
        format!(
            "not least privilege: drop {}, keep {} ({role})",
            task_list(&p.asset, &p.drop, plain),
            task_list(&p.asset, &p.keep, plain)
        )
    };
    if !p.findings.is_empty() {
        let n = p.findings.len();
        s.push_str(&format!(" · introduces {}", count(n, "finding")));
    }
    if let Some(r) = &p.replaces {
        s.push_str(&format!(
            " · replaces its tasks {}",
            task_list(&p.asset, r, plain)
        ));
    }
    s
}
