//! The JSON API the WebAssembly layer calls: any text gives a JSON answer of the tagged union
//! `{type: "success", …} | {type: "failure", kind, errors: [{message, …}, …]}`, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn tagged(answer: &str) {
    let v: Value = serde_json::from_str(answer).expect("the answer is JSON");
    match v["type"].as_str() {
        Some("success") => {}
        Some("failure") => {
            let errors = v["errors"].as_array().expect("a failure has errors");
            assert!(!errors.is_empty(), "a failure without errors");
            assert!(errors.iter().all(|e| e["message"].is_string()));
            assert_ne!(v["kind"], "internal", "an internal error: {v}");
        }
        _ => panic!("not a tagged answer: {v}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the call, the rest is its argument.
    let (pick, call) = text.split_at(text.char_indices().nth(1).map_or(text.len(), |(i, _)| i));
    let answer = match pick.bytes().next().unwrap_or(0) % 4 {
        0 => portfolio_guard::api::check_json_str(call),
        1 => portfolio_guard::api::import_json_str(call),
        2 => portfolio_guard::api::roles_json_str(call),
        _ => portfolio_guard::api::test_json_str(call),
    };
    tagged(&answer);
});
