//! The rule reference (`docs/rules.md`), generated from the rules' metadata, the role profiles
//! and real findings on the kitchen-sink sample, so the docs cannot drift from the code.
//! `portfolio-guard explain RULE` prints the same section.

use crate::config::{builtin_roles, RoleProfile};
use crate::engine::{check, CheckRequest};
use crate::error::Result;
use crate::policy::{PolicySet, RuleMeta};
use crate::report::Finding;
use crate::samples::KITCHEN_SINK;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The first finding (in report order) of each rule on the kitchen-sink sample, suppressed
/// ones included.
pub fn example_findings(set: &PolicySet) -> Result<BTreeMap<String, Finding>> {
    let report = check(
        set,
        &CheckRequest {
            snapshot: KITCHEN_SINK.snapshot,
            snapshot_name: "examples/kitchen-sink/snapshot.json",
            config: Some(KITCHEN_SINK.config),
            config_name: "examples/kitchen-sink/org.json",
            now: None,
            ..Default::default()
        },
    )?;
    let mut out = BTreeMap::new();
    let all = report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding));
    for f in all {
        out.entry(f.rule.clone()).or_insert_with(|| f.clone());
    }
    Ok(out)
}

fn describe(f: &Finding) -> String {
    let subject = match &f.subject.name {
        Some(n) => format!("{} {} ({})", f.subject.kind, n, f.subject.id),
        None => format!("{} {}", f.subject.kind, f.subject.id),
    };
    match &f.asset {
        Some(a) => format!(
            "{subject}; asset {} {}({})",
            a.asset_type.as_deref().unwrap_or("asset"),
            a.name
                .as_deref()
                .map(|n| format!("`{n}` "))
                .unwrap_or_default(),
            a.id
        ),
        None => subject,
    }
}

/// One rule's section: what fires and why, an example finding, the fix, how to suppress.
pub fn rule_section(rule: &RuleMeta, example: Option<&Finding>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### `{}` — {}\n", rule.id, rule.title);
    let _ = writeln!(
        s,
        "**Severity:** {} · **Category:** {} · **Source:** `{}`\n",
        rule.severity, rule.category, rule.file
    );
    let _ = writeln!(
        s,
        "**What fires, and why it matters.** {}\n",
        rule.description
    );
    match example {
        Some(f) => {
            let _ = writeln!(s, "**Example finding** ({}):\n", describe(f));
            let _ = writeln!(s, "> {}\n", f.message);
            let _ = writeln!(s, "**How to fix** (for that example): {}\n", f.remediation);
            if f.remediation != rule.remediation {
                let _ = writeln!(s, "**How to fix, in general:** {}\n", rule.remediation);
            }
        }
        None => {
            let _ = writeln!(s, "**How to fix:** {}\n", rule.remediation);
        }
    }
    for r in &rule.related_resources {
        match &r.description {
            Some(d) => {
                let _ = writeln!(s, "See also: <{}> ({d})\n", r.reference);
            }
            None => {
                let _ = writeln!(s, "See also: <{}>\n", r.reference);
            }
        }
    }
    let _ = writeln!(
        s,
        "**Suppress** an accepted case with an exception in the org config — `{{\"rule\": \"{}\", \"subject\": \"<id>\", \"asset\": \"<asset id, optional>\", \"reason\": \"…\", \"owner\": \"…\", \"expires\": \"YYYY-MM-DD\"}}` — or turn the rule off with `\"rules\": {{\"disabled\": [\"{}\"]}}`; change its severity with `\"rules\": {{\"severity\": {{\"{}\": \"low\"}}}}`.",
        rule.id, rule.id, rule.id
    );
    s
}

const CATEGORY_ORDER: [(&str, &str); 5] = [
    ("ownership", "access, never ownership"),
    ("least-privilege", "each partner gets what its job needs"),
    ("membership", "the two layers agree"),
    ("lifecycle", "access ends when the work ends"),
    ("exceptions", "accepted risk stays accountable"),
];

fn role_table(roles: &BTreeMap<String, RoleProfile>) -> String {
    let mut s = String::from(
        "| role | what it is for | asset type: allowed tasks (**required**) |\n|---|---|---|\n",
    );
    for (name, profile) in roles {
        let mut cells = Vec::new();
        for (ty, tasks) in &profile.assets {
            let list: Vec<String> = tasks
                .allowed
                .iter()
                .map(|t| {
                    if tasks.required.contains(t) {
                        format!("**{t}**")
                    } else {
                        t.clone()
                    }
                })
                .collect();
            cells.push(format!("{}: {}", ty.as_str(), list.join(", ")));
        }
        let automation = if profile.automation == Some(true) {
            " (automation)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "| `{name}`{automation} | {} | {} |",
            profile.description.as_deref().unwrap_or(""),
            cells.join("<br>")
        );
    }
    s
}

/// The whole `docs/rules.md`.
pub fn rules_markdown(set: &PolicySet) -> Result<String> {
    let examples = example_findings(set)?;
    let roles = builtin_roles()?;
    let rules: Vec<&RuleMeta> = set.rules().iter().filter(|r| r.builtin).collect();
    let mut s = String::from(
        "# Rule reference\n\n<!-- Generated by `portfolio-guard docs -o docs/rules.md` from the rules' `# METADATA`, the role profiles and real findings on examples/kitchen-sink; do not edit by hand. The test suite runs `portfolio-guard docs --check docs/rules.md`. -->\n\n",
    );
    let _ = writeln!(
        s,
        "{} built-in rules. Each finding names its subject (the member, partner, business, invitation or exception it is about), the asset where one is involved, a message with the concrete names and tasks, and what to click in Business Settings. `portfolio-guard explain RULE_ID` prints a rule's section below.\n",
        rules.len()
    );
    s.push_str("| id | severity | category | title |\n|---|---|---|---|\n");
    for (cat, _) in CATEGORY_ORDER {
        for r in rules.iter().filter(|r| r.category == cat) {
            let _ = writeln!(
                s,
                "| [`{}`](#{}) | {} | {} | {} |",
                r.id,
                anchor(r),
                r.severity,
                r.category,
                r.title
            );
        }
    }
    s.push('\n');
    for (cat, tagline) in CATEGORY_ORDER {
        let in_cat: Vec<&&RuleMeta> = rules.iter().filter(|r| r.category == cat).collect();
        if in_cat.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {cat} — {tagline}\n");
        for r in in_cat {
            s.push_str(&rule_section(r, examples.get(&r.id)));
            s.push('\n');
        }
    }
    let others: Vec<&&RuleMeta> = rules
        .iter()
        .filter(|r| !CATEGORY_ORDER.iter().any(|(c, _)| *c == r.category))
        .collect();
    if !others.is_empty() {
        s.push_str("## other\n\n");
        for r in others {
            s.push_str(&rule_section(r, examples.get(&r.id)));
            s.push('\n');
        }
    }
    s.push_str("## Role profiles\n\nThe built-in roles (`policies/config/roles/data.json`). A role in the org config's `roles` with the same name replaces one; new names add roles. An asset type missing from a role means the role needs no access to that type at all. Page tasks are compared after normalization (`PROFILE_PLUS_<T>` counts as `<T>`, `PROFILE_PLUS_FULL_CONTROL` as `MANAGE`).\n\n");
    s.push_str(&role_table(&roles));
    Ok(s)
}

/// The heading anchor GitHub gives a rule's section.
fn anchor(r: &RuleMeta) -> String {
    let heading = format!("{} — {}", r.id, r.title).to_lowercase();
    heading
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}
