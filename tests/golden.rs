#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Golden test: the whole JSON report of the kitchen-sink sample, byte for byte.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test --test golden` and
//! review the diff.

mod common;

use common::*;

#[test]
fn kitchen_sink_report_matches_golden() {
    let r = run(&[
        "check",
        &example("kitchen-sink/snapshot.json"),
        "--config",
        &example("kitchen-sink/org.json"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let golden = root().join("tests/golden/kitchen-sink.report.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &r.stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    if r.stdout != expected {
        let diff: Vec<String> = r
            .stdout
            .lines()
            .zip(expected.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(i, (a, b))| format!("line {}:\n  got:      {a}\n  expected: {b}", i + 1))
            .collect();
        panic!(
            "the kitchen-sink report differs from {} (UPDATE_GOLDEN=1 regenerates it):\n{}\n(got {} lines, expected {})",
            golden.display(),
            diff.join("\n"),
            r.stdout.lines().count(),
            expected.lines().count()
        );
    }
}
