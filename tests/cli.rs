#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The CLI as a process: exit codes, formats, standard input, determinism, bad inputs,
//! exceptions, rule settings and custom policies.

mod common;

use common::*;
use serde_json::Value;

fn check_small(extra: &[&str], config: Option<&str>) -> (Run, Value) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["check", "-", "--format", "json"];
    let cfg = write(
        dir.path(),
        "org.json",
        &small_config_with(config.unwrap_or("{}")),
    );
    args.extend(["--config", cfg.as_str()]);
    args.extend(extra);
    let r = run_with_stdin(&args, SMALL.as_bytes());
    let v = if r.stdout.is_empty() {
        Value::Null
    } else {
        json(&r.stdout)
    };
    (r, v)
}

fn rules_of(report: &Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let f = if list == "suppressed" {
                &f["finding"]
            } else {
                f
            };
            format!(
                "{} {} {}",
                f["rule"].as_str().unwrap(),
                f["subject"]["id"].as_str().unwrap(),
                f["asset"]["id"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn check_from_stdin_reports_partner_full_control_and_exits_1() {
    let (r, v) = check_small(&[], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "portfolio-guard");
    assert_eq!(v["business"]["name"], "Acme");
    assert_eq!(v["evaluated_at"], "2026-11-01T09:30:00Z");
    assert_eq!(
        rules_of(&v, "findings"),
        vec!["partner-full-control 300 act_1"]
    );
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "high");
    assert_eq!(f["category"], "least-privilege");
    assert_eq!(
        f["subject"],
        json(r#"{"kind": "partner", "id": "300", "name": "Growth Agency"}"#)
    );
    assert_eq!(
        f["asset"],
        json(r#"{"id": "act_1", "type": "ad_account", "name": "Acme - Prospecting"}"#)
    );
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("Growth Agency") && msg.contains("MANAGE") && msg.contains("act_1"),
        "{msg}"
    );
    assert!(f["remediation"].as_str().unwrap().contains("Partners"));
    assert_eq!(v["summary"]["high"], 1);
    assert!(v["summary"]["rules_evaluated"].as_u64().unwrap() >= 7);
}

#[test]
fn fail_on_threshold_sets_exit_code() {
    assert_eq!(check_small(&["--fail-on", "never"], None).0.code, 0);
    assert_eq!(check_small(&["--fail-on", "critical"], None).0.code, 0);
    assert_eq!(check_small(&["--fail-on", "medium"], None).0.code, 1);
}

#[test]
fn same_input_same_bytes_in_every_format() {
    for format in ["json", "table", "markdown", "csv", "sarif"] {
        let a = run_with_stdin(&["check", "-", "--format", format], SMALL.as_bytes());
        let b = run_with_stdin(&["check", "-", "--format", format], SMALL.as_bytes());
        assert_eq!(a.code, 1, "{format}: {}", a.stderr);
        assert!(!a.stdout.is_empty(), "{format}");
        assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
    }
}

#[test]
fn formats_have_their_shape() {
    let out = |f: &str| run_with_stdin(&["check", "-", "--format", f], SMALL.as_bytes()).stdout;
    let sarif = json(&out("sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "partner-full-control");
    assert_eq!(result["level"], "error");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "partner-full-control"));
    let csv = out("csv");
    // A byte order mark for Excel, then the header; every row names the business and the time.
    assert!(
        csv.starts_with("\u{feff}status,severity,rule,")
            && csv
                .lines()
                .next()
                .unwrap()
                .ends_with(",business,business_id,evaluated_at"),
        "{csv}"
    );
    assert!(csv
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("open,high,partner-full-control,"));
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.ends_with(",Acme,1,2026-11-01T09:30:00Z")),
        "{csv}"
    );
    let md = out("markdown");
    assert!(md.starts_with('#') && md.contains("Acme") && md.contains("partner-full-control"));
    // Not a terminal: the table has no colour codes.
    let table = out("table");
    assert!(table.contains("partner-full-control") && !table.contains('\u{1b}'));
    // Default format when stdout is not a terminal is JSON.
    let default = run_with_stdin(&["check", "-"], SMALL.as_bytes()).stdout;
    assert_eq!(json(&default)["schema_version"], 1);
}

#[test]
fn warnings_come_first_in_every_format() {
    // A capture with a page left unread: its report has warnings and findings.
    let mut bundle =
        json(&std::fs::read_to_string(root().join("tests/golden/collect.bundle.json")).unwrap());
    let users = bundle["responses"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(path, _)| path.contains("/business_users?"))
        .unwrap()
        .1;
    users["paging"] = serde_json::json!({"next": "https://graph.facebook.com/v25.0/next?after=1"});
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "bundle.json", &bundle.to_string());
    let check = |format: &str, extra: &[&str]| {
        let mut args = vec![
            "check",
            b.as_str(),
            "--format",
            format,
            "--fail-on",
            "never",
        ];
        args.extend(extra);
        let r = run(&args);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        r.stdout
    };
    let report = json(&check("json", &[]));
    let count = report["findings"].as_array().unwrap().len();
    assert!(count > 1);
    assert!(report["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("capture incomplete: `/110000000000001/business_users?"));
    let headline = format!("{count} findings — capture incomplete");

    let table = check("table", &[]);
    let first_warning = table.find("warning: capture incomplete").unwrap();
    assert!(first_warning < table.find("CRITICAL").unwrap(), "{table}");
    // The closing line, after the last finding, starts with the qualified headline.
    let closing = table.rfind(&format!("\n{headline} · 1 critical,")).unwrap();
    assert!(closing > table.rfind("fix:").unwrap(), "{table}");

    let md = check("markdown", &[]);
    assert!(md.contains(&format!("\n**{headline}**\n")), "{md}");
    assert!(md.find("## Warnings").unwrap() < md.find("## Findings").unwrap());
    assert!(
        md.contains("\n- capture incomplete: `/110000000000001/business_users?"),
        "{md}"
    );

    // CSV written to a file: the same bytes as on standard output.
    let path = dir.path().join("report.csv");
    assert_eq!(check("csv", &["-o", path.to_str().unwrap()]), "");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv, check("csv", &[]));
    assert!(csv.starts_with('\u{feff}'));
    let statuses: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let warnings = report["warnings"].as_array().unwrap().len();
    assert!(
        statuses[..warnings].iter().all(|s| *s == "warning"),
        "{statuses:?}"
    );
    assert!(
        statuses[warnings..].iter().all(|s| *s == "open"),
        "{statuses:?}"
    );
    assert_eq!(statuses.len(), warnings + count);
    assert!(csv
        .lines()
        .skip(1)
        .all(|l| l.ends_with(",Northwind Outfitters,110000000000001,2026-11-15T09:00:00Z")));

    let sarif = json(&check("sarif", &[]));
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), warnings);
    assert_eq!(notes[0]["level"], "warning");
    assert_eq!(notes[0]["message"]["text"], report["warnings"][0]);
}

#[test]
fn output_file_and_now_override() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let r = run_with_stdin(
        &[
            "check",
            "-",
            "-o",
            out.to_str().unwrap(),
            "--now",
            "2027-03-01T00:00:00Z",
        ],
        SMALL.as_bytes(),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let v = json(&std::fs::read_to_string(out).unwrap());
    assert_eq!(v["evaluated_at"], "2027-03-01T00:00:00Z");
}

#[test]
fn valid_exception_suppresses_and_is_listed() {
    let cfg = r#"{"exceptions": [{"rule": "partner-full-control", "subject": "300", "asset": "act_1",
        "reason": "Q4 migration", "owner": "dana@acme.example", "expires": "2027-01-01"}]}"#;
    let (r, v) = check_small(&[], Some(cfg));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(rules_of(&v, "findings"), Vec::<String>::new());
    assert_eq!(
        rules_of(&v, "suppressed"),
        vec!["partner-full-control 300 act_1"]
    );
    let e = &v["suppressed"][0]["exception"];
    assert_eq!(e["id"], "exceptions[0]");
    assert_eq!(e["reason"], "Q4 migration");
    assert_eq!(e["owner"], "dana@acme.example");
    assert_eq!(e["expires"], "2027-01-01");
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn expired_exception_no_longer_suppresses() {
    let cfg = r#"{"exceptions": [{"rule": "partner-full-control", "subject": "300",
        "reason": "Q3 migration", "owner": "dana@acme.example", "expires": "2026-10-31"}]}"#;
    let (r, v) = check_small(&[], Some(cfg));
    assert_eq!(r.code, 1);
    assert_eq!(
        rules_of(&v, "findings"),
        vec![
            "partner-full-control 300 act_1",
            "exception-expired exceptions[0] -"
        ]
    );
    assert!(v["suppressed"].as_array().unwrap().is_empty());
    // The last day of an exception still counts: 2026-11-01 covers all of that day.
    let cfg = cfg.replace("2026-10-31", "2026-11-01");
    let (_, v) = check_small(&["--now", "2026-11-01T23:59:59Z"], Some(&cfg));
    assert_eq!(rules_of(&v, "findings"), Vec::<String>::new());
}

#[test]
fn unused_exception_is_reported() {
    let cfg = r#"{"exceptions": [
        {"rule": "partner-full-control", "subject": "300", "reason": "r", "owner": "o", "expires": "2027-01-01"},
        {"rule": "partner-owns-asset", "subject": "300", "reason": "r", "owner": "o", "expires": "2027-01-01"}]}"#;
    let (r, v) = check_small(&[], Some(cfg));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        rules_of(&v, "findings"),
        vec!["exception-unused exceptions[1] -"]
    );
    assert_eq!(v["findings"][0]["severity"], "low");
}

#[test]
fn disabled_rules_and_severity_overrides() {
    let (r, v) = check_small(
        &[],
        Some(r#"{"rules": {"severity": {"partner-full-control": "critical"}}}"#),
    );
    assert_eq!(r.code, 1);
    assert_eq!(v["findings"][0]["severity"], "critical");
    assert_eq!(v["summary"]["critical"], 1);
    let (r, v) = check_small(
        &[],
        Some(r#"{"rules": {"disabled": ["partner-full-control"]}}"#),
    );
    assert_eq!(r.code, 0);
    assert!(v["findings"].as_array().unwrap().is_empty());
    let all = check_small(&[], None).1["summary"]["rules_evaluated"]
        .as_u64()
        .unwrap();
    assert_eq!(v["summary"]["rules_evaluated"].as_u64().unwrap(), all - 1);
    // An exception naming a disabled rule matched nothing, so it is unused.
    let (_, v) = check_small(
        &[],
        Some(
            r#"{"rules": {"disabled": ["partner-full-control"]}, "exceptions": [
            {"rule": "partner-full-control", "subject": "300", "reason": "r", "owner": "o", "expires": "2027-01-01"}]}"#,
        ),
    );
    assert_eq!(
        rules_of(&v, "findings"),
        vec!["exception-unused exceptions[0] -"]
    );
}

#[test]
fn role_allowing_full_control_silences_the_finding() {
    let (r, v) = check_small(
        &[],
        Some(r#"{"partners": {"300": {"role": "full_service_agency"}}}"#),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!rules_of(&v, "findings")
        .iter()
        .any(|f| f.starts_with("partner-full-control")));
}

#[test]
fn bad_inputs_exit_2_with_a_located_message() {
    let r = run_with_stdin(
        &["check", "-"],
        b"{\"schema_version\": 1,\n  \"captured_at\": ]",
    );
    assert_bad_input(&r, "<stdin>:2:");
    let r = run_with_stdin(&["check", "-"], b"");
    assert_bad_input(&r, "empty");
    let r = run_with_stdin(&["check", "-"], b"{\"a\": \"\xff\xfe\"}");
    assert_bad_input(&r, "not UTF-8");
    let r = run(&["check", "does/not/exist.json"]);
    assert_bad_input(&r, "cannot read `does/not/exist.json`");
    let bad_kind = SMALL.replace(
        "\"kind\": \"partner\", \"id\": \"300\"",
        "\"kind\": \"agency\", \"id\": \"300\"",
    );
    let r = run_with_stdin(&["check", "-"], bad_kind.as_bytes());
    assert_bad_input(&r, "grants[0].grantee.kind: unknown variant `agency`");
    let r = run_with_stdin(&["check", "-", "--now", "tomorrow"], SMALL.as_bytes());
    assert_bad_input(&r, "`tomorrow` is not an RFC 3339 time");
    let r = run_with_stdin(&["check", "-", "--format", "xml"], SMALL.as_bytes());
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    let r = run(&["frobnicate"]);
    assert_eq!(r.code, 2);
}

#[test]
fn bad_config_exits_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "org.json",
        "{\n\"exceptions\": [{\"rule\": \"no-such-rule\", \"subject\": \"300\", \"reason\": \"r\", \"owner\": \"o\", \"expires\": \"2027-01-01\"}]}",
    );
    let r = run_with_stdin(&["check", "-", "--config", &cfg], SMALL.as_bytes());
    assert_bad_input(&r, "org.json:2:");
    assert!(
        r.stderr
            .contains("exceptions[0].rule: unknown rule id `no-such-rule`"),
        "{}",
        r.stderr
    );
    let (r, _) = check_small(&[], Some(r#"{"partners": {"300": {"role": "wizard"}}}"#));
    assert_bad_input(&r, "partners.300.role: unknown role `wizard`");
    let (r, _) = check_small(
        &[],
        Some(
            r#"{"exceptions": [{"rule": "partner-full-control", "subject": "300", "owner": "o", "expires": "2027-01-01"}]}"#,
        ),
    );
    assert_bad_input(&r, "missing field `reason`");
    let (r, _) = check_small(
        &[],
        Some(r#"{"members": {"200": {"contract_end": "next year"}}}"#),
    );
    assert_bad_input(&r, "members.200.contract_end");
}

const CUSTOM_RULE: &str = r#"# METADATA
# title: No partner on the prospecting account
# description: Acme keeps its prospecting ad account in-house.
# custom:
#   id: acme-no-partner-on-prospecting
#   category: acme
#   severity: medium
#   remediation: Remove the partner from the ad account.
package portfolio_guard.rules.acme.no_partner_on_prospecting

import data.portfolio_guard.lib

findings contains f if {
	some g in input.grants
	g.grantee.kind == "partner"
	a := lib.assets_by_id[g.asset_id]
	contains(a.name, "Prospecting")
	f := {
		"message": sprintf("partner %s holds %s", [g.grantee.id, a.name]),
		"subject": lib.subject_of_grantee(g.grantee),
		"asset": lib.asset_ref(a),
	}
}
"#;

#[test]
fn custom_policy_folder_shows_in_report_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "acme/no_partner.rego", CUSTOM_RULE);
    write(
        dir.path(),
        "acme/no_partner_test.rego",
        "package portfolio_guard.rules.acme.no_partner_on_prospecting_test\n\nimport data.portfolio_guard.rules.acme.no_partner_on_prospecting as r\n\ntest_fail_partner if {\n\tcount(r.findings) == 1 with input as {\"assets\": [{\"id\": \"a\", \"type\": \"ad_account\", \"name\": \"X Prospecting\"}], \"partners\": [], \"members\": [], \"grants\": [{\"asset_id\": \"a\", \"grantee\": {\"kind\": \"partner\", \"id\": \"9\"}, \"tasks\": []}]}\n}\n\ntest_wrong if {\n\tcount(r.findings) == 5 with input as {\"assets\": [], \"grants\": []}\n}\n",
    );
    let folder = dir.path().display().to_string();
    let r = run_with_stdin(
        &["check", "-", "--policy", &folder, "--format", "json"],
        SMALL.as_bytes(),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "acme-no-partner-on-prospecting")
        .expect("custom finding");
    assert_eq!(f["severity"], "medium");
    assert_eq!(f["category"], "acme");
    assert_eq!(f["title"], "No partner on the prospecting account");
    assert_eq!(f["message"], "partner 300 holds Acme - Prospecting");
    assert_eq!(f["remediation"], "Remove the partner from the ad account.");
    assert_eq!(f["subject"]["name"], "Growth Agency");

    let r = run(&["rules", "--policy", &folder]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("acme-no-partner-on-prospecting")
                && l.contains("medium")
                && l.contains("(custom)")),
        "{}",
        r.stdout
    );
    let r = run(&["rules", "--policy", &folder, "--format", "json"]);
    let rules = json(&r.stdout);
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "acme-no-partner-on-prospecting" && r["builtin"] == false));

    // Its tests run with `test PATH`: one passes, one fails -> exit 1.
    let r = run(&["test", &folder]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(
        "PASS data.portfolio_guard.rules.acme.no_partner_on_prospecting_test.test_fail_partner"
    ));
    assert!(r.stdout.contains(
        "FAIL data.portfolio_guard.rules.acme.no_partner_on_prospecting_test.test_wrong"
    ));
    assert!(
        r.stdout.trim_end().ends_with("1 passed, 1 failed"),
        "{}",
        r.stdout
    );

    // A custom rule can be configured like a built-in one.
    let cfg = write(
        dir.path(),
        "org.json",
        r#"{"rules": {"severity": {"acme-no-partner-on-prospecting": "low"}}}"#,
    );
    let r = run_with_stdin(
        &[
            "check", "-", "--policy", &folder, "--config", &cfg, "--format", "json",
        ],
        SMALL.as_bytes(),
    );
    assert!(r.stdout.contains("\"severity\": \"low\""));
}

#[test]
fn broken_custom_policies_are_errors_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let no_meta = write(
        dir.path(),
        "a.rego",
        &CUSTOM_RULE.replace("# METADATA\n", "# not metadata\n"),
    );
    let r = run_with_stdin(&["check", "-", "--policy", &no_meta], SMALL.as_bytes());
    assert_bad_input(&r, &format!("{no_meta}:9: rule package `portfolio_guard.rules.acme.no_partner_on_prospecting` has no `# METADATA`"));

    let bad_sev = write(
        dir.path(),
        "b.rego",
        &CUSTOM_RULE.replace("severity: medium", "severity: urgent"),
    );
    let r = run(&["rules", "--policy", &bad_sev]);
    assert_bad_input(
        &r,
        &format!("{bad_sev}:1: METADATA: unknown custom.severity `urgent`"),
    );

    let bad_yaml = write(
        dir.path(),
        "c.rego",
        &CUSTOM_RULE.replace("# custom:", "# custom: [oops"),
    );
    let r = run(&["rules", "--policy", &bad_yaml]);
    assert_bad_input(&r, "METADATA: malformed YAML");
    assert!(r.stderr.contains(&format!("{bad_yaml}:")), "{}", r.stderr);

    let syntax = write(
        dir.path(),
        "d.rego",
        &CUSTOM_RULE.replace("some g in input.grants", "some g in in input.grants"),
    );
    let r = run_with_stdin(&["check", "-", "--policy", &syntax], SMALL.as_bytes());
    assert_bad_input(&r, &format!("{syntax}:14:"));

    let eval = write(
        dir.path(),
        "e.rego",
        &CUSTOM_RULE.replace(
            "contains(a.name, \"Prospecting\")",
            "time.parse_rfc3339_ns(a.name) > 0",
        ),
    );
    let r = run_with_stdin(&["check", "-", "--policy", &eval], SMALL.as_bytes());
    assert_bad_input(&r, "rule `acme-no-partner-on-prospecting`");
    assert!(r.stderr.contains(&eval), "{}", r.stderr);

    let shape = write(
        dir.path(),
        "f.rego",
        &CUSTOM_RULE.replace(
            "\"message\": sprintf(\"partner %s holds %s\", [g.grantee.id, a.name]),",
            "",
        ),
    );
    let r = run_with_stdin(&["check", "-", "--policy", &shape], SMALL.as_bytes());
    assert_bad_input(&r, "the finding has no `message`");

    let no_findings = write(
        dir.path(),
        "h.rego",
        &CUSTOM_RULE.replace("findings contains f if {", "other contains f if {"),
    );
    let r = run(&["rules", "--policy", &no_findings]);
    assert_bad_input(&r, "defines no `findings` rule");

    let dup = write(
        dir.path(),
        "g.rego",
        &CUSTOM_RULE.replace(
            "id: acme-no-partner-on-prospecting",
            "id: partner-full-control",
        ),
    );
    let r = run(&["rules", "--policy", &dup]);
    assert_bad_input(&r, "rule id `partner-full-control` is used by two packages");
}

#[test]
fn builtin_rego_tests_pass_via_cli() {
    let r = run(&["test"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let last = r.stdout.lines().last().unwrap();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 14, "{last}");
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    assert!(!r.stdout.contains("FAIL "));
}

#[test]
fn explain_and_rules() {
    let r = run(&["explain", "partner-owns-asset"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("`partner-owns-asset` — Partner owns a business asset"));
    assert!(r.stdout.contains("**Severity:** critical"));
    assert!(r.stdout.contains("**Example finding**") && r.stdout.contains("How to fix"));
    let r = run(&["explain", "partner-own-asset"]);
    assert_bad_input(&r, "did you mean `partner-owns-asset`?");
    let r = run(&["rules", "--format", "json"]);
    let rules = json(&r.stdout);
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "partner-owns-asset",
        "asset-owned-elsewhere",
        "external-full-control-member",
        "partner-full-control",
        "grant-to-unknown-grantee",
        "exception-expired",
        "exception-unused",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

/// Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would.
fn run_on_tty(cmdline: &str, no_color: bool) -> String {
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", cmdline, "/dev/null"])
        .current_dir(root())
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd
        .output()
        .expect("util-linux `script` runs the CLI on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn terminal_gets_a_coloured_table_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let snap = write(dir.path(), "s.json", SMALL);
    let cmd = format!("{} check {snap}", env!("CARGO_BIN_EXE_portfolio-guard"));
    let coloured = run_on_tty(&cmd, false);
    assert!(coloured.contains("partner-full-control"), "{coloured}");
    assert!(
        !coloured.trim_start().starts_with('{'),
        "a terminal gets a table, not JSON"
    );
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal: {coloured:?}"
    );
    let plain = run_on_tty(&cmd, true);
    assert!(plain.contains("partner-full-control"));
    assert!(!plain.contains("\u{1b}["), "NO_COLOR ignored: {plain:?}");
}

/// `--plain`: the same findings in a business owner's words; with Markdown, the client's report.
#[test]
fn plain_words_for_a_client() {
    let snapshot = example("agency-onboarding/snapshot.json");
    let config = example("agency-onboarding/org.json");
    let base = ["check", snapshot.as_str(), "-c", config.as_str()];
    let technical = run(&[&base[..], &["-f", "json"]].concat());
    let plain = run(&[&base[..], &["-f", "json", "--plain"]].concat());
    assert_eq!((technical.code, plain.code), (1, 1), "{}", plain.stderr);
    let (t, p) = (json(&technical.stdout), json(&plain.stdout));
    let key = |f: &Value| format!("{} {} {}", f["rule"], f["subject"]["id"], f["asset"]["id"]);
    let keys = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&t), keys(&p));
    assert!(technical.stdout.contains("in the org config"));
    // The texts, that is: `details` keep Meta's codes as data.
    let texts: String = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}\n", f["message"], f["remediation"]))
        .collect();
    assert!(
        !texts.contains("in the org config") && !texts.contains("PROFILE_PLUS_"),
        "{texts}"
    );
    let client = run(&[&base[..], &["-f", "markdown", "--plain"]].concat());
    assert!(
        client
            .stdout
            .starts_with("# Access review: Northwind Outdoor"),
        "{}",
        client.stdout
    );
    assert!(
        !client.stdout.contains("partner-full-control"),
        "a rule id in the client's report"
    );
}
