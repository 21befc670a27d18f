#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A scaling guard, not a timing assertion: the whole catalog on 50,000 generated grants may
//! take at most 15× what it takes on 5,000 (linear cost is 10×; nested iteration over grants
//! would be ~100×). Run in release mode (`cargo test --release --test scaling`); in a debug
//! build it is skipped.

use portfolio_guard::engine::{check, CheckRequest};
use portfolio_guard::generate::generate;
use portfolio_guard::policy::PolicySet;
use std::time::{Duration, Instant};

fn best_of(runs: usize, set: &PolicySet, grants: usize) -> (Duration, usize) {
    let (snapshot, config) = generate(grants, 1);
    let (snapshot, config) = (snapshot.to_string(), config.to_string());
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = check(
            set,
            &CheckRequest {
                snapshot: &snapshot,
                snapshot_name: "generated",
                config: Some(&config),
                config_name: "generated-org",
                now: None,
                ..Default::default()
            },
        )
        .unwrap();
        best = best.min(start.elapsed());
        findings = report.findings.len();
    }
    (best, findings)
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing ratios need a release build")]
fn whole_catalog_cost_grows_linearly() {
    let set = PolicySet::builtin().unwrap();
    let (small, f_small) = best_of(3, &set, 5_000);
    let (large, f_large) = best_of(2, &set, 50_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    eprintln!(
        "5k grants: {small:?} ({f_small} findings); 50k grants: {large:?} ({f_large} findings); ratio {ratio:.1}"
    );
    assert!(
        f_large > f_small && f_small > 0,
        "the generator should produce findings"
    );
    assert!(
        ratio <= 15.0,
        "50k/5k = {ratio:.1}× (> 15×): some rule is not linear"
    );
}
