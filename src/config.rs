//! The org config (`data.config` in Rego): built-in defaults overlaid by the user's file,
//! validated against the rule catalog and the role profiles.

use crate::error::{Error, ErrorKind, Result};
use crate::json_path::{located, parse_typed, JsonPath};
use crate::severity::Severity;
use crate::snapshot::AssetType;
use crate::time::DateOrTime;
use crate::vocab;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Tasks allowed and required on one asset type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TaskProfile {
    #[serde(default)]
    pub allowed: Vec<String>,
    #[serde(default)]
    pub required: Vec<String>,
}

/// A role profile: what a partner or member with this role needs, per asset type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RoleProfile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automation: Option<bool>,
    #[serde(default)]
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "Partial<Record<AssetType, TaskProfile>>")
    )]
    pub assets: BTreeMap<AssetType, TaskProfile>,
}

/// What the org declares about one partner or member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubjectConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Thresholds {
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub review_interval_days: Option<u32>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub inactive_days: Option<u32>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub invitation_max_age_days: Option<u32>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub pending_request_max_age_days: Option<u32>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_full_control_members: Option<u32>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_full_control_members: Option<u32>,
}

/// An accepted risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ExceptionConfig {
    pub rule: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RuleSettings {
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub disabled: Option<Vec<String>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub severity: Option<BTreeMap<String, Severity>>,
}

/// The user's org config file, every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrgConfig {
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub roles: Option<BTreeMap<String, RoleProfile>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub partners: Option<BTreeMap<String, SubjectConfig>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub members: Option<BTreeMap<String, SubjectConfig>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub trusted_domains: Option<Vec<String>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub public_email_domains: Option<Vec<String>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub thresholds: Option<Thresholds>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub exceptions: Option<Vec<ExceptionConfig>>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub rules: Option<RuleSettings>,
    /// Free-form settings for an org's custom policies (`data.config.custom`).
    #[cfg_attr(
        feature = "wasm",
        tsify(optional, type = "Record<string, unknown> | null")
    )]
    pub custom: Option<Map<String, Value>>,
}

/// The merged, validated config: what Rust needs, and the JSON that becomes `data.config`.
#[derive(Debug, Clone)]
pub struct EffectiveConfig {
    pub roles: BTreeMap<String, RoleProfile>,
    pub exceptions: Vec<ExceptionConfig>,
    pub disabled: BTreeSet<String>,
    pub severity: BTreeMap<String, Severity>,
    /// `data.config`.
    pub data: Value,
}

fn builtin_file(path: &str) -> Result<&'static str> {
    crate::policy::builtin_file(path).ok_or_else(|| {
        Error::msg(
            ErrorKind::Config,
            format!("built-in file `{path}` is missing from this build"),
        )
    })
}

/// The built-in defaults: `policies/config/data.json` with `roles` from
/// `policies/config/roles/data.json` (the same place OPA would mount them).
pub fn defaults() -> Result<Value> {
    let base = builtin_file("policies/config/data.json")?;
    let roles = builtin_file("policies/config/roles/data.json")?;
    let mut base: Value = serde_json::from_str(base)
        .map_err(|e| Error::msg(ErrorKind::Config, format!("built-in config: {e}")))?;
    let roles: Value = serde_json::from_str(roles)
        .map_err(|e| Error::msg(ErrorKind::Config, format!("built-in roles: {e}")))?;
    if let Some(obj) = base.as_object_mut() {
        obj.insert("roles".to_string(), roles);
    }
    Ok(base)
}

/// The built-in role profiles, typed.
pub fn builtin_roles() -> Result<BTreeMap<String, RoleProfile>> {
    let text = builtin_file("policies/config/roles/data.json")?;
    parse_typed(text, ErrorKind::Config, "policies/config/roles/data.json")
}

impl OrgConfig {
    pub fn from_json_str(text: &str, file: &str) -> Result<OrgConfig> {
        parse_typed(text, ErrorKind::Config, file)
    }
}

/// Parses, validates and merges the user's config (if any) over the defaults.
/// `rule_ids` is the catalog (built-in and custom) the config may name.
/// `text`/`file` are used to give validation errors a line.
pub fn load(
    text: Option<&str>,
    file: &str,
    rule_ids: &BTreeSet<String>,
) -> Result<EffectiveConfig> {
    let user = match text {
        Some(t) => OrgConfig::from_json_str(t, file)?,
        None => OrgConfig::default(),
    };
    merge(&user, rule_ids)
        .map_err(|problems| located(ErrorKind::Config, problems, text.unwrap_or(""), file))
}

/// A problem in the user's config: where, and what.
type Problems = Vec<(JsonPath, String)>;

fn merge(
    user: &OrgConfig,
    rule_ids: &BTreeSet<String>,
) -> std::result::Result<EffectiveConfig, Problems> {
    let err = |m: Error| vec![(JsonPath::root(), m.to_string())];
    let mut data = defaults().map_err(err)?;
    let mut roles = builtin_roles().map_err(err)?;
    let root = JsonPath::root();
    let mut problems = Vec::new();

    for (name, profile) in user.roles.iter().flatten() {
        check_role(&root.key("roles").key(name), name, profile, &mut problems);
        roles.insert(name.clone(), profile.clone());
    }
    for (list, entries) in [("partners", &user.partners), ("members", &user.members)] {
        for (id, s) in entries.iter().flatten() {
            check_subject(&root.key(list).key(id), s, &roles, &mut problems);
        }
    }
    if let Some(t) = &user.thresholds {
        check_thresholds(&root.key("thresholds"), t, &mut problems);
    }
    let exceptions = user.exceptions.clone().unwrap_or_default();
    for (i, e) in exceptions.iter().enumerate() {
        check_exception(&root.key("exceptions").index(i), e, rule_ids, &mut problems);
    }
    let settings = user.rules.clone().unwrap_or_default();
    check_rule_settings(&root.key("rules"), &settings, rule_ids, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    overlay(&mut data, user)?;
    Ok(EffectiveConfig {
        roles,
        exceptions,
        disabled: settings.disabled.unwrap_or_default().into_iter().collect(),
        severity: settings.severity.unwrap_or_default(),
        data,
    })
}

/// A partner's or member's settings: a known role, dates, email domains.
fn check_subject(
    p: &JsonPath,
    s: &SubjectConfig,
    roles: &BTreeMap<String, RoleProfile>,
    problems: &mut Problems,
) {
    if let Some(role) = &s.role {
        if !roles.contains_key(role) {
            let known: Vec<&str> = roles.keys().map(String::as_str).collect();
            problems.push((
                p.key("role"),
                format!("unknown role `{role}` (known roles: {})", known.join(", ")),
            ));
        }
    }
    for (field, value) in [
        ("reviewed_at", &s.reviewed_at),
        ("contract_end", &s.contract_end),
    ] {
        if let Some(v) = value {
            if let Err(e) = DateOrTime::parse(v) {
                problems.push((p.key(field), e));
            }
        }
    }
    for (i, d) in s.domains.iter().flatten().enumerate() {
        if d.trim().is_empty() || d.contains('@') {
            problems.push((
                p.key("domains").index(i),
                format!("`{d}` is not an email domain such as `agency.example`"),
            ));
        }
    }
}

fn check_thresholds(p: &JsonPath, t: &Thresholds, problems: &mut Problems) {
    if let (Some(min), Some(max)) = (t.min_full_control_members, t.max_full_control_members) {
        if min > max {
            problems.push((
                p.key("min_full_control_members"),
                format!("{min} is more than max_full_control_members ({max})"),
            ));
        }
    }
}

/// An exception: a known rule, the fields that say who answers for it, a valid expiry.
fn check_exception(
    p: &JsonPath,
    e: &ExceptionConfig,
    rule_ids: &BTreeSet<String>,
    problems: &mut Problems,
) {
    if !rule_ids.contains(&e.rule) {
        problems.push((p.key("rule"), unknown_rule(&e.rule)));
    }
    for (field, value) in [
        ("subject", &e.subject),
        ("reason", &e.reason),
        ("owner", &e.owner),
    ] {
        if value.trim().is_empty() {
            problems.push((p.key(field), "must not be empty".to_string()));
        }
    }
    if let Err(m) = DateOrTime::parse(&e.expires) {
        problems.push((p.key("expires"), m));
    }
}

/// `rules.disabled` and `rules.severity` name known rules.
fn check_rule_settings(
    p: &JsonPath,
    settings: &RuleSettings,
    rule_ids: &BTreeSet<String>,
    problems: &mut Problems,
) {
    for (i, id) in settings.disabled.iter().flatten().enumerate() {
        if !rule_ids.contains(id) {
            problems.push((p.key("disabled").index(i), unknown_rule(id)));
        }
    }
    for id in settings.severity.iter().flat_map(BTreeMap::keys) {
        if !rule_ids.contains(id) {
            problems.push((p.key("severity").key(id), unknown_rule(id)));
        }
    }
}

/// Lays the user's config over the defaults (`data`): roles by name, thresholds by key, every
/// other field the user set replaces the default.
fn overlay(data: &mut Value, user: &OrgConfig) -> std::result::Result<(), Problems> {
    let user_value =
        serde_json::to_value(user).map_err(|e| vec![(JsonPath::root(), e.to_string())])?;
    let (Some(d), Value::Object(u)) = (data.as_object_mut(), user_value) else {
        return Ok(());
    };
    for (key, value) in u {
        if value.is_null() {
            continue;
        }
        match (key.as_str(), d.get_mut(&key)) {
            ("roles" | "thresholds", Some(Value::Object(base))) => {
                if let Value::Object(over) = value {
                    for (k, v) in over {
                        if !v.is_null() {
                            base.insert(k, v);
                        }
                    }
                }
            }
            _ => {
                d.insert(key, value);
            }
        }
    }
    Ok(())
}

fn unknown_rule(id: &str) -> String {
    format!("unknown rule id `{id}`: no built-in or custom rule has it")
}

fn check_role(
    path: &JsonPath,
    name: &str,
    profile: &RoleProfile,
    problems: &mut Vec<(JsonPath, String)>,
) {
    if name.trim().is_empty() {
        problems.push((path.clone(), "a role needs a name".to_string()));
    }
    for (ty, tasks) in &profile.assets {
        let p = path.key("assets").key(ty.as_str());
        let known = vocab::tasks(*ty);
        let allowed: BTreeSet<String> = tasks
            .allowed
            .iter()
            .map(|t| vocab::normalize(*ty, t))
            .collect();
        for (field, list) in [("allowed", &tasks.allowed), ("required", &tasks.required)] {
            for (i, t) in list.iter().enumerate() {
                let n = vocab::normalize(*ty, t);
                if let Some(known) = known {
                    if !known.contains(&n.as_str()) {
                        problems.push((
                            p.key(field).index(i),
                            format!(
                                "unknown {} task `{t}` (known: {})",
                                ty.as_str(),
                                known.join(", ")
                            ),
                        ));
                        continue;
                    }
                }
                if field == "required" && !allowed.contains(&n) {
                    problems.push((
                        p.key(field).index(i),
                        format!("`{t}` is required but not in `allowed`"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> BTreeSet<String> {
        ["partner-full-control", "exception-unused"]
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn builtin_roles_are_valid() {
        let roles = builtin_roles().unwrap();
        assert_eq!(roles.len(), 10);
        for (name, profile) in &roles {
            let mut problems = Vec::new();
            check_role(
                &JsonPath::root().key("roles").key(name),
                name,
                profile,
                &mut problems,
            );
            assert!(problems.is_empty(), "{name}: {problems:?}");
        }
    }

    #[test]
    fn no_config_gives_defaults() {
        let c = load(None, "org.json", &ids()).unwrap();
        assert_eq!(c.data["thresholds"]["review_interval_days"], 90);
        assert_eq!(c.data["roles"].as_object().unwrap().len(), 10);
        assert!(c.exceptions.is_empty());
    }

    #[test]
    fn user_overlays_roles_and_thresholds() {
        let text = r#"{"roles": {"reporting": {"assets": {"ad_account": {"allowed": ["ANALYZE"]}}},
                                 "intern": {"assets": {}}},
                       "thresholds": {"inactive_days": 30},
                       "public_email_domains": ["mail.example"],
                       "partners": {"9": {"role": "intern", "reviewed_at": "2026-09-01"}}}"#;
        let c = load(Some(text), "org.json", &ids()).unwrap();
        assert_eq!(c.data["roles"].as_object().unwrap().len(), 11);
        assert_eq!(
            c.data["roles"]["reporting"]["assets"]["ad_account"]["allowed"],
            serde_json::json!(["ANALYZE"])
        );
        assert_eq!(c.data["thresholds"]["inactive_days"], 30);
        assert_eq!(c.data["thresholds"]["review_interval_days"], 90);
        assert_eq!(
            c.data["public_email_domains"],
            serde_json::json!(["mail.example"])
        );
        assert_eq!(c.data["partners"]["9"]["role"], "intern");
    }

    #[test]
    fn errors_name_the_place() {
        let text = "{\n\"partners\": {\"9\": {\"role\": \"hacker\", \"contract_end\": \"31/01/2027\"}},\n\"exceptions\": [{\"rule\": \"nope\", \"subject\": \"9\", \"reason\": \" \", \"owner\": \"o\", \"expires\": \"2027-01-01\"}],\n\"rules\": {\"disabled\": [\"partner-full-control\", \"typo-rule\"]}}";
        let e = load(Some(text), "org.json", &ids()).unwrap_err();
        let shown: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 5, "{shown:#?}");
        assert!(
            shown[0].starts_with("org.json:2:")
                && shown[0].contains("partners.9.role: unknown role `hacker`")
        );
        assert!(shown[1].contains("partners.9.contract_end"));
        assert!(
            shown[2].starts_with("org.json:3:")
                && shown[2].contains("exceptions[0].rule: unknown rule id `nope`")
        );
        assert!(shown[3].contains("exceptions[0].reason: must not be empty"));
        assert!(shown[4].contains("rules.disabled[1]: unknown rule id `typo-rule`"));
    }

    #[test]
    fn exception_without_owner_and_unknown_keys() {
        let e = load(
            Some(r#"{"exceptions": [{"rule": "partner-full-control", "subject": "9", "reason": "r", "expires": "2027-01-01"}]}"#),
            "org.json",
            &ids(),
        )
        .unwrap_err();
        assert_eq!(e.errors[0].path.as_deref(), Some("exceptions[0]"));
        assert!(e.errors[0].message.contains("missing field `owner`"));
        let e = load(Some(r#"{"treshold": {}}"#), "org.json", &ids()).unwrap_err();
        assert!(
            e.errors[0].message.contains("unknown field `treshold`"),
            "{e}"
        );
    }

    #[test]
    fn role_task_typos_and_required_not_allowed() {
        let text = r#"{"roles": {"x": {"assets": {"ad_account": {"allowed": ["ADVERTISER"], "required": ["ANALYZE"]},
                                                   "page": {"allowed": ["PROFILE_PLUS_ANALYZE"], "required": ["ANALYZE"]}}}}}"#;
        let e = load(Some(text), "org.json", &ids()).unwrap_err();
        let shown: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].contains(
            "roles.x.assets.ad_account.allowed[0]: unknown ad_account task `ADVERTISER`"
        ));
        assert!(shown[1].contains(
            "roles.x.assets.ad_account.required[0]: `ANALYZE` is required but not in `allowed`"
        ));
    }
}
