#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Plain words (`report::plain`): on every bundled example and on generated snapshots, the
//! plain report has the same findings (rule, severity, subject, asset) and its text is free of
//! task codes, config paths, backticks and timestamps.

mod common;

use common::root;
use portfolio_guard::engine::{check_snapshot, CheckRequest};
use portfolio_guard::glossary;
use portfolio_guard::policy::PolicySet;
use portfolio_guard::report::plain::plain_report;
use portfolio_guard::report::{Finding, Report};
use portfolio_guard::snapshot::{AssetType, Snapshot};
use regex::Regex;
use std::collections::BTreeSet;

fn check(snapshot: &str, config: Option<&str>) -> (Report, Snapshot) {
    let set = PolicySet::builtin().unwrap();
    check_snapshot(
        &set,
        &CheckRequest {
            snapshot,
            snapshot_name: "snapshot.json",
            config,
            config_name: "org.json",
            ..CheckRequest::default()
        },
    )
    .unwrap()
}

fn example(name: &str) -> (Report, Snapshot) {
    let dir = root().join("examples").join(name);
    let snapshot = std::fs::read_to_string(dir.join("snapshot.json")).unwrap();
    let config = std::fs::read_to_string(dir.join("org.json")).ok();
    check(&snapshot, config.as_deref())
}

fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("snapshot.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn all(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding))
        .collect()
}

/// What the plain text must not contain, with the reason.
fn leftovers(text: &str) -> Vec<String> {
    let codes: BTreeSet<&str> = AssetType::ALL
        .into_iter()
        .filter_map(glossary::tasks)
        .flatten()
        .collect();
    let jargon = Regex::new(
        r"PROFILE_PLUS_|org config|\b(?:partners|members)\.\d|trusted_domains|public_email_domains|thresholds\.|exceptions\[|rules\.disabled|`|\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}",
    )
    .unwrap();
    let word = Regex::new(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b").unwrap();
    let mut out: Vec<String> = jargon
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect();
    out.extend(
        word.find_iter(text)
            .map(|m| m.as_str())
            .filter(|w| codes.contains(w))
            .map(|w| format!("task code {w}")),
    );
    out
}

/// The plain report of `report` keeps its findings and leaves no jargon in their text.
fn assert_plain(what: &str, report: &Report, snapshot: &Snapshot) -> Report {
    let plain = plain_report(report, snapshot);
    assert_eq!(plain.findings.len(), report.findings.len(), "{what}");
    assert_eq!(plain.suppressed.len(), report.suppressed.len(), "{what}");
    assert_eq!(plain.summary, report.summary, "{what}");
    for (a, b) in all(report).into_iter().zip(all(&plain)) {
        assert_eq!(
            (&a.rule, a.severity, &a.subject.kind, &a.subject.id),
            (&b.rule, b.severity, &b.subject.kind, &b.subject.id),
            "{what}"
        );
        assert_eq!(
            a.asset.as_ref().map(|x| &x.id),
            b.asset.as_ref().map(|x| &x.id),
            "{what}"
        );
        assert_eq!(a.details, b.details, "{what}");
        for text in [&b.title, &b.message, &b.remediation] {
            let left = leftovers(text);
            assert!(
                left.is_empty(),
                "{what}, {}: {left:?} left in {text:?} (from {:?} / {:?})",
                b.rule,
                a.message,
                a.remediation
            );
            assert!(!text.contains("  ") && !text.trim().is_empty(), "{text:?}");
        }
        if let Some(name) = &b.subject.name {
            assert!(leftovers(name).is_empty(), "{what}: subject {name:?}");
        }
        for t in &b.terms {
            assert_eq!(
                Some(t.name.as_str()),
                b.asset
                    .as_ref()
                    .and_then(|x| x.asset_type.as_deref())
                    .and_then(AssetType::parse)
                    .and_then(|ty| glossary::name(ty, &t.code))
                    .or(Some(t.name.as_str())),
                "{what}"
            );
        }
    }
    // Exceptions are kept as written.
    for (a, b) in report.suppressed.iter().zip(&plain.suppressed) {
        assert_eq!(a.exception, b.exception, "{what}");
    }
    plain
}

#[test]
fn every_example_reads_in_plain_words() {
    let names = examples();
    assert!(names.len() >= 3, "{names:?}");
    for name in names {
        let (report, snapshot) = example(&name);
        assert_plain(&name, &report, &snapshot);
    }
}

#[test]
fn the_kitchen_sink_exercises_every_built_in_rule() {
    let (report, snapshot) = example("kitchen-sink");
    let fired: BTreeSet<&str> = all(&report).iter().map(|f| f.rule.as_str()).collect();
    let set = PolicySet::builtin().unwrap();
    for r in set.rules() {
        assert!(fired.contains(r.id.as_str()), "{} does not fire", r.id);
    }
    let plain = assert_plain("kitchen-sink", &report, &snapshot);
    // The normal report's JSON has no plain-words fields; the plain one names its controls.
    assert!(!report.to_json().contains("\"terms\""));
    assert!(!report.to_json().contains("\"controls\""));
    let controls: BTreeSet<&str> = all(&plain)
        .iter()
        .flat_map(|f| f.controls.iter().map(|c| c.path.as_str()))
        .collect();
    for path in [
        "trusted_domains",
        "public_email_domains",
        "thresholds.max_full_control_members",
        "rules.disabled",
        "exceptions[1]",
        "members.200000000000016.contract_end",
        "members.200000000000016.scope",
        "partners.300000000000021.verified",
        "partners.300000000000021.reviewed_at",
        "partners.300000000000021.justification",
    ] {
        assert!(controls.contains(path), "{path} not in {controls:?}");
    }
}

#[test]
fn generated_snapshots_read_in_plain_words() {
    for (grants, seed) in [(200, 1), (800, 2), (1500, 3)] {
        let (snapshot, config) = portfolio_guard::generate::generate(grants, seed);
        let (report, snapshot) = check(&snapshot.to_string(), Some(&config.to_string()));
        assert!(!report.findings.is_empty());
        assert_plain(&format!("gen {grants}/{seed}"), &report, &snapshot);
    }
}

fn finding<'r>(report: &'r Report, rule: &str, subject: &str, asset: Option<&str>) -> &'r Finding {
    all(report)
        .into_iter()
        .find(|f| {
            f.rule == rule
                && f.subject.id == subject
                && f.asset.as_ref().map(|a| a.id.as_str()) == asset
        })
        .unwrap_or_else(|| panic!("no {rule} finding for {subject} on {asset:?}"))
}

#[test]
fn agency_onboarding_in_plain_words() {
    let (report, snapshot) = example("agency-onboarding");
    let plain = plain_report(&report, &snapshot);

    let f = finding(
        &plain,
        "grant-exceeds-role",
        "200510000000014",
        Some("178400000000301"),
    );
    assert_eq!(
        f.message,
        "Lena Fischer holds “Content” on Instagram account “@northwindoutdoor”; their role “Community manager” allows “Insights”, “Community activity” and “Messages” there"
    );
    assert_eq!(
        f.remediation,
        "In Settings → People → Lena Fischer → Assets → Instagram accounts → “@northwindoutdoor”, turn off “Content” and keep “Insights”, “Community activity” and “Messages”; if Lena Fischer's job really needs them, change the role of Lena Fischer under “Who should be doing what” or use “Accept this risk” on this finding."
    );
    let codes: Vec<&str> = f.terms.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(
        codes,
        ["CONTENT", "ANALYZE", "COMMUNITY_ACTIVITY", "MESSAGES"]
    );
    assert_eq!(f.controls[0].path, "members.200510000000014.role");

    let f = finding(&plain, "unverified-partner", "300720000000023", None);
    assert!(
        f.remediation.contains(
            "then tick “Business ID confirmed” for Studio Fernhill under “Who should be doing what”;"
        ),
        "{}",
        f.remediation
    );
    assert!(f
        .remediation
        .contains("Business Portfolio ID 300720000000023 is theirs"));
    assert_eq!(f.controls[0].path, "partners.300720000000023.verified");

    let f = finding(
        &plain,
        "partner-owns-asset",
        "300720000000021",
        Some("act_120330000000103"),
    );
    assert!(f.message.starts_with("Ad account “Northwind - Winter Launch” is owned by partner Brightline Media, not by Northwind Outdoor"), "{}", f.message);
    assert!(
        f.remediation
            .ends_with("ask Brightline Media to close “Northwind - Winter Launch”."),
        "{}",
        f.remediation
    );

    let f = finding(&plain, "exception-expired", "exceptions[1]", None);
    assert_eq!(
        f.subject.name.as_deref(),
        Some("“External member with full control” for Sam Ortiz")
    );
    assert!(
        f.message.starts_with(
            "The accepted risk “External member with full control” for Sam Ortiz (owner "
        ),
        "{}",
        f.message
    );
    assert_eq!(f.controls[0].path, "exceptions[1]");

    let f = finding(
        &plain,
        "grant-to-unknown-grantee",
        "300720000000019",
        Some("108800000000201"),
    );
    assert!(f.message.starts_with("Partner 300720000000019 holds “Ads”, “Insights” and “Community activity” on Page “Northwind Outdoor”"), "{}", f.message);

    let f = finding(&plain, "grant-below-role", "200510000000014", None);
    assert!(
        f.message
            .contains("requires “Community activity” on pages, but they have access to no Page"),
        "{}",
        f.message
    );
}

#[test]
fn timestamps_become_dates() {
    let (report, snapshot) = example("kitchen-sink");
    let plain = plain_report(&report, &snapshot);
    let f = finding(&plain, "inactive-member", "200000000000015", None);
    assert!(
        f.message.contains("was last active on 2026-05-01, "),
        "{}",
        f.message
    );
    let f = finding(&plain, "stale-invitation", "900000000000001", None);
    assert!(
        f.message
            .contains("is still pending: it expired on 2026-10-01 and"),
        "{}",
        f.message
    );
}

/// Run with `--ignored --nocapture` to read every plain finding of the examples.
#[test]
#[ignore]
fn print_plain_examples() {
    for name in examples() {
        let (report, snapshot) = example(&name);
        let plain = plain_report(&report, &snapshot);
        for (a, b) in all(&report).into_iter().zip(all(&plain)) {
            println!("## {name} {} | {:?}", b.rule, b.subject.name);
            println!("   M  {}\n   M' {}", a.message, b.message);
            println!("   R  {}\n   R' {}", a.remediation, b.remediation);
            let controls: Vec<&str> = b.controls.iter().map(|c| c.path.as_str()).collect();
            let terms: Vec<String> = b
                .terms
                .iter()
                .map(|t| format!("{}={}", t.code, t.name))
                .collect();
            println!("   controls {controls:?} terms {terms:?}");
        }
    }
}
