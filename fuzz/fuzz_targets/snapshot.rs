//! Snapshot parsing and validation: any bytes give a snapshot or a located error, never a
//! panic; an accepted snapshot survives a round trip through JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use portfolio_guard::snapshot::Snapshot;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Snapshot::from_json_str(text, "snapshot") {
        Ok(snapshot) => {
            let again = serde_json::to_string(&snapshot).expect("a parsed snapshot serialises");
            Snapshot::from_json_str(&again, "again").expect("a parsed snapshot parses again");
        }
        Err(e) => {
            assert!(!e.errors.is_empty(), "an error without a diagnostic");
            let _ = e.to_string();
        }
    }
});
