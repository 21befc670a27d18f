#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Catalog invariants: the spec's 30 rules all exist with metadata, tests and docs; ids are
//! unique and kebab-case; the generated docs are current; `explain` prints the docs' text.

mod common;

use common::*;
use portfolio_guard::config::builtin_roles;
use portfolio_guard::docs::example_findings;
use portfolio_guard::policy::PolicySet;
use std::collections::BTreeSet;

/// The catalog of rules.md, by category.
const SPEC: &[(&str, &[&str])] = &[
    (
        "ownership",
        &[
            "partner-owns-asset",
            "asset-owned-elsewhere",
            "external-full-control-member",
        ],
    ),
    (
        "least-privilege",
        &[
            "partner-full-control",
            "grant-exceeds-role",
            "grant-below-role",
            "asset-outside-scope",
            "role-undeclared",
            "external-finance-access",
            "system-user-full-control",
            "automation-without-spend-cap",
        ],
    ),
    (
        "membership",
        &[
            "grant-to-unknown-grantee",
            "member-without-assets",
            "partner-without-assets",
            "agency-staff-as-members",
            "public-email-member",
            "too-many-full-control",
            "too-few-full-control",
            "admin-without-2fa",
            "two-factor-not-required",
        ],
    ),
    (
        "lifecycle",
        &[
            "access-after-contract-end",
            "access-review-overdue",
            "temporary-access-without-expiry",
            "stale-invitation",
            "stale-pending-request",
            "inactive-member",
            "unverified-partner",
            "undocumented-partner-access",
        ],
    ),
    ("exceptions", &["exception-expired", "exception-unused"]),
];

/// Severities as rules.md gives them.
fn spec_severity(id: &str) -> &'static str {
    match id {
        "partner-owns-asset" => "critical",
        "asset-owned-elsewhere"
        | "external-full-control-member"
        | "partner-full-control"
        | "grant-exceeds-role"
        | "external-finance-access"
        | "grant-to-unknown-grantee"
        | "too-few-full-control"
        | "admin-without-2fa"
        | "access-after-contract-end" => "high",
        "role-undeclared"
        | "member-without-assets"
        | "partner-without-assets"
        | "public-email-member"
        | "temporary-access-without-expiry"
        | "stale-invitation"
        | "stale-pending-request"
        | "undocumented-partner-access"
        | "exception-unused" => "low",
        _ => "medium",
    }
}

#[test]
fn every_spec_rule_exists_with_its_category_and_severity() {
    let set = PolicySet::builtin().unwrap();
    let ids: BTreeSet<&str> = set.rules().iter().map(|r| r.id.as_str()).collect();
    let mut expected = BTreeSet::new();
    for (category, rules) in SPEC {
        for id in *rules {
            expected.insert(*id);
            let r = set
                .rule(id)
                .unwrap_or_else(|| panic!("rule {id} is missing"));
            assert_eq!(r.category, *category, "{id}");
            assert_eq!(r.severity.as_str(), spec_severity(id), "{id}");
            assert!(!r.title.is_empty() && !r.description.is_empty() && !r.remediation.is_empty());
        }
    }
    assert_eq!(expected.len(), 30);
    assert_eq!(ids, expected, "the built-in catalog is exactly the spec's");
}

#[test]
fn spec_table_and_test_list_agree_when_the_spec_is_present() {
    // The product spec lives beside the repository; when it is there, its table must list
    // exactly the ids above.
    let path = root().join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let in_spec: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(String::from)
        .collect();
    let ours: BTreeSet<String> = SPEC
        .iter()
        .flat_map(|(_, r)| r.iter().map(|s| s.to_string()))
        .collect();
    assert_eq!(in_spec, ours);
}

#[test]
fn ids_are_unique_and_kebab_case() {
    let set = PolicySet::builtin().unwrap();
    let mut seen = BTreeSet::new();
    for r in set.rules() {
        assert!(seen.insert(r.id.clone()), "duplicate {}", r.id);
        assert!(
            r.id.split('-').all(|p| !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{} is not kebab-case",
            r.id
        );
    }
}

#[test]
fn every_role_profile_validates() {
    let roles = builtin_roles().unwrap();
    let names: BTreeSet<&str> = roles.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "ai_platform",
            "analytics_tool",
            "audience_strategist",
            "catalog_specialist",
            "community_manager",
            "creative",
            "full_service_agency",
            "in_house_admin",
            "media_buyer",
            "reporting",
        ])
    );
    assert_eq!(roles["ai_platform"].automation, Some(true));
    // The config loader validates every role (task vocabulary, required ⊆ allowed).
    let ids = PolicySet::builtin()
        .unwrap()
        .rules()
        .iter()
        .map(|r| r.id.clone())
        .collect();
    portfolio_guard::config::load(None, "defaults", &ids).unwrap();
}

#[test]
fn kitchen_sink_makes_every_rule_fire() {
    let set = PolicySet::builtin().unwrap();
    let examples = example_findings(&set).unwrap();
    let missing: Vec<&str> = set
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !examples.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "no kitchen-sink finding for {missing:?}"
    );
}

#[test]
fn generated_docs_are_current_and_explain_matches_them() {
    let r = run(&["docs", "--check", "docs/rules.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let set = PolicySet::builtin().unwrap();
    for rule in set.rules() {
        let r = run(&["explain", &rule.id]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("**Example finding**"),
            "{} has no example",
            rule.id
        );
        assert!(
            docs.contains(&r.stdout),
            "explain {} differs from docs/rules.md",
            rule.id
        );
    }
    // Drift is caught: a changed file fails the check.
    let dir = tempfile::tempdir().unwrap();
    let stale = write(
        dir.path(),
        "rules.md",
        &docs.replacen("Rule reference", "Rule referenc", 1),
    );
    let r = run(&["docs", "--check", &stale]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("out of date"));
}
