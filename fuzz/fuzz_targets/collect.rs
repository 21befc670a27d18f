//! The collection plan fed arbitrary answers (status, headers, body per call): it never
//! panics, always ends (done or failed), and what it collected imports or fails cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_guard::collect::{Options, Plan, Step};

fuzz_target!(|data: &[u8]| {
    let mut opts = Options::new("100");
    opts.max_wait_ms = 60_000;
    let Ok(mut plan) = Plan::new(opts) else {
        return;
    };
    plan.scrub("SECRET");
    // Each answer is a chunk of the input: the first byte picks a status, the rest is the body.
    let mut answers = data.split(|&b| b == 0xff);
    for _ in 0..200 {
        match plan.next_step() {
            Step::Send { calls } => {
                for call in calls {
                    let Some(chunk) = answers.next() else {
                        plan.network_error(call.id, "the input ended");
                        continue;
                    };
                    let status = match chunk.first() {
                        Some(b) if b % 4 == 0 => 500,
                        Some(b) if b % 4 == 1 => 400,
                        _ => 200,
                    };
                    let body = String::from_utf8_lossy(chunk.get(1..).unwrap_or_default());
                    let usage = ("x-app-usage".to_string(), body.to_string());
                    plan.answer(call.id, status, &[usage], &body);
                }
            }
            Step::Wait { .. } => {}
            Step::Done | Step::Failed { .. } => break,
        }
    }
    let bundle = plan.bundle("2026-11-01T00:00:00Z").to_string();
    assert!(!bundle.contains("SECRET"), "the secret reached the bundle");
    if let Err(e) = portfolio_guard::import::import_str(&bundle, "bundle", None) {
        assert!(!e.errors.is_empty(), "an error without a diagnostic");
    }
});
