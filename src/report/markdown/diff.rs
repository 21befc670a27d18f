//! A comparison and a what-if ([`crate::compare`]) as Markdown, written with the report's
//! escaping helpers: input text shows as written and cannot open markup or break a table.
//! In plain words (`plain`), no rule ids and task names instead of codes, as the client's
//! report.

use super::{by_severity, capitalized, code_span, literal, text, At};
use crate::compare::{Comparison, Side, WhatIf};
use crate::report::diff::{
    asset_label, change_words, changes_line, count, headline, open_findings, task_list,
    verdict_words, what_if_headline,
};
use crate::report::table::subject_label;
use crate::report::Finding;
use std::fmt::Write as _;

/// The names a finding's texts may quote in backticks (see [`text`]).
fn names(f: &Finding) -> Vec<&str> {
    let mut names = vec![f.subject.id.as_str()];
    names.extend(f.subject.name.as_deref());
    if let Some(a) = &f.asset {
        names.push(&a.id);
        names.extend(a.name.as_deref());
    }
    names
}

/// A finding: title (with its rule id unless plain) as a heading, then who, what and, when
/// asked, the tasks to drop and how to fix it.
fn push_finding(md: &mut String, f: &Finding, plain: bool, fix: bool, drop: &[String]) {
    let names = names(f);
    let rule = if plain {
        String::new()
    } else {
        format!(" ({})", code_span(&f.rule, false))
    };
    let _ = writeln!(
        md,
        "#### {}{rule} — {}\n",
        text(&f.title, At::Inline, &names),
        f.severity
    );
    let _ = writeln!(
        md,
        "- **Who:** {}",
        literal(&subject_label(&f.subject), At::Inline)
    );
    if let Some(a) = &f.asset {
        let _ = writeln!(md, "- **Asset:** {}", literal(&asset_label(a), At::Inline));
    }
    let _ = writeln!(
        md,
        "- **Finding:** {}",
        text(&f.message, At::Inline, &names)
    );
    if !drop.is_empty() {
        let tasks: Vec<String> = drop.iter().map(|t| code_span(t, false)).collect();
        let _ = writeln!(md, "- **Tasks to drop:** {}", tasks.join(", "));
    }
    if fix {
        let _ = writeln!(
            md,
            "- **How to fix:** {}",
            text(&f.remediation, At::Inline, &names)
        );
    }
    md.push('\n');
}

/// Findings grouped by severity under a `##` title.
fn push_findings(md: &mut String, title: &str, list: &[Finding], plain: bool, fix: bool) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(md, "## {title} ({})\n", list.len());
    for (sev, group) in by_severity(list) {
        let _ = writeln!(md, "### {} ({})\n", capitalized(sev), group.len());
        for f in group {
            push_finding(md, f, plain, fix, &[]);
        }
    }
}

/// The later check's warnings, before what they may have hidden.
fn push_warnings(md: &mut String, warnings: &[String]) {
    if warnings.is_empty() {
        return;
    }
    md.push_str("## Warnings\n\n");
    for w in warnings {
        let _ = writeln!(md, "- {}", text(w, At::LineStart, &[]));
    }
    md.push('\n');
}

fn push_side(md: &mut String, label: &str, s: &Side) {
    let _ = writeln!(
        md,
        "- **{label}:** captured {} · {}",
        literal(&s.captured_at, At::Inline),
        count(open_findings(s), "open finding")
    );
}

/// The comparison as GitHub-flavoured Markdown: the business and both checks, the
/// [headline], a summary table, the access changes as tables, members and partners added and
/// removed, the new findings (with how to fix them), the resolved ones, and those still open
/// as a table.
pub fn comparison_markdown(c: &Comparison, plain: bool) -> String {
    let mut md = String::new();
    let b = &c.after.business;
    let _ = writeln!(md, "# Access changes: {}\n", literal(&b.name, At::Inline));
    let _ = writeln!(
        md,
        "- **Business:** {} ({})",
        literal(&b.name, At::Inline),
        literal(&b.id, At::Inline)
    );
    push_side(&mut md, "Before", &c.before);
    push_side(&mut md, "After", &c.after);
    let _ = write!(md, "\n**{}**\n\n", headline(c));
    push_warnings(&mut md, &c.after.warnings);
    let s = &c.summary;
    md.push_str(
        "## Summary\n\n| Change | Added | Removed | Changed |\n| --- | ---: | ---: | ---: |\n",
    );
    let _ = write!(
        md,
        "| Grants | {} | {} | {} |\n| Members | {} | {} | |\n| Partners | {} | {} | |\n\n",
        s.access_added,
        s.access_removed,
        s.access_changed,
        s.members_added,
        s.members_removed,
        s.partners_added,
        s.partners_removed
    );
    let _ = write!(
        md,
        "| Findings | Count |\n| --- | ---: |\n| New | {} |\n| Resolved | {} |\n| Still open | {} |\n\n",
        s.findings_new, s.findings_resolved, s.findings_still_open
    );
    let a = &c.access;
    if !(a.added.is_empty() && a.removed.is_empty() && a.changed.is_empty()) {
        md.push_str("## Access\n\n");
        for (title, list) in [
            ("Added", &a.added),
            ("Removed", &a.removed),
            ("Changed", &a.changed),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(
                md,
                "### {title} ({})\n\n| Grantee | Asset | Tasks |\n| --- | --- | --- |\n",
                list.len()
            );
            for x in list {
                let tasks = match title {
                    "Added" => task_list(&x.asset, &x.tasks_after, plain),
                    "Removed" => task_list(&x.asset, &x.tasks_before, plain),
                    _ => change_words(x, plain),
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} |",
                    literal(&subject_label(&x.grantee), At::Cell),
                    literal(&asset_label(&x.asset), At::Cell),
                    literal(&tasks, At::Cell)
                );
            }
            md.push('\n');
        }
    }
    for (title, changes) in [("Members", &c.members), ("Partners", &c.partners)] {
        if changes.added.is_empty() && changes.removed.is_empty() {
            continue;
        }
        let _ = writeln!(md, "## {title}\n");
        for (what, list) in [("Added", &changes.added), ("Removed", &changes.removed)] {
            for x in list {
                let _ = writeln!(
                    md,
                    "- **{what}:** {}",
                    literal(&subject_label(x), At::Inline)
                );
            }
        }
        md.push('\n');
    }
    push_findings(&mut md, "New findings", &c.findings.new, plain, true);
    push_findings(
        &mut md,
        "Resolved findings",
        &c.findings.resolved,
        plain,
        false,
    );
    let open = &c.findings.still_open;
    if !open.is_empty() {
        let rule = if plain { "" } else { " Rule |" };
        let sep = if plain { "" } else { " --- |" };
        let _ = write!(
            md,
            "## Still open ({})\n\n| Severity |{rule} Finding | Who | Asset |\n| --- |{sep} --- | --- | --- |\n",
            open.len()
        );
        for f in open {
            let rule = if plain {
                String::new()
            } else {
                format!(" {} |", code_span(&f.rule, true))
            };
            let asset = f.asset.as_ref().map(asset_label).unwrap_or_default();
            let _ = writeln!(
                md,
                "| {} |{rule} {} | {} | {} |",
                f.severity,
                text(&f.title, At::Cell, &[]),
                literal(&subject_label(&f.subject), At::Cell),
                literal(&asset, At::Cell)
            );
        }
        md.push('\n');
    }
    let _ = writeln!(md, "{}", literal(&changes_line(c), At::LineStart));
    md
}

/// The what-if as Markdown: the [what_if_headline], each proposal with its verdict (tasks to
/// keep and to drop), the findings it would introduce (with the tasks to drop and how to fix
/// them) and those it would resolve.
pub fn what_if_markdown(w: &WhatIf, plain: bool) -> String {
    let mut md = String::new();
    let c = &w.comparison;
    let b = &c.after.business;
    let _ = writeln!(md, "# What if: {}\n", literal(&b.name, At::Inline));
    let _ = writeln!(
        md,
        "- **Business:** {} ({})\n- **Checked at:** {}",
        literal(&b.name, At::Inline),
        literal(&b.id, At::Inline),
        literal(&c.after.evaluated_at, At::Inline)
    );
    let _ = write!(md, "\n**{}**\n\n", what_if_headline(w));
    push_warnings(&mut md, &c.after.warnings);
    let _ = writeln!(md, "## Proposed access ({})\n", w.proposals.len());
    for p in &w.proposals {
        let _ = write!(
            md,
            "### {}. {} → {}\n\n- **Tasks asked for:** {}\n- **Verdict:** {}\n\n",
            p.index + 1,
            literal(&subject_label(&p.grantee), At::Inline),
            literal(&asset_label(&p.asset), At::Inline),
            literal(&task_list(&p.asset, &p.tasks, plain), At::Inline),
            text(&verdict_words(p, plain), At::Inline, &[])
        );
    }
    if !w.introduced.is_empty() {
        let _ = writeln!(md, "## It would introduce ({})\n", w.introduced.len());
        for i in &w.introduced {
            push_finding(&mut md, &i.finding, plain, true, &i.drop);
        }
    }
    push_findings(&mut md, "It would resolve", &w.resolved, plain, false);
    md
}
