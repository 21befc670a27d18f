//! Meta's task vocabularies per asset type, used to catch typos in role profiles and in the
//! spreadsheet template. The lists come from the task glossary (`policies/config/tasks.json`,
//! [`crate::glossary`]); page tasks are listed after normalization (`PROFILE_PLUS_<T>` → `<T>`).

use crate::snapshot::AssetType;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The known tasks of a type, sorted, or `None` where Meta publishes no fixed list (apps,
/// `other`).
pub fn tasks(asset_type: AssetType) -> Option<&'static [&'static str]> {
    static LISTS: OnceLock<BTreeMap<AssetType, Vec<&'static str>>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            AssetType::ALL
                .into_iter()
                .filter_map(|t| crate::glossary::tasks(t).map(|codes| (t, codes)))
                .collect()
        })
        .get(&asset_type)
        .map(Vec::as_slice)
}

/// Page tasks count without their `PROFILE_PLUS_` prefix; `PROFILE_PLUS_FULL_CONTROL` is `MANAGE`.
pub fn normalize(asset_type: AssetType, task: &str) -> String {
    if asset_type != AssetType::Page {
        return task.to_string();
    }
    match task.strip_prefix("PROFILE_PLUS_") {
        Some("FULL_CONTROL") => "MANAGE".to_string(),
        Some(rest) => rest.to_string(),
        None => task.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_normalization() {
        assert_eq!(
            normalize(AssetType::Page, "PROFILE_PLUS_FULL_CONTROL"),
            "MANAGE"
        );
        assert_eq!(
            normalize(AssetType::Page, "PROFILE_PLUS_ADVERTISE"),
            "ADVERTISE"
        );
        assert_eq!(
            normalize(AssetType::AdAccount, "PROFILE_PLUS_ADVERTISE"),
            "PROFILE_PLUS_ADVERTISE"
        );
        assert!(tasks(AssetType::Page)
            .unwrap()
            .contains(&normalize(AssetType::Page, "PROFILE_PLUS_REVENUE").as_str()));
    }

    #[test]
    fn every_page_code_of_meta_is_known_after_normalization() {
        // Meta's business SDK (v25): the Page tasks, both vocabularies.
        let meta = [
            "ADVERTISE",
            "ANALYZE",
            "CASHIER_ROLE",
            "CREATE_CONTENT",
            "GLOBAL_STRUCTURE_MANAGEMENT",
            "MANAGE",
            "MANAGE_JOBS",
            "MANAGE_LEADS",
            "MESSAGING",
            "MODERATE",
            "MODERATE_COMMUNITY",
            "PAGES_MESSAGING",
            "PAGES_MESSAGING_SUBSCRIPTIONS",
            "PROFILE_PLUS_ADVERTISE",
            "PROFILE_PLUS_ANALYZE",
            "PROFILE_PLUS_CREATE_CONTENT",
            "PROFILE_PLUS_CREATIVE_MANAGEMENT",
            "PROFILE_PLUS_CREATOR_MANAGEMENT",
            "PROFILE_PLUS_FACEBOOK_ACCESS",
            "PROFILE_PLUS_FULL_CONTROL",
            "PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT",
            "PROFILE_PLUS_MANAGE",
            "PROFILE_PLUS_MANAGE_LEADS",
            "PROFILE_PLUS_MESSAGING",
            "PROFILE_PLUS_MODERATE",
            "PROFILE_PLUS_MODERATE_DELEGATE_COMMUNITY",
            "PROFILE_PLUS_REVENUE",
            "READ_PAGE_MAILBOXES",
            "VIEW_MONETIZATION_INSIGHTS",
        ];
        let known = tasks(AssetType::Page).unwrap_or_default();
        let normalized: std::collections::BTreeSet<String> =
            meta.iter().map(|t| normalize(AssetType::Page, t)).collect();
        let listed: std::collections::BTreeSet<String> =
            known.iter().map(|t| t.to_string()).collect();
        assert_eq!(normalized, listed);
    }
}
