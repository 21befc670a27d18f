#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The bundled examples: the agency-onboarding one finds real problems, the clean one none.

mod common;

use common::*;

#[test]
fn clean_example_has_no_findings() {
    let r = run(&[
        "check",
        &example("clean/snapshot.json"),
        "--config",
        &example("clean/org.json"),
        "--format",
        "json",
        "--fail-on",
        "info",
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["suppressed"], serde_json::json!([]));
}

#[test]
fn agency_onboarding_example_finds_the_planted_problems() {
    let r = run(&[
        "check",
        &example("agency-onboarding/snapshot.json"),
        "--config",
        &example("agency-onboarding/org.json"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "partner-owns-asset",
        "partner-full-control",
        "grant-to-unknown-grantee",
        "external-full-control-member",
        "exception-expired",
        "exception-unused",
    ] {
        assert!(rules.contains(&rule), "{rule} not in {rules:?}");
    }
    assert!(!v["suppressed"].as_array().unwrap().is_empty());
    assert!(v["summary"]["critical"].as_u64().unwrap() >= 1);
}
