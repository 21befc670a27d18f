//! Reports for the tests of every format: [`sample`] has a bit of everything, hostile names
//! included; [`empty`] has nothing.

use crate::policy::RuleMeta;
use crate::report::*;

/// A subject name that tries every trick: CSV, Markdown, HTML, spreadsheet formulas,
/// terminal escapes, and characters outside the BMP.
pub const EVIL: &str = "Eve, \"the\" intern\n<img src=x onerror=alert(1)> *evil* | \x1b[2J 🦀";
pub const FORMULA: &str = "=cmd|' /C calc'!A0";

pub fn rule(id: &str, title: &str, category: &str, severity: Severity) -> RuleMeta {
    RuleMeta {
        id: id.to_string(),
        title: title.to_string(),
        description: format!("{title}: the long story."),
        category: category.to_string(),
        severity,
        remediation: format!("Fix {id}."),
        related_resources: Vec::new(),
        package: format!("portfolio_guard.rules.{category}.{}", id.replace('-', "_")),
        file: format!("policies/{id}.rego"),
        line: 3,
        builtin: true,
    }
}

pub fn finding(
    rule: &str,
    severity: Severity,
    subject: (&str, &str, Option<&str>),
    asset: Option<(&str, &str, &str)>,
    message: &str,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        category: "ownership".to_string(),
        severity,
        title: format!("Title of {rule}"),
        message: message.to_string(),
        subject: Subject {
            kind: subject.0.to_string(),
            id: subject.1.to_string(),
            name: subject.2.map(str::to_string),
        },
        asset: asset.map(|(t, id, name)| AssetRef {
            id: id.to_string(),
            asset_type: Some(t.to_string()),
            name: Some(name.to_string()),
        }),
        remediation: format!("Business Settings → Partners → remove the access that {rule} reports, then review the asset's other partners and people."),
        details: serde_json::Map::new(),
        terms: Vec::new(),
        controls: Vec::new(),
    }
}

pub fn business() -> BusinessRef {
    BusinessRef {
        id: "100000000000001".to_string(),
        name: "Acme Retail".to_string(),
    }
}

/// Findings of four severities (one with no asset, one with a rule missing from `rules`),
/// one suppressed finding, a warning, and hostile names.
pub fn sample() -> Report {
    let findings = vec![
        finding(
            "public-email-member",
            Severity::Low,
            ("member", FORMULA, Some(EVIL)),
            Some(("page", "-5", "Café 🦀 Page")),
            "Member `Eve` uses a public webmail address",
        ),
        finding(
            "too-few-full-control",
            Severity::High,
            ("business", "100000000000001", Some("Acme Retail")),
            None,
            "Only 1 person holds full control of the portfolio; at least 2 should",
        ),
        finding(
            "partner-owns-asset",
            Severity::Critical,
            ("partner", "300000000000021", Some("Growth Agency Ltd")),
            Some(("ad_account", "act_400000000000031", "Acme - Prospecting")),
            "Ad account `Acme - Prospecting` (act_400000000000031) is owned by partner Growth Agency Ltd (300000000000021)",
        ),
        finding(
            "acme-no-freelancers",
            Severity::Info,
            ("member", "200000000000009", None),
            None,
            "Freelancer found",
        ),
    ];
    let suppressed = vec![Suppressed {
        finding: finding(
            "partner-without-assets",
            Severity::Low,
            ("partner", "300000000000022", Some("Freelancer Co")),
            None,
            "Partner Freelancer Co (300000000000022) has no assets",
        ),
        exception: AppliedException {
            id: "exceptions[0]".to_string(),
            rule: "partner-without-assets".to_string(),
            subject: "300000000000022".to_string(),
            asset: None,
            reason: "Offboarding, in progress".to_string(),
            owner: "ops@acme.example".to_string(),
            expires: "2026-12-31".to_string(),
        },
    }];
    let rules = vec![
        rule(
            "too-few-full-control",
            "Too few people hold full control",
            "membership",
            Severity::High,
        ),
        rule(
            "partner-owns-asset",
            "Partner owns a business asset",
            "ownership",
            Severity::Critical,
        ),
        rule(
            "public-email-member",
            "Member uses a public email",
            "membership",
            Severity::Low,
        ),
        rule(
            "partner-without-assets",
            "Partner has no assets",
            "membership",
            Severity::Low,
        ),
    ];
    let warnings =
        vec!["the capture has no `agencies` edge: partner grants may be missing".to_string()];
    Report::new(
        business(),
        "2026-11-01T09:30:00Z".to_string(),
        findings,
        suppressed,
        rules,
        warnings,
    )
}

pub fn empty() -> Report {
    Report::new(
        business(),
        "2026-11-01T09:30:00Z".to_string(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    )
}
