//! An export handed over inside another object (`{"data": {<bundle>}}`, a saved file that keeps
//! the export next to other things): found, so the user is not told "no `format`" about a file
//! that plainly holds a bundle.

use serde_json::Value;

/// What a JSON object that is neither a snapshot nor a bundle holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrapped {
    /// Exactly one snapshot or bundle, under `key`, as JSON text.
    One {
        key: String,
        what: &'static str,
        text: String,
    },
    /// Several, under these keys: the user has to pick one.
    Many(Vec<String>),
    /// None: not a wrapper.
    None,
}

/// A snapshot (`schema_version` and `business`) or a Graph bundle (`format`).
fn export_kind(v: &Value) -> Option<&'static str> {
    let obj = v.as_object()?;
    if obj
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| f.starts_with("meta-graph-bundle/"))
    {
        Some("Graph bundle")
    } else if obj.contains_key("schema_version") && obj.contains_key("business") {
        Some("snapshot")
    } else {
        None
    }
}

/// Looks one level into a JSON object whose top level is not an export itself.
pub fn wrapped_export(text: &str) -> Wrapped {
    let clean = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(clean) else {
        return Wrapped::None;
    };
    if export_kind(&Value::Object(obj.clone())).is_some() {
        return Wrapped::None;
    }
    let mut found: Vec<(&String, &'static str, &Value)> = obj
        .iter()
        .filter_map(|(k, v)| export_kind(v).map(|what| (k, what, v)))
        .collect();
    match found.len() {
        0 => Wrapped::None,
        1 => {
            let (key, what, value) = found.remove(0);
            Wrapped::One {
                key: key.clone(),
                what,
                text: value.to_string(),
            }
        }
        _ => Wrapped::Many(found.into_iter().map(|(k, _, _)| k.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_bundle_or_snapshot_under_a_key() {
        let w = wrapped_export(
            r#"{"note": "x", "data": {"format": "meta-graph-bundle/v1", "responses": []}}"#,
        );
        let Wrapped::One { key, what, text } = w else {
            panic!("expected one, got {w:?}");
        };
        assert_eq!((key.as_str(), what), ("data", "Graph bundle"));
        assert!(text.starts_with("{\"format\""));
        let w = wrapped_export(r#"{"review": {"schema_version": 1, "business": {"id": "1"}}}"#);
        assert!(
            matches!(
                w,
                Wrapped::One {
                    what: "snapshot",
                    ..
                }
            ),
            "{w:?}"
        );
    }

    #[test]
    fn several_are_named_and_exports_themselves_are_not_wrappers() {
        let w = wrapped_export(
            r#"{"a": {"format": "meta-graph-bundle/v1"}, "b": {"schema_version": 1, "business": {}}}"#,
        );
        assert_eq!(w, Wrapped::Many(vec!["a".into(), "b".into()]));
        assert_eq!(
            wrapped_export(
                r#"{"format": "meta-graph-bundle/v1", "x": {"format": "meta-graph-bundle/v1"}}"#
            ),
            Wrapped::None
        );
        assert_eq!(wrapped_export("[1]"), Wrapped::None);
        assert_eq!(wrapped_export("not json"), Wrapped::None);
        assert_eq!(wrapped_export(r#"{"a": 1}"#), Wrapped::None);
    }
}
