//! Org config parsing, validation and merging over the defaults: a config or a located error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn rule_ids() -> &'static BTreeSet<String> {
    static IDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        portfolio_guard::policy::PolicySet::builtin()
            .expect("the built-in policies load")
            .rules()
            .iter()
            .map(|r| r.id.clone())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = portfolio_guard::config::load(Some(text), "config", rule_ids()) {
        assert!(!e.errors.is_empty(), "an error without a diagnostic");
        let _ = e.to_string();
    }
});
