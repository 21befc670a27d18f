//! The values of cells: each reader gives the snapshot's value, or the message of a problem
//! (the caller says where it is).

use crate::import::normalize_time;
use crate::snapshot::AssetType;
use crate::suggest::closest;
use crate::time::{parse_rfc3339, DateOrTime};
use crate::vocab;

/// A value written `unlisted:X` is taken as `X` even though it is not in the known list (a task
/// or role Meta added after this vocabulary; the exporter writes any such value this way).
pub(super) const UNLISTED: &str = "unlisted:";

/// An `access` row's `tasks` when the grant holds no task at all.
pub(super) const NO_TASKS: &str = "(none)";

/// Portfolio roles (`business_user.role` in Meta's business SDK, v25; ../shared/reference).
const ROLES: &[&str] = &[
    "ADMIN",
    "ADS_RIGHTS_REVIEWER",
    "DEFAULT",
    "DEVELOPER",
    "EMPLOYEE",
    "FINANCE_ANALYST",
    "FINANCE_EDIT",
    "FINANCE_EDITOR",
    "FINANCE_VIEW",
    "MANAGE",
    "PARTNER_CENTER_ADMIN",
    "PARTNER_CENTER_ANALYST",
    "PARTNER_CENTER_EDUCATION",
    "PARTNER_CENTER_MARKETING",
    "PARTNER_CENTER_OPERATIONS",
];

/// `business.verification_status` in Meta's business SDK, v25.
const VERIFICATION: &[&str] = &[
    "expired",
    "failed",
    "ineligible",
    "not_verified",
    "pending",
    "pending_need_more_info",
    "pending_submission",
    "rejected",
    "revoked",
    "verified",
];

/// Lowercase, spaces and hyphens as underscores: `Ad account` → `ad_account`.
pub(super) fn key(value: &str) -> String {
    value
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

fn unlisted(value: &str) -> Option<&str> {
    let head = value.get(..UNLISTED.len())?;
    if head.eq_ignore_ascii_case(UNLISTED) {
        value.get(UNLISTED.len()..).map(str::trim)
    } else {
        None
    }
}

fn listed(values: &[&str]) -> String {
    values.join(", ")
}

pub(super) type Parsed<T> = std::result::Result<T, String>;

pub(super) fn parse_role(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    let upper = key(value).to_ascii_uppercase();
    if ROLES.contains(&upper.as_str()) {
        return Ok(upper);
    }
    match upper.as_str() {
        "FULL_CONTROL" | "ADMIN_ACCESS" => Ok("ADMIN".into()),
        "PARTIAL_ACCESS" | "EMPLOYEE_ACCESS" => Ok("EMPLOYEE".into()),
        _ => Err(format!(
            "unknown role `{value}` (expected `Full control` (ADMIN), `Partial access` (EMPLOYEE) or one of {}; `{UNLISTED}{value}` keeps a role not on this list)",
            listed(ROLES)
        )),
    }
}

pub(super) fn parse_finance(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    match key(value).as_str() {
        "editor" | "finance_editor" => Ok("EDITOR".into()),
        "analyst" | "finance_analyst" => Ok("ANALYST".into()),
        _ => Err(format!(
            "unknown finance permission `{value}` (expected EDITOR or ANALYST; `{UNLISTED}{value}` keeps another)"
        )),
    }
}

pub(super) fn parse_person_two_factor(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    match key(value).as_str() {
        "enabled" | "on" | "yes" | "true" => Ok("enabled".into()),
        "disabled" | "off" | "no" | "false" => Ok("disabled".into()),
        _ => Err(format!(
            "unknown two-factor status `{value}` (expected enabled or disabled)"
        )),
    }
}

pub(super) fn parse_business_two_factor(value: &str) -> Parsed<String> {
    match key(value).as_str() {
        "admin_required" | "admins" | "admins_only" | "required_for_admins" => {
            Ok("admin_required".into())
        }
        "all_required" | "everyone" | "required_for_everyone" => Ok("all_required".into()),
        "none" | "off" | "not_required" => Ok("none".into()),
        _ => Err(format!(
            "unknown two-factor setting `{value}` for the business (expected admin_required, all_required or none)"
        )),
    }
}

pub(super) fn parse_verification(value: &str) -> Parsed<String> {
    if let Some(raw) = unlisted(value) {
        return non_empty_unlisted(raw);
    }
    let k = key(value);
    if VERIFICATION.contains(&k.as_str()) {
        Ok(k)
    } else {
        Err(format!(
            "unknown verification status `{value}` (expected one of {}; `{UNLISTED}{value}` keeps another)",
            listed(VERIFICATION)
        ))
    }
}

pub(super) fn parse_grant_status(value: &str) -> Parsed<String> {
    match key(value).as_str() {
        "active" | "confirmed" => Ok("active".into()),
        "pending" => Ok("pending".into()),
        _ => Err(format!(
            "bad status `{value}` for an access row (expected active or pending)"
        )),
    }
}

pub(super) fn parse_asset_type(value: &str) -> Parsed<AssetType> {
    let k = key(value);
    let t = match k.as_str() {
        "ad_accounts" | "adaccount" => Some(AssetType::AdAccount),
        "pages" | "facebook_page" => Some(AssetType::Page),
        "instagram" | "instagram_accounts" => Some(AssetType::InstagramAccount),
        "pixels" | "meta_pixel" => Some(AssetType::Pixel),
        "datasets" => Some(AssetType::Dataset),
        "catalogs" | "catalogue" | "product_catalog" => Some(AssetType::Catalog),
        "apps" => Some(AssetType::App),
        "whatsapp" | "whatsapp_account" | "whatsapp_accounts" => {
            Some(AssetType::WhatsappBusinessAccount)
        }
        other => AssetType::parse(other),
    };
    t.ok_or_else(|| {
        let all: Vec<&str> = AssetType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "unknown asset type `{value}` (expected one of {})",
            listed(&all)
        )
    })
}

/// `member` or `partner`, from the words an owner would use.
pub(super) fn parse_who_kind(value: &str) -> Parsed<&'static str> {
    match key(value).as_str() {
        "person" | "people" | "system_user" | "member" => Ok("member"),
        "partner" => Ok("partner"),
        _ => Err(format!(
            "unknown who_kind `{value}` (expected person, system_user or partner)"
        )),
    }
}

fn non_empty_unlisted(raw: &str) -> Parsed<String> {
    if raw.is_empty() {
        Err(format!("`{UNLISTED}` needs a value after it"))
    } else {
        Ok(raw.to_string())
    }
}

/// A date (`2026-11-01`, taken as midnight UTC), an RFC 3339 time, or Meta's `+0000` form.
pub(super) fn parse_time(value: &str) -> Parsed<String> {
    match DateOrTime::parse(value) {
        Ok(DateOrTime::Date(_)) => return Ok(format!("{value}T00:00:00Z")),
        Ok(DateOrTime::Time(_)) => return Ok(value.to_string()),
        Err(_) => {}
    }
    let meta = normalize_time(value);
    if parse_rfc3339(&meta).is_ok() {
        return Ok(meta);
    }
    Err(format!(
        "`{value}` is not a date such as `2026-11-01` or a time such as `2026-11-01T09:30:00Z` (if a spreadsheet reformatted it, format the column as text and type it again)"
    ))
}

pub(super) fn parse_spend_cap(value: &str) -> Parsed<serde_json::Number> {
    match serde_json::from_str::<serde_json::Number>(value) {
        Ok(n) if n.as_f64().is_some_and(|f| f < 0.0) => {
            Err(format!("negative spend cap `{value}`"))
        }
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "spend cap `{value}` is not a number (write digits only; 0 = no spending limit)"
        )),
    }
}

/// An ID cell: a spreadsheet may have shown a long ID as `1.00000000000001E+14` and saved it so.
pub(super) fn parse_id(value: &str) -> Parsed<String> {
    let v = value.strip_prefix('\'').unwrap_or(value).trim();
    let upper = v.to_ascii_uppercase();
    if let Some((mantissa, exp)) = upper.split_once("E+") {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
        if digits(mantissa) && digits(exp) {
            return Err(format!(
                "`{value}` looks like an ID a spreadsheet turned into a number: format the column as text and type the ID again"
            ));
        }
    }
    Ok(v.to_string())
}

pub(super) fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn asset_phrase(t: AssetType) -> &'static str {
    match t {
        AssetType::AdAccount => "an ad account",
        AssetType::Page => "a Page",
        AssetType::InstagramAccount => "an Instagram account",
        AssetType::Pixel => "a pixel",
        AssetType::Dataset => "a dataset",
        AssetType::Catalog => "a catalog",
        AssetType::App => "an app",
        AssetType::WhatsappBusinessAccount => "a WhatsApp Business account",
        AssetType::Other => "an asset of type other",
    }
}

/// One task of an asset of type `t` (`None`: the asset's type is unknown, take it as written).
pub(super) fn parse_task(token: &str, t: Option<AssetType>) -> Parsed<String> {
    if let Some(raw) = unlisted(token) {
        return non_empty_unlisted(raw);
    }
    let Some(t) = t else {
        return Ok(token.to_string());
    };
    let Some(known) = vocab::tasks(t) else {
        // Apps and `other`: Meta publishes no fixed list.
        return Ok(token.to_string());
    };
    let upper = token.to_ascii_uppercase();
    if known.contains(&vocab::normalize(t, &upper).as_str()) {
        return Ok(upper);
    }
    let near = closest(&upper, known.iter().copied(), 2);
    let pages = if t == AssetType::Page {
        ", each also as PROFILE_PLUS_<task>"
    } else {
        ""
    };
    let hint = match near {
        Some(k) => format!("; did you mean `{k}`?"),
        None => format!("; `{UNLISTED}{token}` keeps a task not on this list"),
    };
    Err(format!(
        "unknown task `{token}` for {} (expected one of {}{pages}{hint})",
        asset_phrase(t),
        listed(known)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_words_and_unlisted_values() {
        assert_eq!(parse_role("Full control").unwrap(), "ADMIN");
        assert_eq!(parse_role("finance-editor").unwrap(), "FINANCE_EDITOR");
        assert_eq!(parse_role("unlisted: SUPER_ADMIN").unwrap(), "SUPER_ADMIN");
        assert!(parse_role("unlisted:")
            .unwrap_err()
            .contains("needs a value after it"));
        assert_eq!(
            parse_asset_type("Ad account").unwrap(),
            AssetType::AdAccount
        );
        assert_eq!(parse_who_kind("system user").unwrap(), "member");
    }

    #[test]
    fn times_ids_and_spend_caps() {
        assert_eq!(parse_time("2026-11-01").unwrap(), "2026-11-01T00:00:00Z");
        assert!(parse_time("01/11/2026").is_err());
        assert_eq!(parse_id("'00123").unwrap(), "00123");
        assert!(parse_id("1.00000000000001E+14").is_err());
        assert!(parse_spend_cap("-1").is_err());
        assert_eq!(parse_spend_cap("250").unwrap().to_string(), "250");
    }

    #[test]
    fn tasks_of_an_asset_type() {
        let ad = Some(AssetType::AdAccount);
        assert_eq!(parse_task("advertise", ad).unwrap(), "ADVERTISE");
        assert!(parse_task("ADVERTIZE", ad)
            .unwrap_err()
            .ends_with("did you mean `ADVERTISE`?)"));
        assert_eq!(
            parse_task("develop", Some(AssetType::App)).unwrap(),
            "develop"
        );
        assert_eq!(
            parse_task("PROFILE_PLUS_MANAGE", Some(AssetType::Page)).unwrap(),
            "PROFILE_PLUS_MANAGE"
        );
        assert_eq!(split_list("A, B;C|D  E"), ["A", "B", "C", "D", "E"]);
    }
}
