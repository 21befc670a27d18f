#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `portfolio-guard collect` and `check --collect` as processes, against the fake Graph API in
//! tests/fake-graph/ (Node): a 60-asset business whose edges page, one throttled request, one
//! HTTP 500, one Page whose partners cannot be read, and expired-token / no-permission modes.
//! Skipped (with a message) where Node is not installed.

mod common;

use common::root;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const TOKEN: &str = "EAAB-fake-token-5f3a9c";
const FIXTURE: &str = "tests/fixtures/collect/business.snapshot.json";
const GOLDEN: &str = "tests/golden/collect.bundle.json";
/// The capture time written into the golden bundle in place of the real one.
const CAPTURED_AT: &str = "2026-11-15T09:00:00+00:00";

struct Fake {
    child: Child,
    url: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Fake {
    /// The HTTP calls the fake received: `{method, path, batch, status, …}` per line.
    fn calls(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn raw_log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fake(args: &[&str]) -> Option<Fake> {
    if !node_available() {
        eprintln!("skipped: Node.js is not installed (the fake Graph API runs in Node)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls.jsonl");
    let mut child = Command::new("node")
        .arg("tests/fake-graph/server.mjs")
        .args(["--snapshot", FIXTURE, "--token", TOKEN, "--port", "0"])
        .arg("--log")
        .arg(&log)
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("the fake did not start: {line:?}"))
        .to_string();
    Some(Fake {
        child,
        url,
        log,
        _dir: dir,
    })
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the CLI with the token in META_ACCESS_TOKEN (or none), stdin and stderr not terminals.
fn cli(args: &[&str], token: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portfolio-guard"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("META_ACCESS_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(t) = token {
        cmd.env("META_ACCESS_TOKEN", t);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn business_id() -> String {
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["business"]["id"].as_str().unwrap().to_string()
}

fn report(snapshot: &str) -> Value {
    let r = cli(
        &["check", snapshot, "--now", CAPTURED_AT, "--format", "json"],
        None,
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn findings(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| serde_json::to_string(f).unwrap())
        .collect();
    out.sort();
    out
}

#[test]
fn collected_bundle_checks_like_the_fixture_and_matches_the_golden_file() {
    let Some(fake) = fake(&[]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let bundle_path = dir.path().join("bundle.json");
    let bid = business_id();
    let r = cli(
        &[
            "collect",
            "--business",
            &bid,
            "--graph-url",
            &fake.url,
            "-o",
            bundle_path.to_str().unwrap(),
        ],
        Some(TOKEN),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // Not a terminal: no progress bar, only the one warning about the unreadable Page.
    assert!(
        !r.stderr.contains('\r') && !r.stderr.contains("requests ·"),
        "{}",
        r.stderr
    );
    let warnings: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(warnings[0].starts_with("warning: could not read which partners have access to Page `"));

    // The golden bundle (captured_at pinned).
    let text = std::fs::read_to_string(&bundle_path).unwrap();
    assert!(!text.contains(TOKEN));
    let mut bundle: Value = serde_json::from_str(&text).unwrap();
    bundle["captured_at"] = Value::String(CAPTURED_AT.into());
    // Paging URLs name the fake's port, which changes from run to run.
    let pinned = format!("{}\n", serde_json::to_string_pretty(&bundle).unwrap())
        .replace(&fake.url, "http://127.0.0.1:PORT");
    let golden = root().join(GOLDEN);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &pinned).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert!(
        pinned == expected,
        "the collected bundle differs from {GOLDEN} (UPDATE_GOLDEN=1 cargo test --test collect regenerates it)"
    );
    std::fs::write(&bundle_path, &pinned).unwrap();

    // The same findings as the fixture as Meta shows it: the fixture with that Page's partners
    // unreadable (`source.unread`), plus exactly one warning.
    let collected = report(bundle_path.to_str().unwrap());
    let unread = collected["warnings"].as_array().unwrap();
    assert_eq!(unread.len(), 1, "{unread:?}");
    let imported: Value =
        serde_json::from_str(&cli(&["import", bundle_path.to_str().unwrap()], None).stdout)
            .unwrap();
    let unread_source = imported["source"]["unread"].clone();
    assert_eq!(unread_source.as_array().map(Vec::len), Some(1));
    assert_eq!(unread_source[0]["edge"], "agencies");
    let fixture_text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let mut fixture: Value = serde_json::from_str(&fixture_text).unwrap();
    fixture["source"] = serde_json::json!({
        "kind": "graph_bundle",
        "edges": imported["source"]["edges"],
        "unread": unread_source,
    });
    let as_meta_shows = dir.path().join("fixture-unread.json");
    std::fs::write(&as_meta_shows, fixture.to_string()).unwrap();
    let expected = report(as_meta_shows.to_str().unwrap());
    assert_eq!(findings(&collected), findings(&expected));
    assert_eq!(collected["summary"], expected["summary"]);

    // Against the plain fixture, the one difference is the check that concludes from missing
    // partner access: silent while one Page's partners are unknown.
    let plain = report(FIXTURE);
    let missing: Vec<String> = findings(&plain)
        .into_iter()
        .filter(|f| !findings(&collected).contains(f))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].contains("\"rule\":\"partner-without-assets\""),
        "{}",
        missing[0]
    );
    assert!(findings(&collected)
        .iter()
        .all(|f| findings(&plain).contains(f)));

    // Batched: every call is a POST batch of at most 50; the token never in a logged URL.
    let calls = fake.calls();
    assert!(calls.iter().all(|c| c["method"] == "POST"), "{calls:?}");
    assert!(calls
        .iter()
        .all(|c| c["batch"].as_array().is_some_and(|b| b.len() <= 50)));
    assert!(!fake.raw_log().contains(TOKEN));
    // 60+ assets → ~140 requests; batched they take a handful of calls (plus the 500 retried).
    assert!(calls.len() <= 10, "{} HTTP calls", calls.len());
}

#[test]
fn check_collect_checks_in_one_go_and_saves_the_bundle() {
    let Some(fake) = fake(&["--no-throttle", "--no-500"]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.json");
    let bid = business_id();
    let r = cli(
        &[
            "check",
            "--collect",
            &bid,
            "--graph-url",
            &fake.url,
            "--save-bundle",
            saved.to_str().unwrap(),
            "--now",
            CAPTURED_AT,
            "--format",
            "json",
        ],
        Some(TOKEN),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN));
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!report["findings"].as_array().unwrap().is_empty());
    assert_eq!(report["warnings"].as_array().unwrap().len(), 1);
    let again = self::report(saved.to_str().unwrap());
    assert_eq!(findings(&again), findings(&report));
    assert!(!std::fs::read_to_string(&saved).unwrap().contains(TOKEN));
}

/// `collect` against the fake started with `fake_args`, run with `token`: it must exit 2 with
/// nothing on stdout and the token nowhere; its stderr and the fake's call count.
fn failed_collect(fake_args: &[&str], token: &str) -> Option<(String, usize)> {
    let fake = fake(fake_args)?;
    let r = cli(
        &[
            "collect",
            "--business",
            &business_id(),
            "--graph-url",
            &fake.url,
        ],
        Some(token),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(!r.stderr.contains(token), "{}", r.stderr);
    Some((r.stderr, fake.calls().len()))
}

#[test]
fn an_expired_token_exits_2_saying_so() {
    let Some((stderr, calls)) = failed_collect(&["--mode", "expired"], TOKEN) else {
        return;
    };
    assert!(
        stderr.contains("the access token is invalid or has expired"),
        "{stderr}"
    );
    assert!(stderr.contains("Session has expired"), "{stderr}");
    assert_eq!(calls, 1, "stops at the first answer");
}

#[test]
fn a_wrong_token_exits_2_and_is_not_echoed() {
    let Some((stderr, _)) = failed_collect(&[], "EAAB-wrong-token-777") else {
        return;
    };
    assert!(stderr.contains("invalid or has expired"), "{stderr}");
}

#[test]
fn a_missing_permission_exits_2_naming_it() {
    let Some((stderr, _)) = failed_collect(&["--mode", "no-permission"], TOKEN) else {
        return;
    };
    assert!(stderr.contains("`business_management`"), "{stderr}");
    assert!(stderr.contains("System users"), "{stderr}");
}

#[test]
fn without_a_token_it_exits_2_explaining_how_to_give_one() {
    let r = cli(&["collect", "--business", "100000000000001"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("META_ACCESS_TOKEN"), "{}", r.stderr);
    assert!(r.stderr.contains("never taken as a command-line argument"));
    let r = cli(&["collect", "--business", "100000000000001"], Some("  "));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("set but empty"), "{}", r.stderr);
}

#[test]
fn a_bad_business_id_is_refused_before_any_request() {
    let Some(fake) = fake(&[]) else { return };
    let r = cli(
        &[
            "collect",
            "--business",
            "me/accounts",
            "--graph-url",
            &fake.url,
        ],
        Some(TOKEN),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not a business portfolio ID"),
        "{}",
        r.stderr
    );
    assert!(fake.calls().is_empty());
    let r = cli(&["check", "--collect", "1", "x.json"], Some(TOKEN));
    assert_eq!(r.code, 2, "a file and --collect together: {}", r.stderr);
}

#[test]
fn the_reference_lists_exactly_the_requests_collect_makes() {
    use portfolio_guard::collect::requests::{
        asset_path, business_path, ASSET_EDGES, BUSINESS_REQUESTS,
    };
    let doc = std::fs::read_to_string(root().join("docs/export-from-meta.md")).unwrap();
    let mut listed = 0;
    for r in BUSINESS_REQUESTS {
        let path = business_path("<BID>", r);
        assert!(
            doc.contains(&format!("`{path}`")),
            "docs/export-from-meta.md lacks `{path}`"
        );
        listed += 1;
    }
    for edge in ASSET_EDGES {
        let path = asset_path("<BID>", "<ASSET>", edge);
        assert!(
            doc.contains(&format!("`{path}`")),
            "docs/export-from-meta.md lacks `{path}`"
        );
        listed += 1;
    }
    // And no request in the table that collect does not make.
    let rows = doc
        .lines()
        .filter(|l| l.starts_with("| `/<BID>") || l.starts_with("| per asset"))
        .count();
    assert_eq!(rows, listed);
}

/// On a terminal (a pseudo-terminal from util-linux `script`, where installed): a progress bar
/// on standard error, and none with `--quiet`.
#[test]
fn a_terminal_gets_a_progress_bar_unless_quiet() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: no `script` to run the CLI on a pseudo-terminal");
        return;
    }
    let Some(fake) = fake(&["--no-throttle", "--no-500"]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let on_tty = |extra: &str| {
        let cmd = format!(
            "{} collect --business {} --graph-url {} -o {} {extra}",
            env!("CARGO_BIN_EXE_portfolio-guard"),
            business_id(),
            fake.url,
            dir.path().join("b.json").display()
        );
        let out = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(root())
            .env("META_ACCESS_TOKEN", TOKEN)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let shown = on_tty("");
    assert!(shown.contains("requests · reading"), "{shown}");
    assert!(shown.contains("137/137 requests"), "{shown}");
    assert!(shown.contains("collected business"), "{shown}");
    assert!(!shown.contains(TOKEN));
    let quiet = on_tty("--quiet");
    assert!(!quiet.contains("requests ·"), "{quiet}");
    assert!(quiet.contains("warning: could not read"), "{quiet}");
}
