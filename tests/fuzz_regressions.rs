#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Inputs the fuzzers (scripts/fuzz.sh) found wrong handling for, kept as regression tests.
//! Each file in tests/fuzz-regressions/ is checked here through the CLI and the JSON API.

mod common;

use common::*;

/// A Graph capture with a malformed invitation time. The importer passed it on, and the
/// snapshot's validation then reported it at a line of the *imported* text, which the user
/// never saw. Now the importer reports it at its place in the capture.
#[test]
fn import_bad_invitation_time_is_located_in_the_capture() {
    let file = root().join("tests/fuzz-regressions/import-bad-invitation-time.json");
    let file = file.to_str().unwrap();
    let needle = r#"import-bad-invitation-time.json:24:33: responses["/100000000000001/pending_users?fields=id,email,role,status,created_time,expiration_time"].data[0].created_time: `2026-2-03T16:20:00+0000` is not a time"#;
    for args in [vec!["import", file], vec!["check", file]] {
        let r = run(&args);
        assert_bad_input(&r, needle);
    }
    let text = std::fs::read_to_string(file).unwrap();
    let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": text }));
    assert_eq!(answer["type"], "failure", "{answer}");
    assert_eq!(answer["errors"][0]["line"], 24);
    assert!(answer["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with(".data[0].created_time"));
}

/// Every other time field the importer reads goes through the same check.
#[test]
fn import_checks_every_time_it_reads() {
    let bundle =
        std::fs::read_to_string(root().join("tests/fixtures/graph/sample-graph-bundle.json"))
            .unwrap();
    let times = ["created_time", "access_requested_time", "expiration_time"];
    let mut checked = 0;
    for key in times {
        let from = format!("\"{key}\": \"");
        let Some(at) = bundle.find(&from) else {
            continue;
        };
        let mut broken = bundle.clone();
        broken.insert_str(at + from.len(), "not a time ");
        let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": broken }));
        assert_eq!(answer["type"], "failure", "{key}: {answer}");
        let path = answer["errors"][0]["path"].as_str().unwrap();
        assert!(path.ends_with(key), "{key}: {path}");
        checked += 1;
    }
    assert!(checked >= 2, "the fixture has too few times to test");
}

/// A capture with a `two_factor_type` the snapshot format does not know. The importer passed
/// it on and the snapshot was rejected; now it is left out with a warning naming its place.
#[test]
fn import_unknown_two_factor_type_is_a_warning() {
    let file = root().join("tests/fuzz-regressions/import-unknown-two-factor-type.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": text }));
    assert_eq!(answer["type"], "success", "{answer}");
    assert!(answer["snapshot"]["business"]
        .get("two_factor_type")
        .is_none());
    let warnings: Vec<&str> = answer["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings.iter().any(|w| w.ends_with(
            "].two_factor_type: unknown two_factor_type `admbn_required` (expected one of `admin_required`, `all_required`, `none`), left out"
        )),
        "{warnings:?}"
    );
    let r = run(&[
        "check",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Text fields that hold a list, an object or true/false are located errors in the capture.
#[test]
fn import_non_text_fields_are_located() {
    let bundle =
        std::fs::read_to_string(root().join("tests/fixtures/graph/sample-graph-bundle.json"))
            .unwrap();
    for (from, to, path_end) in [
        (
            r#""name": "Dana Owner""#,
            r#""name": ["Dana"]"#,
            ".data[0].name",
        ),
        (
            r#""email": "dana@acme.example""#,
            r#""email": {"a": 1}"#,
            ".data[0].email",
        ),
        (r#""name": "Acme Retail""#, r#""name": true"#, ".name"),
    ] {
        assert!(bundle.contains(from), "{from}");
        let broken = bundle.replacen(from, to, 1);
        let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": broken }));
        assert_eq!(answer["type"], "failure", "{to}: {answer}");
        let e = &answer["errors"][0];
        assert!(e["path"].as_str().unwrap().ends_with(path_end), "{to}: {e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .starts_with("expected text, found"),
            "{e}"
        );
        assert!(e["line"].as_u64().unwrap() > 1, "{e}");
    }
}

/// A capture whose `business_id` matches none of its responses: the importer made an almost
/// empty snapshot whose business node was taken for an asset without a type, which then failed
/// validation. Now the mismatch itself is the error, at `business_id`.
#[test]
fn import_business_id_matching_no_response_is_located() {
    let file = root().join("tests/fuzz-regressions/import-unlisted-asset-node.json");
    let r = run(&["import", file.to_str().unwrap()]);
    assert_bad_input(
        &r,
        "import-unlisted-asset-node.json:5:18: business_id: no response is for business `100000000000000`; the capture's business edges are for `100000000000001`",
    );
}

/// A node read directly that no asset edge lists becomes an asset of type `other`, with a
/// warning, instead of an asset without a type; a bad `captured_at` is located.
#[test]
fn import_unlisted_asset_node_and_bad_capture_time() {
    let bundle =
        std::fs::read_to_string(root().join("tests/fixtures/graph/sample-graph-bundle.json"))
            .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&bundle).unwrap();
    v["responses"]["/999000000000001?fields=id,name"] =
        serde_json::json!({"id": "999000000000001", "name": "Mystery"});
    let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": v.to_string() }));
    assert_eq!(answer["type"], "success", "{answer}");
    let asset = answer["snapshot"]["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "999000000000001")
        .unwrap()
        .clone();
    assert_eq!(asset["type"], "other");
    assert!(answer["warnings"]
        .to_string()
        .contains("asset `999000000000001` appears only as a node read directly"));
    v["captured_at"] = serde_json::json!("yesterday");
    let answer = portfolio_guard::api::import_json(serde_json::json!({ "bundle": v.to_string() }));
    assert_eq!(answer["type"], "failure", "{answer}");
    assert_eq!(answer["errors"][0]["path"], "captured_at");
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("`yesterday` is not an RFC 3339 time"));
}

/// regorus parses nested brackets in time exponential in the depth: this test file with 35
/// `[` took minutes (the fuzzer's 30 s timeout). Nesting past 16 is now refused at once,
/// located, through the API (the first byte picked the call: 3 = run tests), the CLI and a check.
#[test]
fn deeply_nested_policy_is_refused_quickly() {
    let bytes =
        std::fs::read(root().join("tests/fuzz-regressions/api-deeply-nested-policy.bin")).unwrap();
    assert_eq!(bytes[0], 3);
    let call = std::str::from_utf8(&bytes[1..]).unwrap();
    let started = std::time::Instant::now();
    let answer: serde_json::Value =
        serde_json::from_str(&portfolio_guard::api::test_json_str(call)).unwrap();
    assert_eq!(answer["type"], "failure", "{answer}");
    assert_eq!(answer["kind"], "policy");
    let e = &answer["errors"][0];
    assert_eq!(e["file"], "a_test.rego");
    assert_eq!(e["line"], 3);
    assert_eq!(e["column"], 18);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("nest more than 16 deep"),
        "{e}"
    );
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );

    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "package acme\n\nx := {}1{}\n",
        "[".repeat(30),
        "]".repeat(30)
    );
    let policy = write(dir.path(), "acme.rego", &deep);
    let r = run_with_stdin(&["check", "-", "--policy", &policy], SMALL.as_bytes());
    assert_bad_input(
        &r,
        &format!("{policy}:3:22: brackets and braces nest more than 16 deep"),
    );
}

/// Brackets inside strings, raw strings and comments do not count; 16 levels are accepted.
#[test]
fn nesting_limit_ignores_strings_and_comments() {
    use portfolio_guard::policy::check_nesting;
    let many = "[".repeat(40);
    let ok = format!(
        "package a\n\n# {many}\ns := \"{many}\\\"{many}\"\nr := `{many}`\nx := {}1{}\n",
        "[".repeat(16),
        "]".repeat(16)
    );
    assert!(check_nesting(&ok).is_ok());
    let bad = format!(
        "package a\n\nx := {{\"a\": {}1{}}}\n",
        "[".repeat(16),
        "]".repeat(16)
    );
    let d = check_nesting(&bad).unwrap_err();
    assert_eq!((d.line, d.column), (Some(3), Some(27)));
}
