//! The thin WebAssembly layer: JSON text in, JSON text out, over [`crate::api`]. Every answer
//! is `{"type": "success", …}` or `{"type": "failure", "kind", "errors": [...]}`; see
//! `pkg/portfolio_guard.d.ts` and the README's JavaScript section.

use wasm_bindgen::prelude::*;

/// `{snapshot, config?, policies?, now?, format?}` → `{type, report, rendered?}`.
#[wasm_bindgen]
pub fn check(call: &str) -> String {
    crate::api::check_json_str(call)
}

/// `{policies?}` → `{type, rules}`: the rule catalog, built-in and custom.
#[wasm_bindgen]
pub fn rules(call: &str) -> String {
    crate::api::rules_json_str(call)
}

/// `{config?}` → `{type, roles}`: the role profiles (built-in, overlaid by the config's).
#[wasm_bindgen]
pub fn roles(call: &str) -> String {
    crate::api::roles_json_str(call)
}

/// `{policies}` → `{type, tests: {passed, failed, tests}}`: runs the org's `test_*` rules.
#[wasm_bindgen(js_name = runTests)]
pub fn run_tests(call: &str) -> String {
    crate::api::test_json_str(call)
}

/// `{bundle, now?}` → `{type, snapshot, warnings}`: a Graph API capture as a snapshot.
#[wasm_bindgen(js_name = importBundle)]
pub fn import_bundle(call: &str) -> String {
    crate::api::import_json_str(call)
}

/// `[{name, description, snapshot, config}]`: the bundled samples.
#[wasm_bindgen]
pub fn samples() -> String {
    crate::api::samples_json_str()
}

#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
