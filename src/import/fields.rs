//! Reading one field of a Graph API object into the snapshot: text, a choice among known
//! values, a time; and merging it into an entry without overwriting what is known.

use super::Problems;
use crate::json_path::JsonPath;
use serde_json::{Map, Value};

/// Meta's `2024-02-01T10:00:00+0000` → RFC 3339 `2024-02-01T10:00:00+00:00`.
pub fn normalize_time(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n > 5 && matches!(b[n - 5], b'+' | b'-') && b[n - 4..].iter().all(u8::is_ascii_digit) {
        format!("{}:{}", &s[..n - 2], &s[n - 2..])
    } else {
        s.to_string()
    }
}

pub(super) fn str_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// `v[key]` as text (a number is taken as its digits); absent or null is `None`. Anything else
/// (a list, an object, true/false) is a problem located in the capture, rather than a snapshot
/// that fails validation at a place in the imported text the user never saw.
pub(super) fn text_of(
    v: &Value,
    key: &str,
    at: &JsonPath,
    problems: &mut Problems,
) -> Option<Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Value::String(s.clone())),
        Some(Value::Number(n)) => Some(Value::String(n.to_string())),
        Some(other) => {
            let what = match other {
                Value::Bool(_) => "true/false",
                Value::Array(_) => "a list",
                _ => "an object",
            };
            problems.push((at.key(key), format!("expected text, found {what}")));
            None
        }
    }
}

/// `v[key]` when it is one of `allowed`; another value is left out with a warning (Meta may add
/// values the snapshot format does not know yet).
pub(super) fn choice_of(
    v: &Value,
    key: &str,
    allowed: &[&str],
    at: &JsonPath,
    warnings: &mut Vec<String>,
) -> Option<Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Some(Value::String(s.clone())),
        Some(other) => {
            let shown = match other {
                Value::String(s) => format!("`{s}`"),
                o => format!("`{o}`"),
            };
            warnings.push(format!(
                "{}: unknown {key} {shown} (expected one of {}), left out",
                at.key(key),
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            None
        }
    }
}

pub(super) fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        if !v.is_null() && (!map.contains_key(key) || map[key].is_null()) {
            map.insert(key.to_string(), v);
        }
    }
}

/// `v[key]` as an RFC 3339 time (Meta's `+0000` offsets normalised). A value that is not a
/// time is a problem located in the capture (`at` is `v`'s path), not left for the snapshot's
/// validation to report at a place in the imported text the user never saw.
pub(super) fn time_of(
    v: &Value,
    key: &str,
    at: &JsonPath,
    problems: &mut Problems,
) -> Option<Value> {
    let raw = str_of(v, key)?;
    let t = normalize_time(&raw);
    match crate::time::parse_rfc3339(&t) {
        Ok(_) => Some(Value::String(t)),
        Err(_) => {
            problems.push((
                at.key(key),
                format!("`{raw}` is not a time such as `2026-11-01T09:30:00+0000`"),
            ));
            None
        }
    }
}
