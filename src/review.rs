//! Saved review files: a check's snapshot, config and report in one JSON file, so that a later
//! check can be compared with it ([`crate::compare`]).
//!
//! ```json
//! {"format": "portfolio-guard-review/v1", "saved_at": "2026-11-01T10:00:00Z",
//!  "snapshot": {…}, "config": {…}, "report": {…}}
//! ```
//!
//! `snapshot` is anything `check` reads (a snapshot, a Graph bundle, a filled template), as a
//! JSON value or as its text; `config` (optional) is the org config it was checked with, as a
//! value or text; `report` (optional) is the report as saved, kept for people: a comparison
//! checks the snapshot again with today's rules.

use crate::error::{Diagnostic, Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `format` of a review file this version reads and writes.
pub const FORMAT: &str = "portfolio-guard-review/v1";

/// A saved review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// [`FORMAT`].
    pub format: String,
    /// When it was saved (RFC 3339).
    pub saved_at: String,
    /// The export checked: a JSON value, or its text.
    pub snapshot: Value,
    /// The org config it was checked with: a JSON value, or its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    /// The report as saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Value>,
}

/// A review file's export and config, as texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacked {
    pub snapshot: String,
    pub config: Option<String>,
}

/// When `text` is a review file: its export and config; `None` for any other input (read as
/// `check` reads it). A file that says it is a review but is not a well-formed one is an error
/// naming the place.
pub fn unpack(text: &str, name: &str) -> Result<Option<Unpacked>> {
    if !text.contains("portfolio-guard-review/") {
        return Ok(None);
    }
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(text) else {
        return Ok(None);
    };
    match obj.get("format").and_then(Value::as_str) {
        Some(f) if f == FORMAT => {}
        Some(f) if f.starts_with("portfolio-guard-review/") => {
            return Err(Error::one(
                ErrorKind::Snapshot,
                Diagnostic::at_path(
                    "format",
                    format!("review file format `{f}` is not one this version reads ({FORMAT})"),
                )
                .in_file(name),
            ))
        }
        _ => return Ok(None),
    }
    let review: Review = serde_path_to_error::deserialize(Value::Object(obj)).map_err(|e| {
        let path = e.path().to_string();
        Error::one(
            ErrorKind::Snapshot,
            Diagnostic::at_path(
                if path == "." { String::new() } else { path },
                format!(
                    "not a review file: {}",
                    crate::serde_words::plain(&e.inner().to_string())
                ),
            )
            .in_file(name),
        )
    })?;
    let text_of = |v: Value| match v {
        Value::String(s) => s,
        other => other.to_string(),
    };
    Ok(Some(Unpacked {
        snapshot: text_of(review.snapshot),
        config: review.config.filter(|c| !c.is_null()).map(text_of),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_and_texts_and_ignores_other_inputs() {
        let v = r#"{"format": "portfolio-guard-review/v1", "saved_at": "2026-11-01T10:00:00Z",
            "snapshot": {"schema_version": 1}, "config": "{\"partners\": {}}"}"#;
        let u = unpack(v, "r.json").unwrap().unwrap();
        assert_eq!(u.snapshot, r#"{"schema_version":1}"#);
        assert_eq!(u.config.as_deref(), Some(r#"{"partners": {}}"#));
        assert_eq!(unpack(r#"{"schema_version": 1}"#, "s.json").unwrap(), None);
        let named = r#"{"business": {"name": "portfolio-guard-review/v1"}}"#;
        assert_eq!(unpack(named, "s.json").unwrap(), None);
    }

    #[test]
    fn a_bad_review_names_the_place() {
        let e = unpack(
            r#"{"format": "portfolio-guard-review/v1", "saved_at": "x"}"#,
            "r.json",
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `snapshot`"), "{e}");
        let e = unpack(
            r#"{"format": "portfolio-guard-review/v9", "snapshot": {}}"#,
            "r.json",
        )
        .unwrap_err();
        assert_eq!(e.errors[0].path.as_deref(), Some("format"));
        let e = unpack(
            r#"{"format": "portfolio-guard-review/v1", "saved_at": "x", "snapshot": {}, "extra": 1}"#,
            "r.json",
        )
        .unwrap_err();
        assert!(e.to_string().contains("extra"), "{e}");
    }
}
