#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The built-in policies' own Rego tests run inside `cargo test`, and the catalog loads.

use portfolio_guard::policy::{builtin_sources, run_tests, PolicySet};

#[test]
fn every_builtin_rego_test_passes() {
    let report = run_tests(Vec::new(), true).unwrap();
    let failed: Vec<String> = report
        .tests
        .iter()
        .filter(|t| !t.passed)
        .map(|t| format!("{} ({}:{}): {:?}", t.name, t.file, t.line, t.error))
        .collect();
    assert!(
        failed.is_empty(),
        "failing Rego tests:\n{}",
        failed.join("\n")
    );
    assert!(report.passed >= 14, "only {} tests found", report.passed);
}

#[test]
fn every_rule_has_a_fail_and_a_success_test() {
    let set = PolicySet::builtin().unwrap();
    let sources = builtin_sources();
    for rule in set.rules() {
        let test_file = rule.file.replace(".rego", "_test.rego");
        let test = sources
            .iter()
            .find(|s| s.path == test_file)
            .unwrap_or_else(|| panic!("{} has no test file {test_file}", rule.id));
        assert!(
            test.text.contains("\ntest_fail_"),
            "{} has no test_fail_*",
            rule.id
        );
        assert!(
            test.text.contains("\ntest_success_"),
            "{} has no test_success_*",
            rule.id
        );
        // Regal's layout: policies/<category>/<rule-id>/<rule_id>.rego
        let expected = format!(
            "policies/{}/{}/{}.rego",
            rule.category,
            rule.id,
            rule.id.replace('-', "_")
        );
        assert_eq!(rule.file, expected);
        assert_eq!(
            rule.package,
            format!(
                "portfolio_guard.rules.{}.{}",
                rule.category.replace('-', "_"),
                rule.id.replace('-', "_")
            )
        );
        assert!(rule.builtin);
    }
}
