#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A corpus of bad inputs: each gives exit 2, one clear located message on stderr, nothing on
//! stdout — never a panic, a hang or a partial report. Plus the input-size and time limits.

mod common;

use common::*;
use serde_json::Value;

/// One piece of a corpus input: a string, or a string repeated.
fn parts(v: &Value) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| match p {
            Value::String(s) => s.clone(),
            p => p["repeat"]
                .as_str()
                .unwrap()
                .repeat(p["times"].as_u64().unwrap() as usize),
        })
        .collect()
}

/// The bytes of a corpus input (see the `$comment` of tests/bad-inputs/corpus.json).
fn input_bytes(input: &Value) -> Vec<u8> {
    if let Some(t) = input.get("text") {
        return t.as_str().unwrap().as_bytes().to_vec();
    }
    if let Some(h) = input.get("bytes_hex") {
        let h = h.as_str().unwrap();
        return (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect();
    }
    if let Some(edit) = input.get("small") {
        let from = edit[0].as_str().unwrap();
        let to = match &edit[1] {
            Value::String(s) => s.clone(),
            v => parts(&v["parts"]),
        };
        assert!(SMALL.contains(from), "{from}");
        return SMALL.replacen(from, &to, 1).into_bytes();
    }
    if let Some(n) = input.get("small_truncate") {
        return SMALL.as_bytes()[..n.as_u64().unwrap() as usize].to_vec();
    }
    if let Some(tail) = input.get("small_append") {
        return format!("{SMALL}{}", tail.as_str().unwrap()).into_bytes();
    }
    parts(&input["parts"]).into_bytes()
}

/// `(name, bytes, CLI message, API message or None)`, from tests/bad-inputs/corpus.json.
fn corpus() -> Vec<(String, Vec<u8>, String, Option<String>)> {
    let text = std::fs::read_to_string(root().join("tests/bad-inputs/corpus.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let cli = c["cli"].as_str().unwrap().to_string();
            let api = match c.get("api") {
                None => Some(cli.clone()),
                Some(Value::Null) => None,
                Some(v) => Some(v.as_str().unwrap().to_string()),
            };
            (
                c["name"].as_str().unwrap().to_string(),
                input_bytes(&c["input"]),
                cli,
                api,
            )
        })
        .collect()
}

#[test]
fn every_bad_snapshot_is_a_clean_located_error() {
    let cases = corpus();
    assert!(cases.len() >= 30);
    for (name, bytes, needle, _) in cases {
        let r = run_with_stdin(&["check", "-", "--format", "json"], &bytes);
        assert_eq!(r.code, 2, "{name}: exit {} stderr {}", r.code, r.stderr);
        assert!(r.stdout.is_empty(), "{name}: partial output {}", r.stdout);
        assert!(
            r.stderr.contains(&needle),
            "{name}: stderr lacks {needle:?}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("internal error"),
            "{name}: {}",
            r.stderr
        );
        assert!(
            r.stderr.lines().count() <= 5,
            "{name}: long message {}",
            r.stderr
        );
    }
}

/// The same corpus through the JSON API the WebAssembly layer calls: a failure object, its
/// first error naming the place, and no report.
#[test]
fn every_bad_snapshot_is_a_failure_object_from_the_api() {
    for (name, bytes, _, needle) in corpus() {
        let Some(needle) = needle else { continue };
        let text = String::from_utf8(bytes).unwrap();
        let answer = portfolio_guard::api::check_json(serde_json::json!({ "snapshot": text }));
        assert_eq!(answer["type"], "failure", "{name}: {answer:.300}");
        assert!(answer.get("report").is_none(), "{name}");
        let errors = answer["errors"].as_array().unwrap();
        assert!(
            !errors.is_empty() && errors.len() <= 3,
            "{name}: {errors:?}"
        );
        let shown: Vec<String> = errors
            .iter()
            .map(|e| {
                let d: portfolio_guard::error::Diagnostic =
                    serde_json::from_value(e.clone()).unwrap();
                d.to_string()
            })
            .collect();
        assert!(
            shown.iter().any(|s| s.contains(&needle)),
            "{name}: {shown:?} lacks {needle:?}"
        );
        assert_ne!(answer["kind"], "internal", "{name}");
    }
}

#[test]
fn input_size_limit() {
    let (snapshot, _) = portfolio_guard::generate::generate(8000, 3);
    let text = snapshot.to_string();
    assert!(text.len() > 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "big.json", &text);
    let r = run(&["check", &f, "--max-input-mb", "1"]);
    assert_bad_input(
        &r,
        "big.json: the input is 1.8 MB, more than the 1.0 MB limit (raise it with --max-input-mb)",
    );
    assert!(r.stderr.contains(&f));
    let r = run_with_stdin(&["check", "-", "--max-input-mb", "1"], text.as_bytes());
    assert_bad_input(
        &r,
        "<stdin>: the input is 1.0 MB, more than the 1.0 MB limit",
    );
    let r = run(&[
        "check",
        &f,
        "--max-input-mb",
        "4",
        "--fail-on",
        "never",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn an_endless_custom_policy_is_stopped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write(
        dir.path(),
        "slow.rego",
        "# METADATA\n# title: Slow\n# description: Never finishes in practice.\n# custom:\n#   id: acme-slow\n#   category: acme\n#   severity: low\n#   remediation: none\npackage portfolio_guard.rules.acme.slow\n\nfindings contains f if {\n\txs := numbers.range(1, 50000)\n\tn := count([1 | some i in xs; some j in xs])\n\tn < 0\n\tf := {\"message\": \"m\", \"subject\": {\"kind\": \"business\", \"id\": \"1\"}}\n}\n",
    );
    let r = run_with_stdin(
        &["check", "-", "--policy", &policy, "--timeout", "1"],
        SMALL.as_bytes(),
    );
    assert_bad_input(
        &r,
        &format!("{policy}:9: rule `acme-slow`: did not finish within the evaluation time limit and was stopped (fix the policy, or allow it more time with --timeout SECONDS)"),
    );
    let r = run_with_stdin(&["check", "-", "--timeout", "0"], SMALL.as_bytes());
    assert_bad_input(&r, "--timeout must be a positive number");
}
