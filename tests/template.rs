#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The spreadsheet template (docs/spreadsheet-template.md): any snapshot written as the template
//! and read back gives the same report; the blank template; located errors; the API, the
//! command line and the check read it with no extra step.

mod common;

use common::*;
use portfolio_guard::engine::{check, CheckRequest};
use portfolio_guard::policy::PolicySet;
use portfolio_guard::template::{
    blank_template, export_template, import_template, looks_like_template, template_for, COLUMNS,
};
use serde_json::{json, Value};

/// The parts of a report that must not change: everything but the importer's warnings.
fn report_of(set: &PolicySet, snapshot: &str, config: Option<&str>) -> Value {
    let report = check(
        set,
        &CheckRequest {
            snapshot,
            snapshot_name: "snapshot",
            config,
            config_name: "config",
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut v = serde_json::to_value(&report).unwrap();
    v.as_object_mut().unwrap().remove("warnings");
    v
}

fn findings_count(report: &Value) -> usize {
    report["findings"].as_array().unwrap().len() + report["suppressed"].as_array().unwrap().len()
}

/// snapshot → template → snapshot → check: the same report as the snapshot itself.
fn assert_round_trip(set: &PolicySet, name: &str, snapshot: &str, config: Option<&str>) -> usize {
    let csv = template_for(Some(snapshot), name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(looks_like_template(&csv), "{name}");
    let imported = import_template(&csv, name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(imported.snapshot["source"]["kind"], "csv", "{name}");
    let direct = report_of(set, snapshot, config);
    let via_csv = report_of(set, &csv, config);
    assert_eq!(
        direct["summary"], via_csv["summary"],
        "{name}: summaries differ"
    );
    assert_eq!(direct, via_csv, "{name}: reports differ");
    // The imported snapshot, written again, is the same template: nothing drifts.
    assert_eq!(export_template(&imported.snapshot), csv, "{name}");
    findings_count(&direct)
}

#[test]
fn every_example_round_trips_to_the_same_report() {
    let set = PolicySet::builtin().unwrap();
    let mut checked = 0;
    let mut findings = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        let snapshot_path = dir.join("snapshot.json");
        if !snapshot_path.exists() {
            continue;
        }
        let snapshot = std::fs::read_to_string(&snapshot_path).unwrap();
        let config = std::fs::read_to_string(dir.join("org.json")).ok();
        let name = dir.display().to_string();
        findings += assert_round_trip(&set, &name, &snapshot, config.as_deref());
        // Without the org config too: other rules fire.
        findings += assert_round_trip(&set, &name, &snapshot, None);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} examples");
    // The comparison is not vacuous: the examples have many findings.
    assert!(findings > 40, "{findings}");
}

#[test]
fn fixtures_and_captures_round_trip_to_the_same_report() {
    let set = PolicySet::builtin().unwrap();
    assert!(assert_round_trip(&set, "small.json", SMALL, Some(SMALL_CONFIG)) > 0);
    assert_round_trip(&set, "small.json", SMALL, None);
    for path in [
        "tests/golden/sample-graph-bundle.snapshot.json",
        "tests/fixtures/collect/business.snapshot.json",
    ] {
        let p = root().join(path);
        if p.exists() {
            let text = std::fs::read_to_string(p).unwrap();
            assert!(assert_round_trip(&set, path, &text, None) > 0, "{path}");
        }
    }
    // A Graph bundle is imported, then written as the template.
    let bundle =
        std::fs::read_to_string(root().join("tests/fixtures/graph/sample-graph-bundle.json"))
            .unwrap();
    let csv = template_for(Some(&bundle), "bundle", None).unwrap();
    assert_eq!(report_of(&set, &bundle, None), report_of(&set, &csv, None));
}

#[test]
fn generated_portfolios_round_trip_to_the_same_report() {
    let set = PolicySet::builtin().unwrap();
    for seed in [1, 7] {
        let (snapshot, config) = portfolio_guard::generate::generate(600, seed);
        let n = assert_round_trip(
            &set,
            &format!("generated {seed}"),
            &snapshot.to_string(),
            Some(&config.to_string()),
        );
        assert!(n > 0, "seed {seed}");
    }
}

/// Snapshot details the examples do not have: each is carried through the template.
#[test]
fn every_field_the_template_carries_survives() {
    let snapshot = json!({
        "schema_version": 1,
        "captured_at": "2026-11-01T09:30:00+02:00",
        "source": {"kind": "graph_bundle", "edges": ["business_users", "owned_pages"],
                   "unread": [{"asset_id": "p1", "edge": "agencies"}]},
        "business": {"id": "1", "name": "Ærø, \"Café\" & Co", "verification_status": "not_verified",
                     "two_factor_type": "all_required"},
        "members": [
            {"id": "m1", "kind": "person", "name": "=cmd|' /C calc'!A0", "email": "x@y.example",
             "role": "FINANCE_EDITOR", "finance_permission": "EDITOR", "two_fac_status": "disabled",
             "created_time": "2020-01-01T00:00:00Z", "last_active_time": "2026-10-30T12:00:00Z"},
            {"id": "s1", "kind": "system_user", "name": "Bot\nwith a line break", "role": "weird_role"},
            {"id": "m2", "kind": "person", "name": "Idle", "role": "EMPLOYEE"}
        ],
        "partners": [{"id": "p9", "name": "  padded  ", "added_time": "2024-02-01T10:00:00Z"}],
        "assets": [
            {"id": "p1", "type": "page", "name": "-Page", "owner_business_id": "1", "created_time": "2019-01-01T00:00:00Z"},
            {"id": "act_9", "type": "ad_account", "spend_cap": 1234.5},
            {"id": "w1", "type": "whatsapp_business_account"},
            {"id": "o1", "type": "other"}
        ],
        "grants": [
            {"asset_id": "p1", "grantee": {"kind": "partner", "id": "p9"},
             "tasks": ["PROFILE_PLUS_MODERATE", "MODERATE"], "status": "pending",
             "requested_time": "2026-10-01T00:00:00Z", "expires_time": "2027-01-01T00:00:00Z"},
            {"asset_id": "act_9", "grantee": {"kind": "member", "id": "gone"}, "tasks": ["MANAGE"]},
            {"asset_id": "w1", "grantee": {"kind": "member", "id": "s1"}, "tasks": ["MANAGE_TEMPLATES", "FUTURE_TASK"]},
            {"asset_id": "o1", "grantee": {"kind": "member", "id": "m1"}, "tasks": ["whatever it is"]}
        ],
        "invitations": [{"id": "i1", "email": "n@y.example", "role": "EMPLOYEE", "status": "PENDING",
                         "created_time": "2026-09-01T08:00:00Z", "expiration_time": "2026-10-01T08:00:00Z"}]
    });
    let csv = export_template(&snapshot);
    let back = import_template(&csv, "t.csv", None).unwrap().snapshot;
    for key in [
        "captured_at",
        "business",
        "members",
        "assets",
        "invitations",
    ] {
        assert_eq!(back[key], snapshot[key], "{key}\n{csv}");
    }
    assert_eq!(back["source"]["edges"], snapshot["source"]["edges"]);
    assert_eq!(back["source"]["unread"], snapshot["source"]["unread"]);
    // A quoted name keeps its spaces.
    assert_eq!(back["partners"], snapshot["partners"]);
    // A task with a space cannot be one cell's word: it is split, the rest is kept.
    assert_eq!(back["grants"][3]["tasks"], json!(["whatever", "it", "is"]));
    assert_eq!(
        back["grants"].as_array().unwrap()[..3],
        snapshot["grants"].as_array().unwrap()[..3]
    );
    // The formula is written guarded, so a spreadsheet shows it as text.
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(csv.contains(",'-Page,"), "{csv}");
    assert!(csv.contains("unlisted:FUTURE_TASK"), "{csv}");
    assert!(csv.contains("unlisted:weird_role"), "{csv}");
    assert!(csv.contains("\"Ærø, \"\"Café\"\" & Co\""), "{csv}");
    // And the report: `source.edges` and `source.unread` silence rules that read them.
    let set = PolicySet::builtin().unwrap();
    let direct = report_of(&set, &snapshot.to_string(), None);
    assert_eq!(direct, report_of(&set, &csv, None));
    let mut without = snapshot.clone();
    without["source"] = json!({"kind": "manual"});
    assert_ne!(
        direct["summary"],
        report_of(&set, &without.to_string(), None)["summary"],
        "the source fields make no difference here: the test proves nothing"
    );
}

#[test]
fn the_blank_template_explains_itself_and_imports_to_a_clear_error() {
    let blank = blank_template();
    assert!(blank.starts_with('\u{feff}'));
    let header = blank.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(header.trim_end(), COLUMNS.join(","));
    assert!(blank.contains("\r\n"));
    // One commented example row per table.
    for table in [
        "business",
        "person",
        "system_user",
        "partner",
        "asset",
        "access",
        "invitation",
    ] {
        assert!(
            blank.contains(&format!("\r\n#{table},")),
            "no example {table} row"
        );
    }
    let e = import_template(&blank, "blank.csv", None).unwrap_err();
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        e.to_string(),
        "invalid snapshot: blank.csv:1:1: table: no `business` row: the template needs one row with table `business`, the portfolio's id, name and captured_at"
    );
    // Uncommenting the examples gives a snapshot that checks.
    let filled: String = blank
        .lines()
        .map(|l| {
            l.strip_prefix('#')
                .filter(|r| !r.starts_with(' '))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let imported = import_template(&filled, "filled.csv", None).unwrap();
    let s = &imported.snapshot;
    assert_eq!(s["captured_at"], "2026-11-01T00:00:00Z");
    assert_eq!(s["members"][0]["role"], "ADMIN");
    assert_eq!(
        s["grants"][0]["grantee"],
        json!({"kind": "partner", "id": "300000000000021"})
    );
    assert_eq!(s["grants"][0]["tasks"], json!(["ADVERTISE", "ANALYZE"]));
    let set = PolicySet::builtin().unwrap();
    let report = report_of(&set, &filled, None);
    assert!(findings_count(&report) > 0);
}

/// A filled template with one thing wrong per case: each gives exactly the located message.
#[test]
fn each_bad_template_gives_one_located_error() {
    const HEAD: &str = "table,id,name,type,role,asset_id,who,tasks,status,captured_at\n\
                        business,1,Acme,,,,,,,2026-11-01\n\
                        person,200,Dana,,Full control,,,,,\n\
                        partner,300,Growth Agency,,,,,,,\n\
                        asset,act_1,Main,ad_account,,,,,,\n\
                        asset,px,Pixel,pixel,,,,,,\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown task",
            "access,,,,,act_1,300,ADVERTIZE,,\n",
            "access.csv:7:8: tasks: unknown task `ADVERTIZE` for an ad account (expected one of AA_ANALYZE, ADVERTISE, ANALYZE, DRAFT, MANAGE; did you mean `ADVERTISE`?)",
        ),
        (
            "a task of another asset type",
            "access,,,,,px,300,MANAGE,,\n",
            "access.csv:7:8: tasks: unknown task `MANAGE` for a pixel (expected one of AA_ANALYZE, ADVERTISE, ANALYZE, EDIT, UPLOAD;",
        ),
        (
            "unknown asset id",
            "access,,,,,act_2,300,ANALYZE,,\n",
            "access.csv:7:6: asset_id: no asset row with id `act_2`",
        ),
        (
            "unknown grantee",
            "access,,,,,act_1,301,ANALYZE,,\n",
            "access.csv:7:7: who: no person, system user or partner row with id `301`",
        ),
        (
            "duplicate access row",
            "access,,,,,act_1,300,ANALYZE,,\naccess,,,,,act_1,300,ADVERTISE,,\n",
            "access.csv:8:7: who: a second access row for asset `act_1` and partner `300` (the first is row 7): put all their tasks in one row",
        ),
        (
            "duplicate id",
            "partner,300,Again,,,,,,,\n",
            "access.csv:7:2: id: duplicate id `300` (also at row 4)",
        ),
        (
            "unknown table",
            "grantee,,,,,act_1,300,ANALYZE,,\n",
            "access.csv:7:1: table: unknown table `grantee` (expected one of business, person, system_user, partner, asset, access, invitation)",
        ),
        (
            "missing tasks",
            "access,,,,,act_1,300,,,\n",
            "access.csv:7:8: tasks: missing value: every `access` row needs its `tasks`",
        ),
        (
            "bad status",
            "access,,,,,act_1,300,ANALYZE,approved,\n",
            "access.csv:7:9: status: bad status `approved` for an access row (expected active or pending)",
        ),
        (
            "bad role",
            "person,201,Eli,,Boss,,,,,\n",
            "access.csv:7:5: role: unknown role `Boss`",
        ),
        (
            "wrong column count",
            "access,,,,,act_1,300,ANALYZE,active,,Growth, the agency\n",
            "access.csv:7:11: this row has 12 cells but the header has 10 columns",
        ),
        (
            "unterminated quote",
            "access,,,,,act_1,300,\"ANALYZE,active,\n",
            "access.csv:7:8: tasks: unterminated quote",
        ),
        (
            "id turned into a number",
            "person,2.00000000000001E+14,Eli,,,,,,,\n",
            "access.csv:7:2: id: `2.00000000000001E+14` looks like an ID a spreadsheet turned into a number",
        ),
        (
            "a value in a column the row does not use",
            "partner,301,Other,ad_account,,,,,,\n",
            "access.csv:7:4: type: `partner` rows do not use `type`",
        ),
    ];
    for (name, rows, want) in cases {
        let text = format!("{HEAD}{rows}");
        let e = import_template(&text, "access.csv", None)
            .map(|_| ())
            .expect_err(name);
        let shown: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{name}: {shown:#?}");
        assert!(
            shown[0].starts_with(want),
            "{name}:\n  {}\ndoes not start with\n  {want}",
            shown[0]
        );
    }
    // Every problem is reported at once (here three), and nothing is returned.
    let text = format!(
        "{HEAD}access,,,,,act_1,300,ADVERTIZE,,\naccess,,,,,act_2,300,ANALYZE,,\nrobot,,,,,,,,,\n"
    );
    let e = import_template(&text, "access.csv", None).unwrap_err();
    assert_eq!(e.errors.len(), 3, "{e}");
    assert!(e.to_string().starts_with("invalid snapshot (3 problems):"));
}

#[test]
fn the_check_and_the_api_read_a_template_as_they_read_a_snapshot() {
    let csv = template_for(Some(SMALL), "small.json", None).unwrap();
    // check: the same findings as the JSON.
    let from_csv =
        portfolio_guard::api::check_json(json!({"snapshot": csv, "config": SMALL_CONFIG}));
    let from_json =
        portfolio_guard::api::check_json(json!({"snapshot": SMALL, "config": SMALL_CONFIG}));
    assert_eq!(from_csv["type"], "success", "{from_csv}");
    assert_eq!(
        from_csv["report"]["findings"],
        from_json["report"]["findings"]
    );
    assert_eq!(
        from_csv["report"]["findings"][0]["rule"],
        "partner-full-control"
    );
    // A bad template is a located failure.
    let bad = csv.replace("MANAGE ADVERTISE ANALYZE", "MANAGE ADVERTIZE");
    let answer = portfolio_guard::api::check_json(json!({ "snapshot": bad }));
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["kind"], "snapshot");
    assert_eq!(answer["errors"][0]["file"], "snapshot");
    assert_eq!(answer["errors"][0]["path"], "tasks");
    assert_eq!(answer["errors"][0]["line"], 8);
    assert_eq!(answer["errors"][0]["column"], 15);
    // import: the snapshot itself.
    let imported = portfolio_guard::api::import_json(json!({ "bundle": csv }));
    assert_eq!(imported["type"], "success", "{imported}");
    assert_eq!(imported["snapshot"]["grants"], json(SMALL)["grants"]);
    // template: blank without a snapshot, filled with one (an object or text).
    let blank = portfolio_guard::api::template_json(json!({}));
    assert_eq!(blank["csv"], blank_template());
    let filled = portfolio_guard::api::template_json(json!({ "snapshot": json(SMALL) }));
    assert_eq!(filled["type"], "success");
    assert_eq!(filled["csv"], csv);
    let text = portfolio_guard::api::template_json_str(r#"{"snapshot": "{\"schema_version\": 1"}"#);
    let answer: Value = json(&text);
    assert_eq!(answer["type"], "failure");
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("truncated"));
    let answer = portfolio_guard::api::template_json(json!({ "snapshots": SMALL }));
    assert_eq!(answer["kind"], "usage");
}

#[test]
fn cli_template_then_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    // The blank template.
    let r = run(&["template"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, blank_template());
    // Filled from a snapshot, to a file.
    let snapshot = write(dir.path(), "small.json", SMALL);
    let csv_path = dir.path().join("access.csv").display().to_string();
    let r = run(&["template", &snapshot, "-o", &csv_path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.contains("\r\naccess,"), "{csv}");
    // Imported back: the same snapshot content.
    let out = dir.path().join("back.json").display().to_string();
    let r = run(&["import", &csv_path, "-o", &out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let back = json(&std::fs::read_to_string(&out).unwrap());
    let small = json(SMALL);
    for key in [
        "business",
        "members",
        "partners",
        "assets",
        "grants",
        "captured_at",
    ] {
        assert_eq!(back[key], small[key], "{key}");
    }
    assert_eq!(back["source"]["kind"], "csv");
    // check reads the template directly, with the same findings.
    let config = write(dir.path(), "org.json", SMALL_CONFIG);
    let a = run(&["check", &csv_path, "--config", &config, "--format", "json"]);
    let b = run(&["check", &snapshot, "--config", &config, "--format", "json"]);
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert_eq!(json(&a.stdout)["findings"], json(&b.stdout)["findings"]);
    // From standard input too, and from a Graph bundle.
    let r = run_with_stdin(&["template", "-"], SMALL.as_bytes());
    assert_eq!(r.stdout, csv);
    let r = run(&["template", "tests/fixtures/graph/sample-graph-bundle.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("\r\nbusiness,100000000000001,Acme Retail,"));
}

#[test]
fn cli_bad_template_exits_2_naming_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = template_for(Some(SMALL), "small.json", None)
        .unwrap()
        .replace("access,,,,,,,,,,,act_1,300,", "access,,,,,,,,,,,act_1,399,");
    let path = write(dir.path(), "access.csv", &csv);
    let r = run(&["import", &path]);
    assert_bad_input(
        &r,
        &format!("invalid snapshot: {path}:8:13: who: no person, system user or partner row with id `399`"),
    );
    let r = run(&["check", &path]);
    assert_bad_input(&r, &format!("{path}:8:13: who:"));
    let r = run(&["template", &path]);
    assert_bad_input(&r, &format!("{path}:8:13: who:"));
    let r = run_with_stdin(&["import", "-"], csv.as_bytes());
    assert_bad_input(&r, "<stdin>:8:13: who:");
    let r = run_with_stdin(&["import", "-"], blank_template().as_bytes());
    assert_bad_input(&r, "<stdin>:1:1: table: no `business` row");
}
