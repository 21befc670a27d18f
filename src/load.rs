//! The one snapshot loader. An input text — a snapshot, a Graph API capture, a filled
//! spreadsheet template, or one of them inside a wrapper object — in; the validated typed
//! [`Snapshot`] and the engine's `input` out, each input parsed once.
//!
//! An import (bundle or template) gives its snapshot as a [`serde_json::Value`]: the typed
//! snapshot and the engine's `input` are both built from that value, with no text in between;
//! only when it is not a valid snapshot is it written out as text, so that errors name a line
//! and column as before. A snapshot text is read by [`from_text`] (see there why twice).

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use crate::import::{self, Imported, Wrapped};
use crate::snapshot::Snapshot;
#[cfg(not(target_arch = "wasm32"))]
use serde::Deserialize;
use serde_json::Value;

/// An input read: the validated snapshot, the engine's `input`, warnings, and the name used in
/// errors (`… (imported)` for an import).
#[derive(Debug)]
pub struct Loaded {
    pub snapshot: Snapshot,
    /// The snapshot exactly as written (unknown fields kept) as the engine's `input`. An error
    /// only for a valid snapshot the engine cannot take (nested too deeply): the check reports
    /// it after the config's errors.
    pub input: Result<regorus::Value>,
    pub warnings: Vec<String>,
    pub name: String,
}

/// Reads any input the check accepts. Imports' warnings come back with it; an object that holds
/// one export under a key is read from there (with a warning saying so); one that holds several
/// is explained.
pub fn load(text: &str, name: &str, now: Option<&str>) -> Result<Loaded> {
    match read_export(text, name, now) {
        Ok(loaded) => Ok(loaded),
        Err(e) => unwrap_export(text, name, now, e),
    }
}

/// A snapshot, a Graph API capture (imported first; its warnings go into the report) or a filled
/// spreadsheet template (docs/spreadsheet-template.md), read the same way.
fn read_export(text: &str, name: &str, now: Option<&str>) -> Result<Loaded> {
    let imported = if import::looks_like_bundle(text) {
        Some(import::import_str(text, name, now)?)
    } else if crate::template::looks_like_template(text) {
        Some(crate::template::import_template(text, name, now)?)
    } else {
        None
    };
    match imported {
        Some(Imported { snapshot, warnings }) => {
            let name = format!("{name} (imported)");
            let (snapshot, input) = from_value(snapshot, &name)?;
            Ok(Loaded {
                snapshot,
                input,
                warnings,
                name,
            })
        }
        None => {
            let (snapshot, input) = from_text(text, name)?;
            Ok(Loaded {
                snapshot,
                input,
                warnings: Vec::new(),
                name: name.to_string(),
            })
        }
    }
}

/// After `read_export` failed: the one export inside a wrapper, or an error.
fn unwrap_export(text: &str, name: &str, now: Option<&str>, error: Error) -> Result<Loaded> {
    match import::wrapped_export(text) {
        Wrapped::One { key, what, text } => {
            let mut loaded =
                read_export(&text, &format!("{name} (the {what} under `{key}`)"), now)?;
            loaded.warnings.insert(
                0,
                format!("This file is not itself an export: the {what} under `{key}` was read, and the rest of the file was left aside."),
            );
            Ok(loaded)
        }
        Wrapped::Many(keys) => Err(Error::one(
            ErrorKind::Snapshot,
            Diagnostic::new(format!(
                "this file holds several exports (under {}): check them one at a time",
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )
        .in_file(name)),
        Wrapped::None => Err(error),
    }
}

/// A snapshot text: the validated snapshot and the engine's `input`, each read straight from
/// the text. `name` names the input in errors.
///
/// Measured on `gen` snapshots: one parse into a `serde_json::Value` and both built from it
/// was 10–40% slower than these two direct readings and raised the peak memory of a
/// 100,000-grant check from 302 to 435 MB (regorus interns object keys only when it reads text
/// itself), so a snapshot text is read twice, by this one function.
pub fn from_text(text: &str, name: &str) -> Result<(Snapshot, Result<regorus::Value>)> {
    let snapshot = Snapshot::from_json_str(text, name)?;
    let clean = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok((snapshot, input_from_text(clean, name)))
}

/// An imported snapshot (a bundle's or a template's): validated, and the engine's `input`.
/// Errors name places in its JSON text (`name` is the name shown for that text). Natively both
/// are built from the value; the WebAssembly build writes it as text and reads that, as the
/// two extra deserializers would cost ~15 KB of the download for one parse of an import.
pub fn from_value(value: Value, name: &str) -> Result<(Snapshot, Result<regorus::Value>)> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(snapshot) = typed(&value) {
        if let Ok(input) = regorus::Value::deserialize(&value) {
            return Ok((snapshot, Ok(input)));
        }
    }
    let text = value.to_string();
    let snapshot = Snapshot::from_json_str(&text, name)?;
    Ok((snapshot, input_from_text(&text, name)))
}

/// The validated snapshot of a snapshot value, with errors located in its JSON text.
pub fn validated(value: &Value, name: &str) -> Result<Snapshot> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(snapshot) = typed(value) {
        return Ok(snapshot);
    }
    Snapshot::from_json_str(&value.to_string(), name)
}

/// The typed snapshot when the value is a valid one; `None` otherwise (the text path then says
/// what is wrong, and where).
#[cfg(not(target_arch = "wasm32"))]
fn typed(value: &Value) -> Option<Snapshot> {
    let snapshot = Snapshot::deserialize(value).ok()?;
    snapshot.validate().is_empty().then_some(snapshot)
}

/// The engine's `input` from a snapshot text.
fn input_from_text(text: &str, name: &str) -> Result<regorus::Value> {
    regorus::Value::from_json_str(text)
        .map_err(|e| Error::msg(ErrorKind::Snapshot, e.to_string()).in_file(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"schema_version": 1, "captured_at": "2026-11-01T09:30:00Z",
        "business": {"id": "1", "name": "Acme"}, "members": [], "partners": [], "assets": [], "grants": [], "x": {"y": [1, 2.5, -3, null, true]}}"#;

    #[test]
    fn from_text_and_from_value_agree() {
        let (snapshot, input) = from_text(MINIMAL, "s.json").unwrap();
        let value: Value = serde_json::from_str(MINIMAL).unwrap();
        let (typed, from_value) = from_value(value, "s.json").unwrap();
        assert_eq!(snapshot, typed);
        assert_eq!(input.unwrap(), from_value.unwrap());
    }

    #[test]
    fn a_repeated_key_is_judged_by_the_text() {
        let twice = MINIMAL.replace("\"id\": \"1\"", "\"id\": \"1\", \"id\": \"2\"");
        let e = from_text(&twice, "s.json").unwrap_err();
        assert!(e.to_string().contains("duplicate field `id`"), "{e}");
        // A repeated unknown key is fine, the last one kept, as before.
        let unknown = MINIMAL.replace("\"x\":", "\"x\": 1, \"x\":");
        let (_, input) = from_text(&unknown, "s.json").unwrap();
        assert_eq!(
            input.unwrap(),
            regorus::Value::from_json_str(&unknown).unwrap()
        );
    }

    #[test]
    fn errors_still_name_line_and_column() {
        let bad = MINIMAL.replace("\"members\": []", "\"members\": [1]");
        let e = from_text(&bad, "s.json").unwrap_err();
        assert_eq!(e.errors[0].line, Some(2));
        assert!(e.errors[0].column.is_some());
    }
}
