//! The Rego test runner (regorus has none): every `test_*` rule passes when it is `true`.

use super::{engine_diagnostic, Mode, PolicySet, PolicySource};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TestOutcome {
    /// `data.<package>.<test_name>`.
    pub name: String,
    pub file: String,
    pub line: u32,
    pub passed: bool,
    /// Why it failed: `undefined`, `false`, or the engine's error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TestReport {
    pub passed: usize,
    pub failed: usize,
    pub tests: Vec<TestOutcome>,
}

impl TestReport {
    /// `N passed, N failed`.
    pub fn summary_line(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

/// The `test_*` rule heads of a file: (name, 1-based line), first definition of each.
pub(crate) fn test_rules(text: &str) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix("test_") else {
            continue;
        };
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = format!("test_{}", &rest[..name_len]);
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, u32::try_from(i + 1).unwrap_or(u32::MAX)));
        }
    }
    out
}

/// Runs the tests in `custom` (every file given; usually `*_test.rego`) and, when
/// `builtin_tests` is set, the built-in policies' own tests. Rules and the helper library are
/// always loaded, so tests can import them; `data.config` holds the built-in defaults.
pub fn run_tests(custom: Vec<PolicySource>, builtin_tests: bool) -> Result<TestReport> {
    let set = PolicySet::load(custom, Mode::Test { builtin_tests })?;
    let mut engine = set.engine();
    let defaults = crate::config::defaults()?;
    let data = serde_json::json!({ "config": defaults });
    let data = regorus::Value::from_json_str(&data.to_string())
        .map_err(|e| Error::msg(ErrorKind::Config, e.to_string()))?;
    engine
        .add_data(data)
        .map_err(|e| Error::msg(ErrorKind::Config, e.to_string()))?;

    let mut tests = Vec::new();
    for file in set.files() {
        if file.builtin && !builtin_tests {
            continue;
        }
        let src = &file.source;
        for (name, line) in test_rules(&src.text) {
            let full = format!("data.{}.{name}", file.package);
            let (passed, error) = match engine.eval_rule(full.clone()) {
                Ok(regorus::Value::Bool(true)) => (true, None),
                Ok(regorus::Value::Undefined) => (false, Some("undefined".to_string())),
                Ok(v) => (
                    false,
                    Some(v.to_json_str().unwrap_or_else(|_| "not true".into())),
                ),
                Err(e) => (
                    false,
                    Some(engine_diagnostic(&e.to_string(), None).to_string()),
                ),
            };
            tests.push(TestOutcome {
                name: full,
                file: src.path.clone(),
                line,
                passed,
                error,
            });
        }
    }
    let passed = tests.iter().filter(|t| t.passed).count();
    Ok(TestReport {
        passed,
        failed: tests.len() - passed,
        tests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_rule_heads() {
        let text = "package x\ntest_a if {\n  true\n}\n  test_not_a_head\ntest_b := true\ntest_a if false\n";
        assert_eq!(
            test_rules(text),
            vec![("test_a".to_string(), 2), ("test_b".to_string(), 6)]
        );
    }

    #[test]
    fn runs_custom_tests() {
        let src = PolicySource::new(
            "acme_test.rego",
            "package acme_test\n\ntest_ok if { 1 + 1 == 2 }\n\ntest_bad if { 1 == 2 }\n\ntest_err if { x := time.parse_rfc3339_ns(\"nope\"); x > 0 }\n",
        );
        let r = run_tests(vec![src], false).unwrap();
        assert_eq!(r.summary_line(), "1 passed, 2 failed");
        assert_eq!(r.tests[1].error.as_deref(), Some("undefined"));
        assert!(r.tests[2].error.is_some());
    }
}
