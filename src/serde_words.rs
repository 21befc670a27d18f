//! serde's error messages in the words of the input, for every audience (the command line,
//! the JSON API, the web page): JSON kinds and what the value is ("an object (the snapshot)",
//! "a list", "a whole number") instead of Rust types ("struct Snapshot", "sequence", "u32").

/// `message` (a serde error's text, without its position) with Rust type names in words.
/// Text serde quotes from the input is kept as it is; a message of a form this does not know is
/// returned unchanged.
pub(crate) fn plain(message: &str) -> String {
    if let Some(untagged) = message.strip_prefix("data did not match any variant of untagged enum ")
    {
        if is_ident(untagged) {
            return "not a value of any accepted form".to_string();
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        // serde reads a struct from a list by position: a list given for an object says so.
        let name = rest
            .split_once(", expected struct ")
            .and_then(|(_, exp)| exp.split_once(" with "))
            .map(|(name, _)| name);
        if let Some(name) = name.filter(|n| is_ident(n)) {
            return format!("invalid type: a list, expected {}", struct_words(name));
        }
    }
    // The last ", expected ": text quoted from the input comes before it.
    let Some(at) = message.rfind(", expected ") else {
        return message.to_string();
    };
    let (head, expected) = (&message[..at], &message[at + ", expected ".len()..]);
    let head = match head.strip_prefix("invalid type: ") {
        Some(unexpected) => format!("invalid type: {}", unexpected_words(unexpected)),
        None => head.to_string(),
    };
    format!("{head}, expected {}", expected_words(expected))
}

/// What serde found, when it names a JSON kind in its own words.
fn unexpected_words(unexpected: &str) -> &str {
    match unexpected {
        "sequence" => "a list",
        "map" => "an object",
        "unit" => "null",
        other => other,
    }
}

/// What serde expected, in JSON's words.
fn expected_words(expected: &str) -> String {
    if let Some(name) = expected.strip_prefix("struct ") {
        let name = name.split_once(" with ").map_or(name, |(n, _)| n);
        if is_ident(name) {
            return struct_words(name).to_string();
        }
    }
    if let Some(name) = expected.strip_prefix("enum ") {
        if is_ident(name) {
            return "one of the allowed values".to_string();
        }
    }
    let words = match expected {
        "a map" => "an object",
        "a sequence" => "a list",
        "a borrowed string" => "a string",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "unit" => "null",
        other => other,
    };
    words.to_string()
}

/// An object of the snapshot or the org config, by what it is.
fn struct_words(name: &str) -> &'static str {
    match name {
        "Snapshot" => "an object (the snapshot)",
        "Source" => "an object (the snapshot's source)",
        "Unread" => "an object (an asset's edge that could not be read)",
        "Business" => "an object (the business)",
        "Member" => "an object (a member)",
        "Partner" => "an object (a partner)",
        "Asset" => "an object (an asset)",
        "Grantee" => "an object (who a grant is for)",
        "Grant" => "an object (a grant)",
        "Invitation" => "an object (an invitation)",
        "OrgConfig" => "an object (the org config)",
        "RoleProfile" => "an object (a role)",
        "TaskProfile" => "an object (a role's tasks on one asset type)",
        "SubjectConfig" => "an object (a partner's or member's settings)",
        "Thresholds" => "an object (the thresholds)",
        "ExceptionConfig" => "an object (an exception)",
        "RuleSettings" => "an object (the rule settings)",
        _ => "an object",
    }
}

/// A Rust identifier, as serde names a type.
fn is_ident(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::BTreeSet;

    /// No Rust type in `message`: no `struct`/`enum`, no CamelCase word, no integer type.
    fn assert_no_rust_type(message: &str) {
        for word in message.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
            let camel = word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && word.chars().skip(1).any(|c| c.is_ascii_uppercase())
                && word.chars().any(|c| c.is_ascii_lowercase());
            let rust = [
                "struct", "enum", "sequence", "map", "u32", "u64", "usize", "i64",
            ];
            assert!(!camel && !rust.contains(&word), "{word:?} in {message:?}");
        }
        for name in ["Snapshot", "OrgConfig", "Member", "Grant", "Thresholds"] {
            assert!(!message.contains(name), "{name} in {message:?}");
        }
    }

    #[test]
    fn a_list_or_a_number_for_the_snapshot_or_the_config() {
        let rules: BTreeSet<String> = BTreeSet::new();
        for text in ["[]", "42", "\"x\"", "null", "true"] {
            let e = crate::snapshot::Snapshot::from_json_str(text, "s.json").unwrap_err();
            let m = &e.errors[0].message;
            assert_no_rust_type(m);
            assert!(m.contains("expected an object (the snapshot)"), "{m}");
            let e = crate::config::load(Some(text), "org.json", &rules).unwrap_err();
            let m = &e.errors[0].message;
            assert_no_rust_type(m);
            assert!(m.contains("expected an object (the org config)"), "{m}");
        }
        let e = crate::snapshot::Snapshot::from_json_str("[]", "s.json").unwrap_err();
        assert_eq!(
            e.errors[0].message,
            "invalid type: a list, expected an object (the snapshot)"
        );
    }

    #[test]
    fn nested_values_name_what_they_are() {
        let rules: BTreeSet<String> = BTreeSet::new();
        for (text, said) in [
            (
                r#"{"partners": []}"#,
                "invalid type: a list, expected an object",
            ),
            (
                r#"{"partners": {"1": 5}}"#,
                "expected an object (a partner's or member's settings)",
            ),
            (
                r#"{"thresholds": []}"#,
                "invalid type: a list, expected an object (the thresholds)",
            ),
            (
                r#"{"thresholds": {"inactive_days": "x"}}"#,
                "expected a whole number, 0 or more",
            ),
            (
                r#"{"exceptions": {}}"#,
                "invalid type: an object, expected a list",
            ),
            (
                r#"{"exceptions": [3]}"#,
                "expected an object (an exception)",
            ),
        ] {
            let e = crate::config::load(Some(text), "org.json", &rules).unwrap_err();
            let m = &e.errors[0].message;
            assert_no_rust_type(m);
            assert!(m.contains(said), "{text}: {m}");
        }
    }

    #[test]
    fn words_for_serde_messages() {
        for (serde, words) in [
            (
                "invalid type: integer `42`, expected struct Snapshot",
                "invalid type: integer `42`, expected an object (the snapshot)",
            ),
            (
                "invalid length 0, expected struct ExceptionConfig with 6 elements",
                "invalid type: a list, expected an object (an exception)",
            ),
            (
                "invalid type: sequence, expected a map",
                "invalid type: a list, expected an object",
            ),
            (
                "invalid type: string \"a, expected struct X\", expected u32",
                "invalid type: string \"a, expected struct X\", expected a whole number, 0 or more",
            ),
            (
                "invalid type: integer `3`, expected enum AssetType",
                "invalid type: integer `3`, expected one of the allowed values",
            ),
            (
                "invalid type: null, expected struct CheckCall",
                "invalid type: null, expected an object",
            ),
            (
                "data did not match any variant of untagged enum JsonInput",
                "not a value of any accepted form",
            ),
            ("missing field `owner`", "missing field `owner`"),
            (
                "unknown variant `pages`, expected one of `ad_account`, `page`",
                "unknown variant `pages`, expected one of `ad_account`, `page`",
            ),
            (
                "unknown field `treshold`, expected one of `roles`, `partners`",
                "unknown field `treshold`, expected one of `roles`, `partners`",
            ),
        ] {
            assert_eq!(plain(serde), words);
        }
    }
}
