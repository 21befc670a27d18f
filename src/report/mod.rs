//! The report: findings, severities, the summary, and its output formats.

mod csv;
mod markdown;
mod sarif;
mod table;

use crate::policy::RuleMeta;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

pub use self::csv::to_csv;
pub use self::markdown::to_markdown;
pub use self::sarif::to_sarif;
pub use self::table::{to_table, TableStyle};

/// Severity, most severe first when sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// True when `self` is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// `member`, `partner`, `business`, `invitation` or `exception` (custom rules may add others).
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
}

/// The asset a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRef {
    pub id: String,
    #[serde(rename = "type")]
    pub asset_type: Option<String>,
    pub name: Option<String>,
}

/// One problem: one (rule, subject, asset).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub subject: Subject,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<AssetRef>,
    pub remediation: String,
    /// Any further fields the rule attached (e.g. `excess_tasks`), passed through as they are.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty", default)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl Finding {
    /// The report order: severity, rule id, subject id, asset id, then message (total and stable).
    pub fn sort_key_cmp(&self, other: &Finding) -> Ordering {
        self.severity
            .cmp(&other.severity)
            .then_with(|| self.rule.cmp(&other.rule))
            .then_with(|| self.subject.id.cmp(&other.subject.id))
            .then_with(|| {
                let a = self.asset.as_ref().map(|a| a.id.as_str());
                let b = other.asset.as_ref().map(|a| a.id.as_str());
                a.cmp(&b)
            })
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// The exception that suppressed a finding, as written in the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedException {
    /// `exceptions[<i>]` in the org config.
    pub id: String,
    pub rule: String,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    pub reason: String,
    pub owner: String,
    pub expires: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppressed {
    pub finding: Finding,
    pub exception: AppliedException,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub suppressed: usize,
    pub rules_evaluated: usize,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// The whole report, as `check --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub business: BusinessRef,
    pub evaluated_at: String,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// Notes about the input that do not stop the check (e.g. an incomplete capture).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// Metadata of every rule that was evaluated, for formats that describe rules (SARIF,
    /// Markdown). Not part of the JSON report.
    #[serde(skip)]
    pub rules: Vec<RuleMeta>,
}

impl Report {
    /// Build a report: sorts findings and suppressed entries and fills the summary.
    pub fn new(
        business: BusinessRef,
        evaluated_at: String,
        mut findings: Vec<Finding>,
        mut suppressed: Vec<Suppressed>,
        rules: Vec<RuleMeta>,
        warnings: Vec<String>,
    ) -> Report {
        findings.sort_by(Finding::sort_key_cmp);
        suppressed.sort_by(|a, b| {
            a.finding
                .sort_key_cmp(&b.finding)
                .then_with(|| a.exception.id.cmp(&b.exception.id))
        });
        let mut summary = Summary {
            suppressed: suppressed.len(),
            rules_evaluated: rules.len(),
            ..Summary::default()
        };
        for f in &findings {
            match f.severity {
                Severity::Critical => summary.critical += 1,
                Severity::High => summary.high += 1,
                Severity::Medium => summary.medium += 1,
                Severity::Low => summary.low += 1,
                Severity::Info => summary.info += 1,
            }
        }
        Report {
            schema_version: 1,
            tool: Tool {
                name: "portfolio-guard".to_string(),
                version: crate::VERSION.to_string(),
            },
            business,
            evaluated_at,
            summary,
            findings,
            suppressed,
            warnings,
            rules,
        }
    }

    /// True when some finding is at or above `threshold` (`None` = never fail).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(t) => self.findings.iter().any(|f| f.severity.at_least(t)),
        }
    }

    /// The JSON report, pretty-printed, with a final newline. Same report, same bytes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serializing plain data structures cannot fail; keep a valid JSON answer anyway.
            format!("{{\"error\": \"{e}\"}}")
        });
        s.push('\n');
        s
    }

    /// The rule metadata for a rule id, if it was evaluated.
    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }
}
