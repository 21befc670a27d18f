//! The task glossary: for each asset type, every Meta task code (page codes normalized, without
//! `PROFILE_PLUS_`), its short human name, what it lets someone do, and its level (full
//! control, can act, view only).
//!
//! One source: `policies/config/tasks.json`. Rust embeds it here; the rules read the same file
//! as `data.portfolio_guard.tasks` (`lib.full_control_tasks` is derived from it); the page gets
//! it from the `glossary` call; [`crate::vocab`] takes its task lists from it.

use crate::snapshot::AssetType;
use crate::vocab;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The glossary's text, as the rules receive it.
pub const SOURCE: &str = include_str!("../policies/config/tasks.json");

/// How much a task gives on its asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Level {
    /// Everything on the asset, including who else has access.
    FullControl,
    /// Changes something: publishes, spends, answers, sends data.
    CanAct,
    /// Only looks.
    ViewOnly,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::FullControl => "full_control",
            Level::CanAct => "can_act",
            Level::ViewOnly => "view_only",
        }
    }
}

/// One task of one asset type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Task {
    /// A short human name, e.g. "Manage campaigns".
    pub name: String,
    /// One plain sentence: what the task lets someone do.
    pub allows: String,
    pub level: Level,
}

/// Per asset type, its tasks by code; serialized exactly in the data file's shape
/// (`{"<asset_type>": {"<TASK_CODE>": {name, allows, level}}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "wasm",
    tsify(type = "Partial<Record<AssetType, Record<string, Task>>>")
)]
pub struct Glossary(BTreeMap<AssetType, BTreeMap<String, Task>>);

impl Glossary {
    /// The tasks of a type by code (sorted), or `None` where Meta publishes no fixed list
    /// (apps, `other`).
    pub fn of_type(&self, asset_type: AssetType) -> Option<&BTreeMap<String, Task>> {
        self.0.get(&asset_type)
    }

    /// A task of a type; `code` may be raw (`PROFILE_PLUS_ADVERTISE`) or normalized.
    pub fn task(&self, asset_type: AssetType, code: &str) -> Option<&Task> {
        self.of_type(asset_type)?
            .get(vocab::normalize(asset_type, code).as_str())
    }

    /// Every (type, code, task), types in [`AssetType`] order, codes sorted.
    pub fn iter(&self) -> impl Iterator<Item = (AssetType, &str, &Task)> {
        self.0
            .iter()
            .flat_map(|(t, tasks)| tasks.iter().map(move |(c, task)| (*t, c.as_str(), task)))
    }
}

/// The glossary, parsed once. (The embedded file is checked by the tests: should it ever fail
/// to parse, the glossary is empty rather than a panic.)
pub fn glossary() -> &'static Glossary {
    static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
    GLOSSARY.get_or_init(|| serde_json::from_str(SOURCE).unwrap_or_default())
}

/// The task codes of a type, sorted, or `None` where Meta publishes no fixed list.
pub fn tasks(asset_type: AssetType) -> Option<Vec<&'static str>> {
    glossary()
        .of_type(asset_type)
        .map(|tasks| tasks.keys().map(String::as_str).collect())
}

/// A task of a type (`code` raw or normalized).
pub fn task(asset_type: AssetType, code: &str) -> Option<&'static Task> {
    glossary().task(asset_type, code)
}

/// The human name of a task, e.g. `name(AdAccount, "ADVERTISE")` = "Manage campaigns".
pub fn name(asset_type: AssetType, code: &str) -> Option<&'static str> {
    task(asset_type, code).map(|t| t.name.as_str())
}

/// What a task gives on its asset; `None` for a code the type does not have.
pub fn level(asset_type: AssetType, code: &str) -> Option<Level> {
    task(asset_type, code).map(|t| t.level)
}

/// The tasks that give full control of an asset of this type (normalized; empty for Instagram
/// accounts, apps and `other`).
pub fn full_control(asset_type: AssetType) -> Vec<&'static str> {
    glossary()
        .of_type(asset_type)
        .into_iter()
        .flatten()
        .filter(|(_, t)| t.level == Level::FullControl)
        .map(|(c, _)| c.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_data_file_parses_and_covers_the_fixed_vocabularies() {
        let parsed: Glossary = serde_json::from_str(SOURCE).unwrap();
        assert_eq!(&parsed, glossary());
        for t in AssetType::ALL {
            let fixed = !matches!(t, AssetType::App | AssetType::Other);
            assert_eq!(tasks(t).is_some(), fixed, "{t:?}");
        }
        for (t, code, task) in glossary().iter() {
            assert!(!task.name.trim().is_empty(), "{t:?} {code}");
            assert!(task.allows.ends_with('.'), "{t:?} {code}: one sentence");
            assert!(!code.starts_with("PROFILE_PLUS_"), "{code}: normalized");
            assert_eq!(code, code.to_ascii_uppercase());
        }
        // The data file serializes back to its own shape.
        let a: serde_json::Value = serde_json::from_str(SOURCE).unwrap();
        assert_eq!(serde_json::to_value(glossary()).unwrap(), a);
    }

    #[test]
    fn levels_keep_the_rules_classification() {
        use AssetType::*;
        for t in [AdAccount, Page, Catalog, Dataset, WhatsappBusinessAccount] {
            assert_eq!(full_control(t), vec!["MANAGE"], "{t:?}");
        }
        assert_eq!(full_control(Pixel), vec!["EDIT"]);
        assert!(full_control(InstagramAccount).is_empty());
        assert!(full_control(App).is_empty());
        const VIEW_ONLY: [&str; 8] = [
            "ANALYZE",
            "AA_ANALYZE",
            "VIEW",
            "VIEW_COST",
            "VIEW_PHONE_ASSETS",
            "VIEW_TEMPLATES",
            "VIEW_MONETIZATION_INSIGHTS",
            "READ_PAGE_MAILBOXES",
        ];
        for (t, code, task) in glossary().iter() {
            let expected = if full_control(t).contains(&code) {
                Level::FullControl
            } else if VIEW_ONLY.contains(&code) {
                Level::ViewOnly
            } else {
                Level::CanAct
            };
            assert_eq!(task.level, expected, "{t:?} {code}");
        }
    }

    #[test]
    fn the_in_house_admin_role_allows_every_task_and_requires_none() {
        let roles = crate::config::builtin_roles().unwrap();
        let role = &roles["in_house_admin"];
        let mut types = Vec::new();
        for t in AssetType::ALL {
            let Some(codes) = tasks(t) else { continue };
            types.push(t);
            let profile = &role.assets[&t];
            let mut allowed = profile.allowed.clone();
            allowed.sort();
            assert_eq!(allowed, codes, "{t:?}");
            assert!(profile.required.is_empty(), "{t:?}");
        }
        assert_eq!(role.assets.keys().copied().collect::<Vec<_>>(), types);
    }

    #[test]
    fn lookups_take_raw_page_codes() {
        assert_eq!(
            name(AssetType::AdAccount, "ADVERTISE"),
            Some("Manage campaigns")
        );
        assert_eq!(
            level(AssetType::Page, "PROFILE_PLUS_FULL_CONTROL"),
            Some(Level::FullControl)
        );
        assert_eq!(
            name(AssetType::Page, "PROFILE_PLUS_MODERATE"),
            Some("Community activity")
        );
        assert_eq!(level(AssetType::AdAccount, "PROFILE_PLUS_MANAGE"), None);
        assert_eq!(level(AssetType::App, "MANAGE"), None);
        assert_eq!(Level::ViewOnly.as_str(), "view_only");
    }
}
