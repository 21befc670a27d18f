#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Helpers shared by the integration tests: run the CLI as a process, write temp files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

/// Runs `portfolio-guard ARGS` with `stdin` piped in, in the crate root, without colour or
/// terminal settings leaking in from the environment.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portfolio-guard"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        // The process may exit before reading everything; that is fine.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_with_stdin(args, b"")
}

/// A bad input: exit 2, nothing on stdout, one clear message on stderr, no panic.
pub fn assert_bad_input(r: &Run, needle: &str) {
    assert_eq!(r.code, 2, "stderr: {}\nstdout: {}", r.stderr, r.stdout);
    assert!(r.stdout.is_empty(), "stdout not empty: {}", r.stdout);
    assert!(
        r.stderr.contains(needle),
        "stderr lacks {needle:?}: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!r.stderr.contains("internal error"), "{}", r.stderr);
    assert!(!r.stderr.contains("RUST_BACKTRACE"), "{}", r.stderr);
}

pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// A small snapshot: business 1 "Acme", partner 300 "Growth Agency", admins 200 "Dana" and
/// 201 "Eli", an ad account owned by the business, and one grant for the partner and for Dana.
/// With [`SMALL_CONFIG`] its only finding is `partner-full-control` (the partner holds MANAGE).
pub const SMALL: &str = include_str!("../fixtures/small.json");

/// The org config that makes [`SMALL`] clean but for the partner's full control.
pub const SMALL_CONFIG: &str = r#"{
  "trusted_domains": ["acme.example"],
  "partners": {"300": {"role": "media_buyer", "verified": true, "justification": "SOW 2026-01", "reviewed_at": "2026-10-01"}}
}"#;

/// `SMALL_CONFIG` overlaid by `over`: top-level keys replace, except `partners`/`members`
/// entries, which are merged field by field.
pub fn small_config_with(over: &str) -> String {
    let mut base = json(SMALL_CONFIG);
    let over = json(over);
    for (k, v) in over.as_object().unwrap() {
        match (k.as_str(), base.get_mut(k)) {
            ("partners" | "members", Some(serde_json::Value::Object(b))) => {
                for (id, fields) in v.as_object().unwrap() {
                    let entry = b.entry(id.clone()).or_insert_with(|| serde_json::json!({}));
                    for (f, fv) in fields.as_object().unwrap() {
                        entry[f] = fv.clone();
                    }
                }
            }
            _ => {
                base[k] = v.clone();
            }
        }
    }
    base.to_string()
}
