#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The facts the engine computes natively (`src/facts.rs`) are exactly what the policies' own
//! definition derives in Rego (`policies/lib/derive.rego`), on generated snapshots, on every
//! example, and on inputs with the odd cases (unknown grantees and assets, pending grants, page
//! task aliases, unread edges, dates).

use portfolio_guard::engine::{prepare, CheckRequest};
use portfolio_guard::generate::generate;
use portfolio_guard::policy::PolicySet;

fn native_and_derived(
    snapshot: &str,
    config: Option<&str>,
) -> (serde_json::Value, serde_json::Value) {
    let set = PolicySet::builtin().unwrap();
    let req = CheckRequest {
        snapshot,
        snapshot_name: "snapshot",
        config,
        config_name: "config",
        ..Default::default()
    };
    let prepared = prepare(&req).unwrap();
    let data = prepared
        .evaluation(&set, &req)
        .unwrap()
        .data_document()
        .unwrap();
    let native = data["portfolio_guard"]["facts"].clone();

    // The same data without the engine's facts: `lib.facts` falls back to the derivation.
    let mut engine = regorus::Engine::new();
    for s in portfolio_guard::policy::builtin_sources() {
        if !s.is_test() {
            engine.add_policy(s.path.clone(), s.text.clone()).unwrap();
        }
    }
    let mut without = data.clone();
    without["portfolio_guard"]
        .as_object_mut()
        .unwrap()
        .remove("facts");
    engine
        .add_data(regorus::Value::from_json_str(&without.to_string()).unwrap())
        .unwrap();
    let input: serde_json::Value = serde_json::from_str(snapshot).unwrap();
    engine.set_input(regorus::Value::from_json_str(&input.to_string()).unwrap());
    let derived = engine
        .eval_rule("data.portfolio_guard.derive.facts".to_string())
        .unwrap();
    let derived = serde_json::to_value(&derived).unwrap();
    (native, derived)
}

/// The first place two JSON values differ, as a path.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    (p, q) => return Some(format!("{path}.{k}: {p:?} vs {q:?}")),
                }
            }
            None
        }
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

fn assert_same(snapshot: &str, config: Option<&str>, what: &str) {
    let (native, derived) = native_and_derived(snapshot, config);
    assert!(
        native["grants"].as_array().is_some_and(|g| !g.is_empty()),
        "{what}: no grants in the facts"
    );
    if let Some(d) = first_difference(&native, &derived, "facts") {
        panic!("{what}: the native facts differ from derive.rego's at {d}");
    }
}

#[test]
fn generated_snapshots_give_the_same_facts() {
    for (grants, seed) in [(400, 1), (600, 7), (300, 42)] {
        let (snapshot, config) = generate(grants, seed);
        assert_same(
            &snapshot.to_string(),
            Some(&config.to_string()),
            &format!("gen {grants}/{seed}"),
        );
        assert_same(
            &snapshot.to_string(),
            None,
            &format!("gen {grants}/{seed} without a config"),
        );
    }
}

#[test]
fn examples_give_the_same_facts() {
    for name in ["agency-onboarding", "clean", "kitchen-sink"] {
        let dir = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        let snapshot = std::fs::read_to_string(format!("{dir}/snapshot.json")).unwrap();
        let config = std::fs::read_to_string(format!("{dir}/org.json")).unwrap();
        assert_same(&snapshot, Some(&config), name);
    }
}

#[test]
fn odd_cases_give_the_same_facts() {
    let snapshot = serde_json::json!({
        "schema_version": 1,
        "captured_at": "2026-11-01T09:30:00Z",
        "source": {"kind": "graph_bundle", "edges": ["agencies"],
                   "unread": [{"asset_id": "p1", "edge": "assigned_users", "error": "x"},
                              {"asset_id": "act_1", "edge": "assigned_users"}]},
        "business": {"id": "1", "name": "Acme"},
        "members": [{"id": "2", "kind": "system_user", "name": "Bot", "last_active_time": "2026-01-01T00:00:00+02:00"},
                    {"id": "3", "kind": "person", "name": "Dana", "email": "d@acme.test"}],
        "partners": [{"id": "9", "name": "Agency"}],
        "assets": [{"id": "act_1", "type": "ad_account", "name": "Main"},
                   {"id": "p1", "type": "page"}],
        "grants": [
            {"asset_id": "p1", "grantee": {"kind": "partner", "id": "9"},
             "tasks": ["PROFILE_PLUS_FULL_CONTROL", "PROFILE_PLUS_ADVERTISE", "ADVERTISE"],
             "status": "pending", "requested_time": "2026-10-01T00:00:00Z"},
            {"asset_id": "act_1", "grantee": {"kind": "member", "id": "2"}, "tasks": ["MANAGE", "MANAGE"],
             "expires_time": "2027-01-31T00:00:00Z"},
            {"asset_id": "p1", "grantee": {"kind": "member", "id": "77"}, "tasks": ["ANALYZE"]},
            {"asset_id": "act_1", "grantee": {"kind": "partner", "id": "2"}, "tasks": []}
        ],
        "invitations": [{"id": "i", "created_time": "2026-09-01T00:00:00Z", "expiration_time": "2026-10-01T00:00:00-07:00"}]
    });
    let config = serde_json::json!({
        "partners": {"9": {"role": "media_buyer", "contract_end": "2026-10-31", "scope": ["act_1"]},
                     "2": {"role": "reporting"}},
        "members": {"2": {"role": "creative", "reviewed_at": "2026-01-01"},
                    "77": {"role": "reporting"}},
        "exceptions": [{"rule": "grant-exceeds-role", "subject": "9", "reason": "r", "owner": "o",
                        "expires": "2027-01-01"}]
    });
    assert_same(
        &snapshot.to_string(),
        Some(&config.to_string()),
        "odd cases",
    );
}
