#![expect(
    clippy::unwrap_used,
    reason = "the helpers outside `#[test]` functions fail a test by panicking"
)]
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
    // The ten built-in roles (nine for partners' jobs, `in_house_admin`) and the config's own.
    let roles = r["roles"].as_object().unwrap();
    assert_eq!(roles.len(), 11);
    assert!(roles.contains_key("intern") && roles.contains_key("in_house_admin"));
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

/// The agency-onboarding sample, and its check with the matrix.
fn sample_with_matrix() -> (Value, Value) {
    let s = sample("agency-onboarding");
    let a = call(
        check_json_str,
        json!({"snapshot": s["snapshot"], "config": s["config"], "matrix": true}),
    );
    assert_eq!(a["type"], "success", "{a}");
    (s, a)
}

#[test]
fn the_matrix_classifies_every_grant() {
    let (s, a) = sample_with_matrix();
    let m = &a["matrix"];
    let snapshot: Value = serde_json::from_str(s["snapshot"].as_str().unwrap()).unwrap();
    let cells = m["cells"].as_array().unwrap();
    let granted = cells.iter().filter(|c| c["granted"] == true).count();
    assert_eq!(granted, snapshot["grants"].as_array().unwrap().len());
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

/// The matrix tells the truth the page draws: who owns each asset, who is a portfolio admin,
/// and which findings (open or accepted) are about each cell, without the page knowing rules.
#[test]
fn the_matrix_shows_ownership_admins_and_the_findings_of_each_cell() {
    let (_, a) = sample_with_matrix();
    let m = &a["matrix"];
    let report = &a["report"];
    let principals = m["principals"].as_array().unwrap();
    let assets = m["assets"].as_array().unwrap();
    let cells = m["cells"].as_array().unwrap();
    let row = |id: &str| principals.iter().position(|p| p["id"] == id).unwrap();
    let col = |id: &str| assets.iter().position(|x| x["id"] == id).unwrap();
    let cell = |who: &str, asset: &str| {
        cells
            .iter()
            .find(|c| c["principal"] == row(who) && c["asset"] == col(asset))
            .cloned()
    };
    // Brightline Media owns the Winter Launch ad account without a grant on it: an ownership
    // cell, marked as such, carrying the critical partner-owns-asset finding.
    let winter = &assets[col("act_120330000000103")];
    assert_eq!(
        winter["owner"],
        json!({"kind": "partner", "id": "300720000000021", "name": "Brightline Media"})
    );
    let owned = cell("300720000000021", "act_120330000000103").expect("an ownership cell");
    assert_eq!(owned["level"], "owner");
    assert_eq!(
        (owned["granted"].clone(), owned["owner"].clone()),
        (json!(false), json!(true))
    );
    let rules: Vec<&str> = owned["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            report["findings"][i.as_u64().unwrap() as usize]["rule"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(rules, ["partner-owns-asset"]);
    assert_eq!(owned["verdict"], "problem");
    // The business's own assets say so.
    assert_eq!(assets[col("act_120330000000101")]["owner"]["kind"], "self");
    // Full control beyond the role: `exceeds`.
    let retargeting = cell("300720000000021", "act_120330000000102").unwrap();
    assert_eq!(retargeting["verdict"], "exceeds");
    // Every finding about a (principal, asset) pair with a cell is on that cell, once.
    let on_cells: usize = cells
        .iter()
        .map(|c| c["findings"].as_array().unwrap().len())
        .sum();
    let pairs = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["asset"].is_object()
                && matches!(f["subject"]["kind"].as_str(), Some("partner" | "member"))
        })
        .count();
    assert_eq!(on_cells, pairs);
    // The accepted risk (an exception in the sample's config) is on its cell as accepted.
    let accepted: Vec<&Value> = cells
        .iter()
        .filter(|c| !c["accepted"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(
        accepted.len(),
        report["suppressed"].as_array().unwrap().len()
    );
    assert!(accepted.iter().all(|c| c["verdict"].is_string()));
    // Portfolio admins are marked: they control every asset, grant or not.
    let admins: Vec<&str> = principals
        .iter()
        .filter(|p| p["portfolio_admin"] == true)
        .map(|p| p["portfolio_role"].as_str().unwrap())
        .collect();
    assert!(!admins.is_empty());
    assert!(admins.iter().all(|r| *r == "ADMIN"));
}

/// A file that holds a bundle under a key is read from there, with a warning that says so.
#[test]
fn an_export_inside_a_wrapper_object_is_found() {
    let s = sample("agency-onboarding");
    let snapshot: Value = serde_json::from_str(s["snapshot"].as_str().unwrap()).unwrap();
    let wrapped = json!({"exported_by": "a tool", "data": snapshot}).to_string();
    let a = call(check_json_str, json!({"snapshot": wrapped}));
    assert_eq!(a["type"], "success", "{a}");
    assert!(
        a["report"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("under `data`"),
        "{a}"
    );
    let two = json!({"a": snapshot, "b": snapshot}).to_string();
    let b = call(check_json_str, json!({"snapshot": two}));
    assert_eq!(b["type"], "failure");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("several exports (under `a`, `b`)"),
        "{b}"
    );
}

#[test]
fn samples_are_listed_as_they_are_bundled() {
    let all: Value = serde_json::from_str(&samples_json_str()).unwrap();
    let listed = all["samples"].as_array().unwrap();
    assert_eq!(listed.len(), portfolio_guard::samples::ALL.len());
    for (s, bundled) in listed.iter().zip(portfolio_guard::samples::ALL) {
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(s["name"], bundled.name);
        assert_eq!(s["config"], bundled.config);
    }
}

/// The page's `rendered` is the library's [`render`] of the report it answers, the function
/// the command line's `check` renders with too, for every format, plain words or not.
#[test]
fn the_call_renders_as_the_library_does() {
    let s = sample("kitchen-sink");
    let text = |key: &str| JsonInput::Text(s[key].as_str().unwrap().to_string());
    for format in Format::ALL {
        assert_eq!(Format::parse(format.as_str()), Some(format));
        for plain in [false, true] {
            let answer = check_answer(&CheckCall {
                snapshot: text("snapshot"),
                config: Some(text("config")),
                policies: Vec::new(),
                now: None,
                format: Some(format.as_str().to_string()),
                matrix: false,
                plain,
            })
            .unwrap();
            let rendered = render(&answer.report, format, plain, PAGE_TABLE);
            assert!(
                answer.rendered.as_deref() == Some(rendered.as_str()),
                "{} plain={plain}",
                format.as_str()
            );
        }
    }
}
