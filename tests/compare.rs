#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Compare and what-if: golden comparisons of two versions of the agency-onboarding example in
//! every format, what-if verdicts on the sample, review files as inputs, bad proposals, and
//! the `diff` and `what-if` commands as processes. After an intended change of the output,
//! regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test compare` and review the
//! diff.

mod common;

use common::*;
use portfolio_guard::api;
use serde_json::{json, Value};

const BRIGHTLINE: &str = "300720000000021";
const WINTER_LAUNCH: &str = "act_120330000000103";
const RETARGETING: &str = "act_120330000000102";

fn read(path: &str) -> String {
    std::fs::read_to_string(example(path)).unwrap()
}

fn earlier() -> String {
    read("agency-onboarding/snapshot.json")
}

fn later() -> String {
    read("agency-onboarding-later/snapshot.json")
}

fn org() -> String {
    read("agency-onboarding/org.json")
}

/// The later org config: Studio Fernhill and its exception gone, Jonas Weber's role declared.
fn later_org() -> String {
    read("agency-onboarding-later/org.json")
}

/// Compares `actual` with `tests/golden/diff/<name>` (written instead with `UPDATE_GOLDEN`).
fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden/diff").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} ({e}): UPDATE_GOLDEN=1 writes it", path.display()));
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(actual.lines().count().min(expected.lines().count()));
        panic!(
            "{} differs from the output (UPDATE_GOLDEN=1 regenerates it) at line {}:\n  got:      {:?}\n  expected: {:?}",
            path.display(),
            first + 1,
            actual.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

fn success(answer: &Value) -> &Value {
    assert_eq!(answer["type"], "success", "{answer:#}");
    answer
}

fn rules(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let f = if f.get("finding").is_some() {
                &f["finding"]
            } else {
                f
            };
            let asset = f["asset"]["id"].as_str().unwrap_or("-");
            format!(
                "{} {} {asset}",
                f["rule"].as_str().unwrap(),
                f["subject"]["id"].as_str().unwrap()
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Compare

#[test]
fn diff_of_the_two_onboarding_versions_matches_golden_in_every_format() {
    let old = example("agency-onboarding/snapshot.json");
    let new = example("agency-onboarding-later/snapshot.json");
    let old_config = example("agency-onboarding/org.json");
    let config = example("agency-onboarding-later/org.json");
    for (format, file, plain) in [
        ("json", "agency-onboarding.json", false),
        ("csv", "agency-onboarding.csv", false),
        ("markdown", "agency-onboarding.md", false),
        ("sarif", "agency-onboarding.sarif", false),
        ("table", "agency-onboarding.txt", false),
        ("markdown", "agency-onboarding.plain.md", true),
        ("table", "agency-onboarding.plain.txt", true),
    ] {
        let mut args = vec![
            "diff",
            &old,
            &new,
            "--before-config",
            &old_config,
            "--config",
            &config,
            "--format",
            format,
        ];
        if plain {
            args.push("--plain");
        }
        let r = run(&args);
        // The later version has a new high finding: exit 1 at the default --fail-on high.
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        golden(file, &r.stdout);
    }
}

#[test]
fn the_later_version_removes_a_partner_adds_a_task_and_resolves_a_finding() {
    let a = api::compare_json(json!({"before": earlier(), "after": later(), "config": org()}));
    let c = &success(&a)["comparison"];
    assert_eq!(
        a["file_stem"],
        "northwind-outdoor-access-changes-2026-12-01"
    );
    // A partner removed, with its grants.
    assert_eq!(c["partners"]["removed"][0]["name"], "Studio Fernhill");
    assert_eq!(c["partners"]["added"], json!([]));
    assert_eq!(c["members"]["added"][0]["name"], "Jonas Weber");
    let removed: Vec<&str> = c["access"]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["grantee"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["300720000000023", "300720000000023"]);
    // A task added: Clearview Analytics gets ADVERTISE on Retargeting; its role does not allow
    // it, so a finding is new.
    let changed = c["access"]["changed"].as_array().unwrap();
    let clearview = changed
        .iter()
        .find(|x| x["grantee"]["id"] == "300720000000022")
        .unwrap();
    assert_eq!(clearview["asset"]["id"], RETARGETING);
    assert_eq!(clearview["tasks_before"], json!(["ANALYZE"]));
    assert_eq!(clearview["tasks_after"], json!(["ADVERTISE", "ANALYZE"]));
    assert_eq!(clearview["tasks_added"], json!(["ADVERTISE"]));
    assert_eq!(clearview["tasks_removed"], json!([]));
    // Page tasks are compared normalized (no PROFILE_PLUS_).
    let jonas = &c["access"]["added"][0];
    assert_eq!(jonas["tasks_after"], json!(["MESSAGING", "MODERATE"]));
    assert_eq!(jonas["status_after"], "active");
    assert!(jonas.get("status_before").is_none());
    // A finding resolved: Brightline gave up MANAGE on Retargeting.
    assert_eq!(
        rules(&c["findings"]["new"]),
        [
            "grant-exceeds-role 300720000000022 act_120330000000102",
            "role-undeclared 200510000000015 -"
        ]
    );
    assert_eq!(
        rules(&c["findings"]["resolved"]),
        [
            "partner-full-control 300720000000021 act_120330000000102",
            "unverified-partner 300720000000023 -",
            "temporary-access-without-expiry 300720000000023 108800000000201"
        ]
    );
    let s = &c["summary"];
    assert_eq!(
        (
            s["findings_still_open"].as_u64(),
            s["access_changed"].as_u64()
        ),
        (Some(12), Some(2))
    );
    assert_eq!(c["before"]["captured_at"], "2026-11-01T09:30:00Z");
    assert_eq!(c["after"]["captured_at"], "2026-12-01T09:30:00Z");
    // The same snapshot on both sides: nothing changed, every finding still open.
    let a = api::compare_json(json!({"before": earlier(), "after": earlier(), "config": org()}));
    let c = &success(&a)["comparison"];
    let s = &c["summary"];
    assert_eq!(s["findings_new"], 0);
    assert_eq!(s["findings_resolved"], 0);
    assert_eq!(s["findings_still_open"], 15);
    assert_eq!(
        c["access"],
        json!({"added": [], "removed": [], "changed": []})
    );
}

#[test]
fn compare_takes_review_files_with_their_config() {
    let review = |snapshot: &str, config: &str, saved_at: &str| {
        json!({
            "format": "portfolio-guard-review/v1",
            "saved_at": saved_at,
            "snapshot": serde_json::from_str::<Value>(snapshot).unwrap(),
            "config": config,
            "report": {"findings": []},
        })
    };
    let earlier_review = review(&earlier(), &org(), "2026-11-01T10:00:00Z");
    let later_review = review(&later(), &later_org(), "2026-12-01T10:00:00Z");
    let direct = api::compare_json(
        json!({"before": earlier(), "after": later(), "before_config": org(), "config": later_org()}),
    );
    // Both sides review files (one as a value, one as text): each is checked with its config.
    let saved = api::compare_json(json!({
        "before": earlier_review,
        "after": later_review.to_string(),
    }));
    assert_eq!(
        success(&saved)["comparison"],
        success(&direct)["comparison"]
    );
    // The earlier review and today's snapshot with today's config: the page's "Compare with the
    // last review". The call's config is the later side's; the review keeps its own.
    let page = api::compare_json(json!({
        "before": earlier_review, "after": later(), "config": later_org(),
    }));
    assert_eq!(success(&page)["comparison"], direct["comparison"]);
    // `before_config` wins over the review's: with the built-in defaults the partners have no
    // roles, so the earlier side differs.
    let defaults = api::compare_json(json!({
        "before": earlier_review, "after": later_review, "before_config": "{}",
    }));
    let c = &success(&defaults)["comparison"];
    assert_ne!(
        c["before"]["summary"],
        direct["comparison"]["before"]["summary"]
    );
    assert_eq!(c["after"], direct["comparison"]["after"]);
    // A broken review file is an error naming the side and the place.
    let bad = api::compare_json(json!({
        "before": {"format": "portfolio-guard-review/v1", "saved_at": "x"},
        "after": later(),
    }));
    assert_eq!(bad["type"], "failure", "{bad:#}");
    assert_eq!(bad["errors"][0]["file"], "before");
    assert!(bad["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("missing field `snapshot`"));
    let future = api::compare_json(json!({
        "before": {"format": "portfolio-guard-review/v2", "saved_at": "x", "snapshot": {}},
        "after": later(),
    }));
    assert_eq!(future["errors"][0]["path"], "format", "{future:#}");
}

#[test]
fn compare_errors_name_the_side() {
    let a = api::compare_json(json!({"before": "{", "after": later()}));
    assert_eq!(a["type"], "failure");
    assert_eq!(a["kind"], "snapshot");
    assert_eq!(a["errors"][0]["file"], "before");
    let a = api::compare_json(
        json!({"before": earlier(), "after": later(), "before_config": "{\"partners\": 1}"}),
    );
    assert_eq!(a["kind"], "config", "{a:#}");
    assert_eq!(a["errors"][0]["file"], "before_config");
    let a = api::compare_json(json!({"before": earlier(), "after": later(), "format": "pdf"}));
    assert_eq!(a["errors"][0]["path"], "format");
    let a = api::compare_json(json!({"before": earlier()}));
    assert!(
        a["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("missing field `after`"),
        "{a:#}"
    );
    let a = api::compare_json(json!({"before": earlier(), "after": later(), "now": 5}));
    assert_eq!(a["errors"][0]["path"], "now", "{a:#}");
}

#[test]
fn compare_renders_and_plain_words_reach_the_findings() {
    let a = api::compare_json(json!({
        "before": earlier(), "after": later(), "config": org(), "format": "markdown", "plain": true,
    }));
    let c = &success(&a)["comparison"];
    let new = &c["findings"]["new"][0];
    assert!(
        new["terms"].as_array().is_some_and(|t| !t.is_empty()),
        "{new:#}"
    );
    assert!(!new["message"].as_str().unwrap().contains('`'), "{new:#}");
    let md = a["rendered"].as_str().unwrap();
    assert!(
        md.starts_with("# Access changes: Northwind Outdoor\n"),
        "{md}"
    );
    assert!(
        !md.contains("grant-exceeds-role"),
        "plain Markdown names no rule id:\n{md}"
    );
    let text = api::compare_json_str(
        &json!({"before": earlier(), "after": later(), "config": org(), "format": "csv"})
            .to_string(),
    );
    let a: Value = serde_json::from_str(&text).unwrap();
    assert!(success(&a)["rendered"]
        .as_str()
        .unwrap()
        .starts_with("\u{feff}change,item,"));
}

// ---------------------------------------------------------------------------------------------
// What-if

fn proposal(id: &str, asset: Value, tasks: &[&str]) -> Value {
    json!({"grantee": {"kind": "partner", "id": id}, "asset": asset, "tasks": tasks})
}

fn what_if(call: Value) -> Value {
    api::what_if_json(call)
}

/// The sample's config with the Winter Launch account in Brightline's declared scope.
fn org_with_launch_in_scope() -> String {
    let mut config: Value = serde_json::from_str(&org()).unwrap();
    config["partners"][BRIGHTLINE]["scope"]
        .as_array_mut()
        .unwrap()
        .push(json!(WINTER_LAUNCH));
    config.to_string()
}

#[test]
fn manage_on_an_ad_account_for_the_media_buyer_introduces_the_expected_findings() {
    let manage = proposal(
        BRIGHTLINE,
        json!({"id": WINTER_LAUNCH}),
        &["MANAGE", "ADVERTISE", "ANALYZE"],
    );
    let a = what_if(json!({"snapshot": earlier(), "config": org(), "proposed": [manage]}));
    let w = &success(&a)["what_if"];
    // Full control the role does not allow, on an account outside Brightline's declared scope.
    assert_eq!(
        rules(&w["introduced"]),
        [
            "partner-full-control 300720000000021 act_120330000000103",
            "asset-outside-scope 300720000000021 act_120330000000103"
        ]
    );
    let full = &w["introduced"][0];
    assert_eq!(full["proposal"], 0);
    assert_eq!(full["drop"], json!(["MANAGE"]));
    assert_eq!(full["finding"]["severity"], "high");
    assert_eq!(
        w["introduced"][1]["drop"],
        json!([]),
        "the grant itself is outside the scope"
    );
    let p = &w["proposals"][0];
    assert_eq!(p["grantee"]["name"], "Brightline Media");
    assert_eq!(p["asset"]["name"], "Northwind - Winter Launch");
    assert_eq!(p["asset"]["type"], "ad_account");
    assert_eq!(p["role"], "media_buyer");
    assert_eq!(p["least_privilege"], false);
    assert_eq!(p["drop"], json!(["MANAGE"]));
    assert_eq!(p["keep"], json!(["ADVERTISE", "ANALYZE"]));
    assert_eq!(p["findings"], json!([0, 1]));
    assert!(p.get("replaces").is_none());
    assert_eq!(w["resolved"], json!([]));
    assert_eq!(w["comparison"]["summary"]["access_added"], 1);
    assert_eq!(w["comparison"]["summary"]["findings_still_open"], 15);

    // With the account in scope, exactly one finding: full control.
    let a = what_if(
        json!({"snapshot": earlier(), "config": org_with_launch_in_scope(),
        "proposed": [proposal(BRIGHTLINE, json!({"id": WINTER_LAUNCH}), &["MANAGE", "ADVERTISE", "ANALYZE"])]}),
    );
    let w = &success(&a)["what_if"];
    assert_eq!(
        rules(&w["introduced"]),
        ["partner-full-control 300720000000021 act_120330000000103"]
    );
    assert_eq!(w["introduced"][0]["drop"], json!(["MANAGE"]));
    assert_eq!(w["proposals"][0]["drop"], json!(["MANAGE"]));
}

#[test]
fn a_least_privilege_proposal_introduces_none() {
    // Brightline's grant on Retargeting replaced by what a media buyer needs: nothing new, and
    // its full-control finding goes away.
    let fix = proposal(
        BRIGHTLINE,
        json!({"id": RETARGETING}),
        &["ADVERTISE", "ANALYZE"],
    );
    let a = what_if(json!({"snapshot": earlier(), "config": org(), "proposed": [fix]}));
    let w = &success(&a)["what_if"];
    assert_eq!(w["introduced"], json!([]));
    let p = &w["proposals"][0];
    assert_eq!(p["least_privilege"], true);
    assert_eq!(p["drop"], json!([]));
    assert_eq!(p["keep"], json!(["ADVERTISE", "ANALYZE"]));
    assert_eq!(p["replaces"], json!(["MANAGE", "ADVERTISE", "ANALYZE"]));
    assert_eq!(
        rules(&w["resolved"]),
        ["partner-full-control 300720000000021 act_120330000000102"]
    );
    let changed = &w["comparison"]["access"]["changed"][0];
    assert_eq!(changed["tasks_removed"], json!(["MANAGE"]));
    // A new grant in scope with the role's tasks: nothing new either.
    let a = what_if(
        json!({"snapshot": earlier(), "config": org_with_launch_in_scope(),
        "proposed": [proposal(BRIGHTLINE, json!({"id": WINTER_LAUNCH}), &["ADVERTISE", "ANALYZE"])]}),
    );
    let w = &success(&a)["what_if"];
    assert_eq!(w["introduced"], json!([]));
    assert_eq!(w["proposals"][0]["least_privilege"], true);
}

#[test]
fn a_page_proposal_is_read_in_either_vocabulary() {
    // Clearview (reporting) asks for Page analytics in the PROFILE_PLUS_ form: allowed.
    let page = json!({"id": "108800000000201"});
    let a = what_if(json!({"snapshot": earlier(), "config": org(),
        "proposed": [proposal("300720000000022", page.clone(), &["PROFILE_PLUS_ANALYZE"])]}));
    let w = &success(&a)["what_if"];
    assert_eq!(w["proposals"][0]["least_privilege"], true, "{w:#}");
    // The pending full-control request it replaces goes away.
    assert_eq!(
        rules(&w["resolved"]),
        ["partner-full-control 300720000000022 108800000000201"]
    );
    // Full control of the Page in the PROFILE_PLUS_ form is dropped as written.
    let a = what_if(json!({"snapshot": earlier(), "config": org(),
        "proposed": [proposal("300720000000021", page, &["PROFILE_PLUS_FULL_CONTROL", "ANALYZE"])]}));
    let w = &success(&a)["what_if"];
    assert_eq!(
        w["proposals"][0]["drop"],
        json!(["PROFILE_PLUS_FULL_CONTROL"]),
        "{w:#}"
    );
    assert_eq!(
        w["introduced"][0]["drop"],
        json!(["PROFILE_PLUS_FULL_CONTROL"])
    );
}

#[test]
fn a_proposal_without_a_snapshot_is_checked_on_its_own() {
    let new_partner = json!({
        "grantee": {"kind": "partner", "id": "300720000000077", "name": "Fresh Media"},
        "asset": {"id": "act_900", "type": "ad_account", "name": "Launch account"},
        "tasks": ["MANAGE", "ADVERTISE"],
    });
    let mut config: Value = serde_json::from_str(&org()).unwrap();
    config["partners"]["300720000000077"] = json!({"role": "media_buyer", "verified": true,
        "justification": "SOW 9", "reviewed_at": "2026-11-01", "contract_end": "2027-11-01"});
    let call = json!({"config": config.to_string(), "proposed": [new_partner], "now": "2026-11-01T09:30:00Z"});
    let a = what_if(call.clone());
    let w = &success(&a)["what_if"];
    let introduced = rules(&w["introduced"]);
    assert!(
        introduced.contains(&"partner-full-control 300720000000077 act_900".to_string()),
        "{introduced:?}"
    );
    let p = &w["proposals"][0];
    assert_eq!(p["grantee"]["name"], "Fresh Media");
    assert_eq!(p["asset"]["name"], "Launch account");
    assert_eq!(
        (p["drop"].clone(), p["keep"].clone()),
        (json!(["MANAGE"]), json!(["ADVERTISE"]))
    );
    assert_eq!(
        w["comparison"]["before"]["business"]["name"],
        "Your business"
    );
    // The partner without assets before the grant is not "introduced".
    assert!(
        !introduced
            .iter()
            .any(|r| r.starts_with("partner-without-assets")),
        "{introduced:?}"
    );
    // "now" is required without a snapshot.
    let mut no_now = call.clone();
    no_now.as_object_mut().unwrap().remove("now");
    let a = what_if(no_now);
    assert_eq!(a["type"], "failure");
    assert_eq!(a["errors"][0]["path"], "now");
    // An asset the snapshot does not list needs its type.
    let mut untyped = call;
    untyped["proposed"][0]["asset"] = json!({"id": "act_900"});
    let a = what_if(untyped);
    assert_eq!(a["errors"][0]["path"], "proposed[0].asset", "{a:#}");
    assert!(a["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("give its `type`"));
}

#[test]
fn bad_proposals_are_errors_with_json_paths() {
    let base =
        |proposed: Value| json!({"snapshot": earlier(), "config": org(), "proposed": proposed});
    let bad_kind = json!([{"grantee": {"kind": "agency", "id": "1"}, "asset": {"id": RETARGETING}, "tasks": ["ANALYZE"]}]);
    let a = what_if(base(bad_kind.clone()));
    assert_eq!(
        (a["type"].as_str(), a["kind"].as_str()),
        (Some("failure"), Some("usage"))
    );
    assert_eq!(a["errors"][0]["path"], "proposed[0].grantee.kind", "{a:#}");
    assert!(
        a["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`partner`"),
        "{a:#}"
    );
    // The same through JSON text.
    let text = api::what_if_json_str(&base(bad_kind).to_string());
    let a: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(a["errors"][0]["path"], "proposed[0].grantee.kind");
    // A misspelt task, with a suggestion; an empty one; none at all.
    let a = what_if(base(json!([proposal(
        BRIGHTLINE,
        json!({"id": RETARGETING}),
        &["MANAGE_", "ANALYZE"]
    )])));
    assert_eq!(a["errors"][0]["path"], "proposed[0].tasks[0]", "{a:#}");
    assert!(
        a["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `MANAGE`"),
        "{a:#}"
    );
    let a = what_if(base(json!([proposal(
        BRIGHTLINE,
        json!({"id": RETARGETING}),
        &[]
    )])));
    assert_eq!(a["errors"][0]["path"], "proposed[0].tasks");
    // The wrong type for a listed asset; two proposals for the same grant; an unknown field.
    let a = what_if(base(json!([proposal(
        BRIGHTLINE,
        json!({"id": RETARGETING, "type": "page"}),
        &["ANALYZE"]
    )])));
    assert_eq!(a["errors"][0]["path"], "proposed[0].asset.type", "{a:#}");
    let twice = proposal(BRIGHTLINE, json!({"id": RETARGETING}), &["ANALYZE"]);
    let a = what_if(base(json!([twice.clone(), twice])));
    assert_eq!(a["errors"][0]["path"], "proposed[1]", "{a:#}");
    let a = what_if(base(
        json!([{"grantee": {"kind": "partner", "id": "1"}, "asset": {"id": "x"}, "tasks": [], "why": 1}]),
    ));
    assert_eq!(a["errors"][0]["path"], "proposed[0].why", "{a:#}");
    assert!(
        a["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field"),
        "{a:#}"
    );
    // Nothing proposed.
    let a = what_if(base(json!([])));
    assert_eq!(a["errors"][0]["path"], "proposed");
    // Several problems are all reported.
    let a = what_if(base(json!([
        proposal("", json!({"id": RETARGETING}), &["ANALYZE"]),
        proposal(BRIGHTLINE, json!({"id": "act_404"}), &["ANALYZE"]),
    ])));
    let paths: Vec<&str> = a["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["proposed[0].grantee.id", "proposed[1].asset"]);
}

#[test]
fn what_if_takes_a_review_file_and_custom_rules() {
    let review = json!({
        "format": "portfolio-guard-review/v1",
        "saved_at": "2026-11-01T10:00:00Z",
        "snapshot": serde_json::from_str::<Value>(&earlier()).unwrap(),
        "config": org(),
    });
    let custom = r#"# METADATA
# title: No partner on the launch account
# description: The launch account stays in-house.
# custom:
#   id: northwind-no-partner-on-launch
#   category: northwind
#   severity: medium
#   remediation: Do not share the launch account with partners.
package portfolio_guard.rules.northwind.no_partner_on_launch

import data.portfolio_guard.lib

findings contains f if {
	some g in input.grants
	g.grantee.kind == "partner"
	a := lib.assets_by_id[g.asset_id]
	contains(a.name, "Launch")
	f := {
		"message": sprintf("partner %s holds %s", [g.grantee.id, a.name]),
		"subject": lib.subject_of_grantee(g.grantee),
		"asset": lib.asset_ref(a),
	}
}
"#;
    let a = what_if(json!({
        "snapshot": review,
        "policies": [{"path": "northwind.rego", "text": custom}],
        "proposed": [proposal(BRIGHTLINE, json!({"id": WINTER_LAUNCH}), &["ADVERTISE", "ANALYZE"])],
        "format": "table",
    }));
    let w = &success(&a)["what_if"];
    // The review's config was used (the role is known), and the custom rule fired.
    assert_eq!(w["proposals"][0]["role"], "media_buyer");
    assert_eq!(
        rules(&w["introduced"]),
        [
            "asset-outside-scope 300720000000021 act_120330000000103",
            "northwind-no-partner-on-launch 300720000000021 act_120330000000103"
        ]
    );
    assert_eq!(w["proposals"][0]["least_privilege"], false);
    let table = a["rendered"].as_str().unwrap();
    assert!(table.contains("It would introduce (2)"), "{table}");
}

#[test]
fn what_if_renders_every_format_and_plain_words() {
    let manage = proposal(
        BRIGHTLINE,
        json!({"id": WINTER_LAUNCH}),
        &["MANAGE", "ADVERTISE", "ANALYZE"],
    );
    for format in ["json", "csv", "markdown", "sarif", "table"] {
        let a = what_if(
            json!({"snapshot": earlier(), "config": org(), "proposed": [manage], "format": format}),
        );
        let text = success(&a)["rendered"].as_str().unwrap();
        match format {
            "json" | "sarif" => {
                let v: Value = serde_json::from_str(text).unwrap();
                if format == "sarif" {
                    let states: Vec<&str> = v["runs"][0]["results"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r["baselineState"].as_str().unwrap())
                        .collect();
                    assert_eq!(states.iter().filter(|s| **s == "new").count(), 2);
                    assert_eq!(states.iter().filter(|s| **s == "unchanged").count(), 15);
                }
            }
            "csv" => assert!(text.contains("\nproposal,0,,,,partner,300720000000021,Brightline Media,ad_account,act_120330000000103"), "{text}"),
            "markdown" => assert!(
                text.contains("- **Verdict:** not least privilege: drop MANAGE, keep ADVERTISE, ANALYZE (role `media_buyer`)"),
                "{text}"
            ),
            _ => assert!(text.contains("drop: MANAGE"), "{text}"),
        }
    }
    let a = what_if(
        json!({"snapshot": earlier(), "config": org(), "proposed": [manage], "plain": true, "format": "markdown"}),
    );
    let w = &success(&a)["what_if"];
    let message = w["introduced"][0]["finding"]["message"].as_str().unwrap();
    assert!(
        !message.contains('`') && !message.contains("MANAGE"),
        "{message}"
    );
    let md = a["rendered"].as_str().unwrap();
    assert!(
        md.contains("Full control"),
        "task names in plain words:\n{md}"
    );
    assert!(!md.contains("(`partner-full-control`)"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// The commands

#[test]
fn what_if_command_exit_status_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let manage = write(
        dir.path(),
        "manage.json",
        &json!({"proposed": [proposal(BRIGHTLINE, json!({"id": WINTER_LAUNCH, "type": "ad_account"}), &["MANAGE", "ADVERTISE", "ANALYZE"])]}).to_string(),
    );
    let snapshot = example("agency-onboarding/snapshot.json");
    let config = example("agency-onboarding/org.json");
    let r = run(&[
        "what-if",
        &snapshot,
        "--proposal",
        &manage,
        "--config",
        &config,
        "--format",
        "table",
    ]);
    assert_eq!(r.code, 1, "a high finding: exit 1\n{}", r.stderr);
    golden("what-if-manage.txt", &r.stdout);
    let r = run(&[
        "what-if",
        &snapshot,
        "--proposal",
        &manage,
        "--config",
        &config,
        "--fail-on",
        "critical",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(
        v["introduced"].as_array().unwrap().len(),
        2,
        "JSON when not a terminal"
    );
    // A least-privilege proposal, as a bare array from standard input.
    let fix = json!([proposal(
        BRIGHTLINE,
        json!({"id": RETARGETING}),
        &["ADVERTISE", "ANALYZE"]
    )])
    .to_string();
    let r = run_with_stdin(
        &[
            "what-if",
            &snapshot,
            "--proposal",
            "-",
            "--config",
            &config,
            "--fail-on",
            "info",
        ],
        fix.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["proposals"][0]["least_privilege"], true);
    // No snapshot: --now is required.
    let r = run(&["what-if", "--proposal", &manage, "--config", &config]);
    assert_bad_input(&r, "now: without a snapshot");
    let r = run(&[
        "what-if",
        "--proposal",
        &manage,
        "--config",
        &config,
        "--now",
        "2026-11-01T09:30:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn what_if_command_names_the_line_and_path_of_a_bad_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = example("agency-onboarding/snapshot.json");
    let bad = write(
        dir.path(),
        "bad.json",
        "{\"proposed\": [\n  {\"grantee\": {\"kind\": \"partner\", \"id\": \"300720000000021\"},\n   \"asset\": {\"id\": \"act_120330000000102\"},\n   \"tasks\": [\"MANAG\"]}\n]}\n",
    );
    let r = run(&["what-if", &snapshot, "--proposal", &bad]);
    assert_bad_input(&r, &format!("{bad}:4:14: proposed[0].tasks[0]: `MANAG` is not a task of an ad account; did you mean `MANAGE`?"));
    let bare = write(
        dir.path(),
        "bare.json",
        "[\n  {\"grantee\": {\"kind\": \"robot\", \"id\": \"1\"}}\n]",
    );
    let r = run(&["what-if", &snapshot, "--proposal", &bare]);
    assert_bad_input(&r, &format!("{bare}:2:"));
    assert_bad_input(&r, "[0].grantee.kind: unknown variant `robot`");
    let r = run_with_stdin(&["what-if", "-", "--proposal", "-"], b"");
    assert_bad_input(&r, "only one input can be read from standard input");
}

#[test]
fn diff_command_reads_standard_input_and_review_files() {
    let dir = tempfile::tempdir().unwrap();
    let review = json!({
        "format": "portfolio-guard-review/v1",
        "saved_at": "2026-11-01T10:00:00Z",
        "snapshot": serde_json::from_str::<Value>(&earlier()).unwrap(),
        "config": serde_json::from_str::<Value>(&org()).unwrap(),
    });
    let saved = write(dir.path(), "review.json", &review.to_string());
    let new = example("agency-onboarding-later/snapshot.json");
    let config = example("agency-onboarding-later/org.json");
    // The review's own config for OLD, --config for NEW (read from standard input).
    let r = run_with_stdin(
        &["diff", &saved, "-", "--config", &config, "--format", "json"],
        later().as_bytes(),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected =
        std::fs::read_to_string(root().join("tests/golden/diff/agency-onboarding.json")).unwrap();
    assert_eq!(r.stdout, expected);
    let r = run(&[
        "diff",
        &saved,
        &new,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&[
        "diff",
        &new,
        &new,
        "--config",
        &config,
        "--fail-on",
        "info",
        "--format",
        "table",
    ]);
    assert_eq!(r.code, 0, "no new finding: exit 0\n{}", r.stderr);
    assert!(
        r.stdout
            .contains("No new finding · 0 resolved · 12 still open"),
        "{}",
        r.stdout
    );
    let broken = write(
        dir.path(),
        "broken.json",
        "{\"schema_version\": 1,\n\"captured_at\": }",
    );
    let r = run(&["diff", &broken, &new]);
    assert_bad_input(&r, &format!("{broken}:2:"));
    let r = run(&["diff", "-", "-"]);
    assert_bad_input(&r, "only one input can be read from standard input");
    let out = dir.path().join("changes.md");
    let r = run(&[
        "diff",
        &saved,
        &new,
        "-f",
        "markdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("# Access changes: Northwind Outdoor"));
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let evil = "=cmd|' /C calc'!A0 <img src=x onerror=alert(1)> `x` \u{1b}[31m|";
    let mut after: Value = serde_json::from_str(&earlier()).unwrap();
    after["partners"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "300720000000099", "name": evil}));
    after["grants"].as_array_mut().unwrap().push(json!({
        "asset_id": RETARGETING, "grantee": {"kind": "partner", "id": "300720000000099"}, "tasks": ["MANAGE"],
    }));
    let render = |format: &str| {
        let a = api::compare_json(
            json!({"before": earlier(), "after": after, "config": org(), "format": format}),
        );
        success(&a)["rendered"].as_str().unwrap().to_string()
    };
    let md = render("markdown");
    // Every `<` of the name is escaped: no HTML reaches a Markdown viewer.
    assert_eq!(
        md.matches("<img").count(),
        md.matches("\\<img").count(),
        "{md}"
    );
    assert!(md.contains("\\<img src=x onerror=alert(1)>"), "{md}");
    assert!(!md.contains('\u{1b}'));
    let table = render("table");
    assert!(
        !table.contains('\u{1b}'),
        "no escape byte reaches a terminal"
    );
    let csv = render("csv");
    assert!(csv.contains(",'=cmd|' /C calc'!A0"), "formula guard: {csv}");
    assert!(!csv.contains(",=cmd"), "{csv}");
    let sarif: Value = serde_json::from_str(&render("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}
