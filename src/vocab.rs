//! Meta's task vocabularies per asset type (from the official business SDK, v25), used to catch
//! typos in role profiles. Page tasks are listed after normalization (`PROFILE_PLUS_<T>` → `<T>`).

use crate::snapshot::AssetType;

const AD_ACCOUNT: &[&str] = &["AA_ANALYZE", "ADVERTISE", "ANALYZE", "DRAFT", "MANAGE"];
const PAGE: &[&str] = &[
    "ADVERTISE",
    "ANALYZE",
    "CASHIER_ROLE",
    "CREATE_CONTENT",
    "CREATIVE_MANAGEMENT",
    "CREATOR_MANAGEMENT",
    "FACEBOOK_ACCESS",
    "FULL_CONTROL",
    "GLOBAL_STRUCTURE_MANAGEMENT",
    "MANAGE",
    "MANAGE_JOBS",
    "MANAGE_LEADS",
    "MESSAGING",
    "MODERATE",
    "MODERATE_COMMUNITY",
    "MODERATE_DELEGATE_COMMUNITY",
    "PAGES_MESSAGING",
    "PAGES_MESSAGING_SUBSCRIPTIONS",
    "READ_PAGE_MAILBOXES",
    "REVENUE",
    "VIEW_MONETIZATION_INSIGHTS",
];
const INSTAGRAM: &[&str] = &[
    "ADVERTISE",
    "ANALYZE",
    "COMMUNITY_ACTIVITY",
    "CONTENT",
    "MESSAGES",
];
const PIXEL: &[&str] = &["AA_ANALYZE", "ADVERTISE", "ANALYZE", "EDIT", "UPLOAD"];
const DATASET: &[&str] = &[
    "AA_ANALYZE",
    "ADVERTISE",
    "ANALYZE",
    "EDIT",
    "MANAGE",
    "UPLOAD",
    "VIEW",
];
const CATALOG: &[&str] = &["AA_ANALYZE", "ADVERTISE", "MANAGE", "MANAGE_AR"];
const WHATSAPP: &[&str] = &[
    "DEVELOP",
    "MANAGE",
    "MANAGE_EXTENSIONS",
    "MANAGE_PHONE",
    "MANAGE_PHONE_ASSETS",
    "MANAGE_TEMPLATES",
    "MESSAGING",
    "VIEW_COST",
    "VIEW_PHONE_ASSETS",
    "VIEW_TEMPLATES",
];

/// The known tasks of a type, or `None` where Meta publishes no fixed list (apps, `other`).
pub fn tasks(asset_type: AssetType) -> Option<&'static [&'static str]> {
    match asset_type {
        AssetType::AdAccount => Some(AD_ACCOUNT),
        AssetType::Page => Some(PAGE),
        AssetType::InstagramAccount => Some(INSTAGRAM),
        AssetType::Pixel => Some(PIXEL),
        AssetType::Dataset => Some(DATASET),
        AssetType::Catalog => Some(CATALOG),
        AssetType::WhatsappBusinessAccount => Some(WHATSAPP),
        AssetType::App | AssetType::Other => None,
    }
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
}
