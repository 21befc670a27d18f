#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The Graph API importer: the shared sample bundle end to end (golden snapshot and findings),
//! one case per edge type, Meta's quirks, and malformed bundles.

mod common;

use common::*;
use portfolio_guard::import::import_str;
use serde_json::{json, Value};

const SAMPLE: &str = "tests/fixtures/graph/sample-graph-bundle.json";

fn bundle(responses: Value) -> String {
    json!({
        "format": "meta-graph-bundle/v1",
        "captured_at": "2026-07-01T09:30:00+0000",
        "api_version": "v25.0",
        "business_id": "1",
        "responses": responses,
    })
    .to_string()
}

fn import(responses: Value) -> (Value, Vec<String>) {
    let im = import_str(&bundle(responses), "bundle.json", None).unwrap();
    // Every import is a valid snapshot.
    portfolio_guard::snapshot::Snapshot::from_json_str(&im.snapshot.to_string(), "imported")
        .unwrap();
    (im.snapshot, im.warnings)
}

fn asset<'a>(s: &'a Value, id: &str) -> &'a Value {
    s["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no asset {id} in {s:#}"))
}

fn grant<'a>(s: &'a Value, asset: &str, id: &str) -> &'a Value {
    s["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["asset_id"] == asset && g["grantee"]["id"] == id)
        .unwrap_or_else(|| panic!("no grant {asset}/{id} in {s:#}"))
}

#[test]
fn sample_bundle_imports_to_the_golden_snapshot() {
    let r = run(&["import", SAMPLE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let golden = root().join("tests/golden/sample-graph-bundle.snapshot.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &r.stdout).unwrap();
    }
    assert_eq!(
        r.stdout,
        std::fs::read_to_string(golden).unwrap(),
        "UPDATE_GOLDEN=1 regenerates"
    );
    let s = json(&r.stdout);
    assert_eq!(s["captured_at"], "2026-07-01T09:30:00+00:00");
    assert_eq!(s["members"].as_array().unwrap().len(), 3);
    assert_eq!(
        grant(&s, "act_400000000000031", "300000000000021")["status"],
        "active"
    );
    assert_eq!(
        grant(&s, "act_400000000000031", "610000000000071")["tasks"],
        json!(["ANALYZE"])
    );
}

#[test]
fn sample_bundle_checks_to_the_expected_findings() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "org.json",
        r#"{"trusted_domains": ["acme.example"]}"#,
    );
    let r = run(&["check", SAMPLE, "--config", &cfg, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    let got: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["subject"]["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "external-finance-access 200000000000012",
            "partner-full-control 300000000000021",
            "too-few-full-control 100000000000001",
            "access-review-overdue 300000000000021",
            "system-user-full-control 610000000000071",
            "unverified-partner 300000000000021",
            "role-undeclared 200000000000012",
            "role-undeclared 300000000000021",
            "undocumented-partner-access 300000000000021",
        ]
    );
    // The same check on the imported snapshot gives the same findings.
    let snap = write(dir.path(), "s.json", &run(&["import", SAMPLE]).stdout);
    let r2 = run(&["check", &snap, "--config", &cfg, "--format", "json"]);
    assert_eq!(json(&r2.stdout)["findings"], v["findings"]);
}

#[test]
fn every_asset_edge_maps_to_its_type_and_owner() {
    let (s, warnings) = import(json!({
        "/1/owned_ad_accounts": {"data": [{"account_id": "11", "name": "A", "spend_cap": "0", "owner": "1"}]},
        "/1/client_ad_accounts": {"data": [{"id": "act_12", "account_id": "12", "business": {"id": "77", "name": "Client"}, "permitted_tasks": ["ANALYZE"]}]},
        "/1/owned_pages": {"data": [{"id": "21", "name": "P"}]},
        "/1/client_pages": {"data": [{"id": "22", "name": "CP", "owner_business": {"id": "77"}}]},
        "/1/owned_instagram_accounts": {"data": [{"id": "31", "username": "acme"}]},
        "/1/client_instagram_assets": {"data": [{"id": "32", "ig_username": "client"}]},
        "/1/owned_pixels": {"data": [{"id": "41", "name": "Px", "owner_business": {"id": "1"}, "creation_time": "2024-01-01T00:00:00+0000"}]},
        "/1/ads_dataset": {"data": [{"id": "42", "name": "DS"}]},
        "/1/owned_product_catalogs": {"data": [{"id": "51", "name": "Cat", "business": {"id": "1"}}]},
        "/1/owned_apps": {"data": [{"id": "61", "name": "App"}]},
        "/1/owned_whatsapp_business_accounts": {"data": [{"id": "71", "name": "WA"}]},
    }));
    assert!(
        warnings.iter().all(|w| !w.contains("ignored")),
        "{warnings:?}"
    );
    let a = asset(&s, "act_11");
    assert_eq!(
        (
            a["type"].as_str(),
            a["owner_business_id"].as_str(),
            &a["spend_cap"]
        ),
        (Some("ad_account"), Some("1"), &json!(0))
    );
    assert_eq!(asset(&s, "act_12")["owner_business_id"], "77");
    assert_eq!(asset(&s, "21")["type"], "page");
    assert_eq!(
        asset(&s, "21")["owner_business_id"],
        "1",
        "owned_* means owned by the business"
    );
    assert_eq!(asset(&s, "22")["owner_business_id"], "77");
    assert_eq!(asset(&s, "31")["name"], "acme");
    assert_eq!(asset(&s, "32")["type"], "instagram_account");
    assert!(
        asset(&s, "32").get("owner_business_id").is_none(),
        "a client asset's owner is unknown unless said"
    );
    assert_eq!(asset(&s, "41")["created_time"], "2024-01-01T00:00:00+00:00");
    assert_eq!(asset(&s, "42")["type"], "dataset");
    assert_eq!(asset(&s, "51")["type"], "catalog");
    assert_eq!(asset(&s, "61")["type"], "app");
    assert_eq!(asset(&s, "71")["type"], "whatsapp_business_account");
    assert!(s["source"]["edges"]
        .as_array()
        .unwrap()
        .contains(&json!("owned_pixels")));
}

#[test]
fn people_partners_and_invitations() {
    let (s, _) = import(json!({
        "/1?fields=id,name,two_factor_type": {"id": "1", "name": "Acme", "two_factor_type": "none"},
        "/1/business_users": {"data": [{"id": "201", "name": "Dana", "email": "d@acme.example", "role": "ADMIN", "two_fac_status": "enabled", "pending_email": "x@y"}]},
        "/1/system_users": {"data": [{"id": "202", "name": "Bot", "role": "EMPLOYEE", "created_time": "2023-05-02T08:00:00+0000"}]},
        "/1/pending_users": {"data": [{"id": "901", "email": "new@acme.example", "role": "EMPLOYEE", "status": "PENDING", "invite_link": "https://business.facebook.com/invitation/?token=SECRET", "expiry_time": "2026-07-20T12:00:00+0000"}]},
        "/1/agencies": {"data": [{"id": "301", "name": "Growth"}]},
    }));
    assert_eq!(s["business"]["name"], "Acme");
    assert_eq!(s["business"]["two_factor_type"], "none");
    let members = s["members"].as_array().unwrap();
    assert_eq!(members[0]["kind"], "person");
    assert!(members[0].get("pending_email").is_none());
    assert_eq!(members[1]["kind"], "system_user");
    assert_eq!(
        s["invitations"][0]["expiration_time"],
        "2026-07-20T12:00:00+00:00"
    );
    assert!(!s.to_string().contains("SECRET") && !s.to_string().contains("invite_link"));
    assert_eq!(s["partners"][0]["name"], "Growth");
}

#[test]
fn per_asset_edges_merge_and_map_statuses() {
    let (s, warnings) = import(json!({
        "/1/owned_ad_accounts": {"data": [{"id": "act_5", "account_id": "5", "name": "A"}]},
        "/act_5/assigned_users?business=1&fields=id,name,user_type,tasks": {"data": [
            {"id": "201", "name": "Dana", "user_type": "BUSINESS_USER", "tasks": ["ANALYZE"]},
            {"id": "202", "name": "Bot", "user_type": "SYSTEM_USER", "tasks": ["ANALYZE", "ADVERTISE"]}]},
        "/v25.0/act_5/assigned_users?business=1&after=QVFI": {"data": [{"id": "201", "tasks": ["ADVERTISE"]}]},
        "/act_5/agencies": {"data": [
            {"id": "301", "name": "Growth", "access_status": "CONFIRMED", "permitted_tasks": ["ADVERTISE"], "access_requested_time": "2024-02-01T10:00:00+0000"},
            {"id": "302", "name": "Newco", "access_status": "CLIENT_RESPONSE_PENDING", "permitted_tasks": ["MANAGE"]},
            {"id": "303", "name": "Claimer", "access_status": "PENDING", "permitted_tasks": ["ANALYZE"]}]},
        "/555/agencies": {"data": [{"id": "301", "access_status": "CONFIRMED", "permitted_tasks": ["ANALYZE"]}]},
    }));
    assert_eq!(
        grant(&s, "act_5", "201")["tasks"],
        json!(["ADVERTISE", "ANALYZE"]),
        "merged across pages"
    );
    assert_eq!(
        s["grants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["asset_id"] == "act_5" && g["grantee"]["id"] == "201")
            .count(),
        1
    );
    assert_eq!(
        s["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "202")
            .unwrap()["kind"],
        "system_user"
    );
    assert_eq!(grant(&s, "act_5", "301")["status"], "active");
    assert_eq!(
        grant(&s, "act_5", "301")["requested_time"],
        "2024-02-01T10:00:00+00:00"
    );
    assert_eq!(grant(&s, "act_5", "302")["status"], "pending");
    assert_eq!(
        grant(&s, "act_5", "302")["access_status"],
        "CLIENT_RESPONSE_PENDING"
    );
    assert_eq!(grant(&s, "act_5", "303")["status"], "pending");
    assert_eq!(asset(&s, "555")["type"], "other");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`555`") && w.contains("type is unknown")),
        "{warnings:?}"
    );
}

#[test]
fn incomplete_captures_and_unknown_edges_are_warnings() {
    let (_, warnings) = import(json!({
        "/1/business_users?access_token=EAAB-secret&fields=id": {"data": [], "paging": {"cursors": {}, "next": "https://graph.facebook.com/v25.0/1/business_users?after=x&access_token=EAAB-secret"}},
        "/1/owned_businesses": {"data": []},
        "/1/business_invoices": {"data": []},
    }));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w
                .starts_with("capture incomplete: `/1/business_users?access_token=…&fields=id`"))
    );
    assert!(warnings
        .iter()
        .any(|w| w.contains("`business_invoices` edge is not mapped")));
    assert!(warnings.iter().any(|w| w.contains("business node")));
    assert!(
        warnings.iter().all(|w| !w.contains("EAAB")),
        "a token leaked into {warnings:?}"
    );
    // The CLI shows them on stderr and check puts them in the report.
    let dir = tempfile::tempdir().unwrap();
    let b = write(
        dir.path(),
        "b.json",
        &bundle(json!({"/1/business_users": {"data": [], "paging": {"next": "n"}}})),
    );
    let r = run(&["check", &b, "--format", "json", "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(json(&r.stdout)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().starts_with("capture incomplete")));
    let r = run(&["import", &b]);
    assert!(r.stderr.contains("warning: capture incomplete"));
}

#[test]
fn a_list_of_path_response_pairs_is_accepted() {
    let pairs = json!([
        {"path": "/1/business_users", "response": {"data": [{"id": "201", "name": "Dana", "role": "ADMIN"}]}},
        {"path": "/act_5/assigned_users?business=1", "response": {"data": [{"id": "201", "tasks": ["MANAGE"]}]}},
    ]);
    let im = import_str(
        &pairs.to_string(),
        "pairs.json",
        Some("2026-07-01T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(im.snapshot["business"]["id"], "1");
    assert_eq!(im.snapshot["grants"][0]["asset_id"], "act_5");
    let e = import_str(&pairs.to_string(), "pairs.json", None).unwrap_err();
    assert!(e.to_string().contains("no capture time"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "pairs.json", &pairs.to_string());
    let r = run(&["import", &p, "--now", "2026-07-01T00:00:00Z"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn malformed_bundles_give_located_errors() {
    let cases: Vec<(String, &str)> = vec![
        (bundle(json!({"/1/business_users": "oops"})), "responses[\"/1/business_users\"]: expected the Graph API's response object"),
        (bundle(json!({"/1/business_users": {"paging": {}}})), "needs `data`"),
        (bundle(json!({"/1/business_users": {"data": {"id": "1"}}})), "responses[\"/1/business_users\"].data: expected an array"),
        (bundle(json!({"/1/agencies": {"data": [{"name": "no id"}]}})), "responses[\"/1/agencies\"].data[0]: has no `id`"),
        (bundle(json!({"/1/agencies": {"data": [7]}})), "data[0]: expected an object"),
        (json!({"format": "meta-graph-bundle/v1", "captured_at": "2026-07-01T00:00:00Z", "business_id": "1", "responses": []}).to_string(), "responses: expected an object"),
        (json!({"format": "meta-graph-bundle/v1", "business_id": "1", "responses": {}}).to_string(), "captured_at: missing"),
        (json!({"format": "meta-graph-bundle/v9", "responses": {}}).to_string(), "unsupported bundle format `meta-graph-bundle/v9`"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, needle)) in cases.iter().enumerate() {
        // Pretty-printed, so the line points into the file.
        let pretty = serde_json::to_string_pretty(&json(text)).unwrap();
        let f = write(dir.path(), &format!("b{i}.json"), &pretty);
        for cmd in ["import", "check"] {
            let r = run(&[cmd, &f]);
            assert_bad_input(&r, needle);
            assert!(
                r.stderr.contains(&format!("{f}:")),
                "no file:line in {}",
                r.stderr
            );
        }
    }
    let f = write(
        dir.path(),
        "trunc.json",
        "{\"format\": \"meta-graph-bundle/v1\", \"responses\": {",
    );
    assert_bad_input(&run(&["import", &f]), "truncated");
}

#[test]
fn access_of_people_and_partners_no_longer_listed_is_left_behind() {
    let b = bundle(json!({
        "/1?fields=id,name": {"id": "1", "name": "Acme"},
        "/1/business_users": {"data": [{"id": "201", "name": "Dana", "role": "ADMIN"}]},
        "/1/agencies": {"data": [{"id": "301", "name": "Growth"}]},
        "/1/owned_ad_accounts": {"data": [{"id": "act_5", "account_id": "5", "name": "A"}]},
        "/act_5/assigned_users?business=1": {"data": [
            {"id": "201", "name": "Dana", "tasks": ["MANAGE"]},
            {"id": "299", "name": "Former Employee", "tasks": ["ADVERTISE"]}]},
        "/act_5/agencies": {"data": [
            {"id": "301", "access_status": "CONFIRMED", "permitted_tasks": ["ANALYZE"]},
            {"id": "399", "name": "Old Agency", "access_status": "CONFIRMED", "permitted_tasks": ["ADVERTISE"]}]},
    }));
    let im = import_str(&b, "b.json", None).unwrap();
    let ids = |list: &str| -> Vec<String> {
        im.snapshot[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("members"), ["201"]);
    assert_eq!(ids("partners"), ["301"]);
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "b.json", &b);
    let v = json(&run(&["check", &f, "--format", "json"]).stdout);
    let unknown: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "grant-to-unknown-grantee")
        .map(|f| f["subject"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(unknown, ["299", "399"]);
}
