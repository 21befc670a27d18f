//! The spreadsheet template: any text gives a valid snapshot (or a located error), and that
//! snapshot exported as a template imports back to the same snapshot.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_guard::snapshot::Snapshot;
use portfolio_guard::template::{export_template, import_template};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match import_template(text, "access.csv", Some("2026-11-01T00:00:00Z")) {
        Ok(imported) => {
            let snapshot = imported.snapshot.to_string();
            if let Err(e) = Snapshot::from_json_str(&snapshot, "imported") {
                panic!("the template produced an invalid snapshot: {e}");
            }
            let again = import_template(&export_template(&imported.snapshot), "again.csv", None)
                .unwrap_or_else(|e| panic!("an exported template does not import: {e}"));
            assert_eq!(again.snapshot, imported.snapshot, "the round trip changed the snapshot");
        }
        Err(e) => assert!(!e.errors.is_empty(), "an error without a diagnostic"),
    }
});
