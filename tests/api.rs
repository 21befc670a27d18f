#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The JSON API shared by the CLI, the WASM layer and the page: tagged-union answers,
//! failures as data with their place.

use portfolio_guard::api::*;
use serde_json::{json, Value};

fn call(f: fn(&str) -> String, v: Value) -> Value {
    serde_json::from_str(&f(&v.to_string())).unwrap()
}

fn sample(name: &str) -> Value {
    let all: Value = serde_json::from_str(&samples_json_str()).unwrap();
    assert_eq!(all["type"], "success");
    all["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()
        .clone()
}

#[test]
fn check_the_sample_and_render_it() {
    let s = sample("agency-onboarding");
    let a = call(
        check_json_str,
        json!({"snapshot": s["snapshot"], "config": s["config"], "format": "sarif"}),
    );
    assert_eq!(a["type"], "success", "{a}");
    assert!(a["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "partner-owns-asset"));
    let sarif: Value = serde_json::from_str(a["rendered"].as_str().unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // Objects work as well as JSON text.
    let obj: Value = serde_json::from_str(s["snapshot"].as_str().unwrap()).unwrap();
    let b = call(
        check_json_str,
        json!({"snapshot": obj, "config": s["config"]}),
    );
    assert_eq!(b["report"]["findings"], a["report"]["findings"]);
}

#[test]
fn failures_are_typed_data_with_their_place() {
    let a = call(
        check_json_str,
        json!({"snapshot": "{\n\"schema_version\": 1,\n\"captured_at\": ]"}),
    );
    assert_eq!(a["type"], "failure");
    assert_eq!(a["kind"], "snapshot");
    assert_eq!(a["errors"][0]["line"], 3);
    assert_eq!(a["errors"][0]["file"], "snapshot");
    let a = call(
        check_json_str,
        json!({"snapshot": "{}", "policies": [{"path": "acme.rego", "text": "package x\n\nallow if {"}]}),
    );
    assert_eq!(a["kind"], "policy");
    assert_eq!(a["errors"][0]["file"], "acme.rego");
    assert!(a["errors"][0]["line"].as_u64().is_some());
    let a: Value = serde_json::from_str(&check_json_str("not json")).unwrap();
    assert_eq!(
        (a["type"].as_str(), a["kind"].as_str()),
        (Some("failure"), Some("usage"))
    );
    let a = call(check_json_str, json!({"snapshot": "{}", "format": "pdf"}));
    assert_eq!(a["type"], "failure");
    let s = sample("clean");
    let a = call(
        check_json_str,
        json!({"snapshot": s["snapshot"], "format": "pdf"}),
    );
    assert_eq!(a["errors"][0]["path"], "format");
}

#[test]
fn rules_roles_tests_and_import() {
    let r = call(rules_json_str, json!({}));
    assert_eq!(r["rules"].as_array().unwrap().len(), 30);
    let r = call(
        roles_json_str,
        json!({"config": {"roles": {"intern": {"assets": {}}}}}),
    );
    assert_eq!(r["roles"].as_object().unwrap().len(), 10);
    let t = call(
        test_json_str,
        json!({"policies": [{"path": "a_test.rego", "text": "package a_test\n\ntest_ok if { true }\n\ntest_no if { false }\n"}]}),
    );
    assert_eq!(
        (t["tests"]["passed"].as_u64(), t["tests"]["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let bundle = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/graph/sample-graph-bundle.json"
    ))
    .unwrap();
    let i = call(import_json_str, json!({"bundle": bundle}));
    assert_eq!(i["snapshot"]["business"]["name"], "Acme Retail");
    let c = call(check_json_str, json!({"snapshot": bundle}));
    assert_eq!(c["type"], "success");
}

#[test]
fn the_matrix_classifies_every_grant() {
    let s = sample("agency-onboarding");
    let a = call(
        check_json_str,
        json!({"snapshot": s["snapshot"], "config": s["config"], "matrix": true}),
    );
    assert_eq!(a["type"], "success", "{a}");
    let m = &a["matrix"];
    let snapshot: Value = serde_json::from_str(s["snapshot"].as_str().unwrap()).unwrap();
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), snapshot["grants"].as_array().unwrap().len());
    assert_eq!(
        m["assets"].as_array().unwrap().len(),
        snapshot["assets"].as_array().unwrap().len()
    );
    let principals = m["principals"].as_array().unwrap();
    // Partners first, then members, then grantees the snapshot does not list.
    assert_eq!(principals[0]["kind"], "partner");
    assert!(principals.iter().any(|p| p["known"] == false));
    let level = |who: &str, asset: &str| -> String {
        let p = principals.iter().position(|p| p["id"] == who).unwrap();
        let assets = m["assets"].as_array().unwrap();
        let x = assets.iter().position(|x| x["id"] == asset).unwrap();
        cells
            .iter()
            .find(|c| c["principal"] == p && c["asset"] == x)
            .map(|c| c["tasks_level"].as_str().unwrap().to_string())
            .unwrap_or_else(|| "no grant".to_string())
    };
    // Brightline holds MANAGE on the Retargeting account; Clearview PROFILE_PLUS_FULL_CONTROL on the Page.
    for f in a["report"]["findings"].as_array().unwrap() {
        if f["rule"] == "partner-full-control" {
            let who = f["subject"]["id"].as_str().unwrap();
            let asset = f["asset"]["id"].as_str().unwrap();
            assert_eq!(level(who, asset), "full_control", "{f}");
        }
    }
    assert_eq!(level("300720000000022", "108800000000201"), "full_control");
    let levels: std::collections::BTreeSet<&str> =
        cells.iter().map(|c| c["level"].as_str().unwrap()).collect();
    for l in ["full_control", "can_act", "view_only", "pending"] {
        assert!(levels.contains(l), "{l} missing from {levels:?}");
    }
    // Without `matrix`, no matrix.
    let b = call(check_json_str, json!({"snapshot": s["snapshot"]}));
    assert!(b.get("matrix").is_none());
}
