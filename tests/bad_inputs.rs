#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A corpus of bad inputs: each gives exit 2, one clear located message on stderr, nothing on
//! stdout — never a panic, a hang or a partial report. Plus the input-size and time limits.

mod common;

use common::*;

/// A valid snapshot with `edit` applied to its text.
fn small_with(from: &str, to: &str) -> Vec<u8> {
    assert!(SMALL.contains(from), "{from}");
    SMALL.replacen(from, to, 1).into_bytes()
}

fn corpus() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_field = SMALL.replacen(
        "\"grants\": [",
        &format!(
            "\"extra\": {}{}, \"grants\": [",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        1,
    );
    let mut big = String::from(
        "{\"schema_version\": 1, \"captured_at\": \"2026-11-01T09:30:00Z\", \"padding\": \"",
    );
    big.push_str(&"x".repeat(50 * 1024 * 1024));
    big.push_str("\", \"business\": ");
    vec![
        ("empty file", Vec::new(), "the input is empty"),
        ("whitespace only", b"  \n\t ".to_vec(), "the input is empty"),
        ("BOM only", "\u{feff}".as_bytes().to_vec(), "the input is empty"),
        ("BOM then garbage", "\u{feff}garbage".as_bytes().to_vec(), "<stdin>:1:"),
        ("invalid UTF-8", b"{\"schema_version\": 1, \"x\": \"\xc3\x28\"}".to_vec(), "not UTF-8 text (invalid byte at offset 28)"),
        ("not JSON", b"schema_version: 1".to_vec(), "invalid JSON"),
        ("truncated", SMALL.as_bytes()[..200].to_vec(), "truncated"),
        ("trailing garbage", format!("{SMALL} {{}}").into_bytes(), "trailing characters"),
        ("array at top", b"[]".to_vec(), "an empty list: expected a snapshot object"),
        ("number at top", b"42".to_vec(), "expected struct Snapshot"),
        ("NaN", small_with("\"schema_version\": 1", "\"schema_version\": NaN"), "<stdin>:2:"),
        ("Infinity spend cap", small_with("\"owner_business_id\": \"1\"", "\"spend_cap\": Infinity"), "invalid JSON"),
        ("huge number", small_with("\"owner_business_id\": \"1\"", "\"spend_cap\": 1e999"), "number out of range"),
        ("schema version 2", small_with("\"schema_version\": 1", "\"schema_version\": 2"), "unsupported schema version 2"),
        ("schema version string", small_with("\"schema_version\": 1", "\"schema_version\": \"1\""), "schema_version: invalid type: string"),
        ("missing captured_at", small_with("\"captured_at\": \"2026-11-01T09:30:00Z\",", ""), "missing field `captured_at`"),
        ("bad captured_at", small_with("2026-11-01T09:30:00Z", "01/11/2026"), "captured_at: `01/11/2026` is not an RFC 3339 time"),
        ("Meta time format", small_with("2026-11-01T09:30:00Z", "2026-11-01T09:30:00+0000"), "`+0000` offset form"),
        ("missing business name", small_with("\"name\": \"Acme\", ", ""), "business: missing field `name`"),
        ("members null", small_with("\"members\": [", "\"members\": null, \"x\": ["), "members: invalid type: null"),
        ("member kind unknown", small_with("\"kind\": \"person\"", "\"kind\": \"robot\""), "members[0].kind: unknown variant `robot`"),
        ("member id number", small_with("\"id\": \"200\"", "\"id\": 200"), "members[0].id: invalid type: integer `200`"),
        ("duplicate member id", small_with("\"id\": \"201\"", "\"id\": \"200\""), "members[1].id: duplicate id `200`"),
        ("asset type unknown", small_with("\"type\": \"ad_account\"", "\"type\": \"billboard\""), "assets[0].type: unknown variant `billboard`"),
        ("grantee kind unknown", small_with("\"kind\": \"partner\"", "\"kind\": \"agency\""), "grants[0].grantee.kind: unknown variant `agency`"),
        ("grant to missing asset", small_with("{\"asset_id\": \"act_1\", \"grantee\": {\"kind\": \"partner\"", "{\"asset_id\": \"act_9\", \"grantee\": {\"kind\": \"partner\""), "grants[0].asset_id: no asset with id `act_9`"),
        ("duplicate grant", small_with("{\"kind\": \"member\", \"id\": \"200\"}", "{\"kind\": \"partner\", \"id\": \"300\"}"), "grants[1]: second grant for asset `act_1` and partner `300`"),
        ("tasks not a list", small_with("\"tasks\": [\"MANAGE\"]", "\"tasks\": \"MANAGE\""), "grants[1].tasks: invalid type: string"),
        ("grant status unknown", small_with("\"tasks\": [\"MANAGE\"]", "\"tasks\": [\"MANAGE\"], \"status\": \"approved\""), "grants[1].status: unknown variant `approved`"),
        ("empty task", small_with("\"tasks\": [\"MANAGE\"]", "\"tasks\": [\"\"]"), "grants[1].tasks[0]: empty task"),
        ("negative spend cap", small_with("\"owner_business_id\": \"1\"", "\"spend_cap\": -5"), "assets[0].spend_cap: negative spend cap"),
        ("10,000-deep nesting", deep.into_bytes(), "recursion limit exceeded"),
        ("10,000-deep unknown field", deep_field.into_bytes(), "recursion limit exceeded"),
        ("two_factor_type unknown", small_with("\"two_factor_type\": \"admin_required\"", "\"two_factor_type\": \"sometimes\""), "business.two_factor_type: unknown variant `sometimes`"),
        ("bundle with bad responses", br#"{"format": "meta-graph-bundle/v1", "captured_at": "2026-07-01T00:00:00Z", "business_id": "1", "responses": {"/1/business_users": 5}}"#.to_vec(), "expected the Graph API's response object"),
        ("50 MB truncated input", big.into_bytes(), "truncated"),
    ]
}

#[test]
fn every_bad_snapshot_is_a_clean_located_error() {
    let cases = corpus();
    assert!(cases.len() >= 30);
    for (name, bytes, needle) in cases {
        let r = run_with_stdin(&["check", "-", "--format", "json"], &bytes);
        assert_eq!(r.code, 2, "{name}: exit {} stderr {}", r.code, r.stderr);
        assert!(r.stdout.is_empty(), "{name}: partial output {}", r.stdout);
        assert!(
            r.stderr.contains(needle),
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
        "more than the 1.0 MB limit (raise it with --max-input-mb)",
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
        &format!("{policy}:9: rule `acme-slow`: did not finish within the evaluation time limit"),
    );
    let r = run_with_stdin(&["check", "-", "--timeout", "0"], SMALL.as_bytes());
    assert_bad_input(&r, "--timeout must be a positive number");
}
