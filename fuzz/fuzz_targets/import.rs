//! The Graph API importer: any capture gives a valid snapshot (or a located error); what it
//! produces always passes the snapshot's own validation.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_guard::snapshot::Snapshot;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match portfolio_guard::import::import_str(text, "bundle", Some("2026-11-01T00:00:00Z")) {
        Ok(imported) => {
            let snapshot = imported.snapshot.to_string();
            if let Err(e) = Snapshot::from_json_str(&snapshot, "imported") {
                panic!("the importer produced an invalid snapshot: {e}");
            }
        }
        Err(e) => assert!(!e.errors.is_empty(), "an error without a diagnostic"),
    }
});
