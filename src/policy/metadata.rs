//! `# METADATA` annotations (OPA's format) parsed in Rust, since regorus does not read them.

use crate::error::Diagnostic;
use crate::severity::Severity;
use serde::{Deserialize, Serialize};

/// A link from a rule's metadata (`related_resources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RelatedResource {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One rule of the catalog, read from its package's `# METADATA` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub severity: Severity,
    pub remediation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_resources: Vec<RelatedResource>,
    /// The Rego package, e.g. `portfolio_guard.rules.ownership.partner_owns_asset`.
    pub package: String,
    /// The policy file and the line of its `package` statement.
    pub file: String,
    pub line: u32,
    /// Shipped with portfolio-guard (as opposed to an org's custom policy).
    pub builtin: bool,
}

/// What [`parse_annotation`] found in one file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// 1-based line of the `package` statement.
    pub package_line: u32,
    /// The package-level `# METADATA` block, if there is one.
    pub annotation: Option<Annotation>,
}

/// The fields of a `# METADATA` block that portfolio-guard reads; other OPA keys are allowed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Annotation {
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub related_resources: Option<Vec<ResourceEntry>>,
    #[serde(default)]
    pub custom: Option<CustomFields>,
    /// 1-based line of the `# METADATA` marker.
    #[serde(skip)]
    pub line: u32,
}

/// A `related_resources` entry: `{ref, description}` or a bare URL (both are OPA forms).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ResourceEntry {
    Full {
        #[serde(rename = "ref")]
        reference: String,
        #[serde(default)]
        description: Option<String>,
    },
    Url(String),
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomFields {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub remediation: Option<String>,
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Annotation {
    /// Checks the fields portfolio-guard needs and builds the catalog entry.
    pub fn into_rule(
        self,
        package: &str,
        file: &str,
        package_line: u32,
        builtin: bool,
    ) -> Result<RuleMeta, Diagnostic> {
        let at = |m: String| Diagnostic::new(m).in_file(file).at_line(self.line, None);
        let text = |v: &Option<String>, key: &str| -> Result<String, Diagnostic> {
            match v.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => Ok(s.to_string()),
                _ => Err(at(format!(
                    "METADATA: missing `{key}` (package `{package}`)"
                ))),
            }
        };
        if let Some(scope) = &self.scope {
            if scope != "package" && scope != "subpackages" {
                return Err(at(format!(
                    "METADATA: the block above `package` must have scope `package`, not `{scope}`"
                )));
            }
        }
        let custom = self.custom.clone().unwrap_or_default();
        let id = text(&custom.id, "custom.id")?;
        if !is_kebab(&id) {
            return Err(at(format!(
                "METADATA: custom.id `{id}` is not kebab-case (e.g. `partner-owns-asset`)"
            )));
        }
        let category = text(&custom.category, "custom.category")?;
        if !is_kebab(&category) {
            return Err(at(format!(
                "METADATA: custom.category `{category}` is not kebab-case (e.g. `least-privilege`)"
            )));
        }
        let severity_text = text(&custom.severity, "custom.severity")?;
        let severity = Severity::parse(&severity_text).ok_or_else(|| {
            at(format!(
                "METADATA: unknown custom.severity `{severity_text}`, expected one of {}",
                Severity::names()
            ))
        })?;
        let related_resources = self
            .related_resources
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|r| match r {
                ResourceEntry::Full {
                    reference,
                    description,
                } => RelatedResource {
                    reference,
                    description,
                },
                ResourceEntry::Url(reference) => RelatedResource {
                    reference,
                    description: None,
                },
            })
            .collect();
        Ok(RuleMeta {
            id,
            title: text(&self.title, "title")?,
            description: text(&self.description, "description")?,
            category,
            severity,
            remediation: text(&custom.remediation, "custom.remediation")?,
            related_resources,
            package: package.to_string(),
            file: file.to_string(),
            line: package_line,
            builtin,
        })
    }
}

/// Finds the `package` line and the `# METADATA` comment block directly above it, and parses the
/// block's YAML. A YAML error is located at its line in the file.
pub fn parse_annotation(text: &str, file: &str) -> Result<ParsedFile, Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(pkg_idx) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("package ") || l.trim() == "package")
    else {
        return Err(Diagnostic::new("no `package` statement").in_file(file));
    };
    let package_line = line_no(pkg_idx);
    // The contiguous comment block right above `package`.
    let mut start = pkg_idx;
    while start > 0 && lines[start - 1].trim_start().starts_with('#') {
        start -= 1;
    }
    let marker = (start..pkg_idx)
        .rev()
        .find(|&i| lines[i].trim() == "# METADATA" || lines[i].trim() == "#METADATA");
    let Some(marker) = marker else {
        return Ok(ParsedFile {
            package_line,
            annotation: None,
        });
    };
    let yaml: String = lines[marker + 1..pkg_idx]
        .iter()
        .map(|l| {
            let l = l.trim_start().strip_prefix('#').unwrap_or(l);
            let l = l.strip_prefix(' ').unwrap_or(l);
            format!("{l}\n")
        })
        .collect();
    let mut annotation: Annotation = if yaml.trim().is_empty() {
        Annotation::default()
    } else {
        yaml_serde::from_str(&yaml).map_err(|e| {
            let line = e
                .location()
                .map_or(line_no(marker), |l| line_no(marker + l.line()));
            let mut msg = e.to_string();
            if let Some(cut) = msg.find(" at line ") {
                msg.truncate(cut);
            }
            Diagnostic::new(format!("METADATA: malformed YAML: {msg}"))
                .in_file(file)
                .at_line(line, None)
        })?
    };
    annotation.line = line_no(marker);
    Ok(ParsedFile {
        package_line,
        annotation: Some(annotation),
    })
}

fn line_no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# a file comment\n\n# METADATA\n# title: No freelancers\n# description: >-\n#   Freelancers must not\n#   advertise.\n# related_resources:\n#   - ref: https://example.com/a\n#     description: docs\n#   - https://example.com/b\n# custom:\n#   id: no-freelancers\n#   category: acme\n#   severity: high\n#   remediation: Remove them.\npackage portfolio_guard.rules.acme.no_freelancers\n";

    fn rule(text: &str) -> Result<RuleMeta, Diagnostic> {
        let p = parse_annotation(text, "acme.rego")?;
        p.annotation
            .ok_or_else(|| Diagnostic::new("none"))?
            .into_rule(
                "portfolio_guard.rules.acme.no_freelancers",
                "acme.rego",
                p.package_line,
                false,
            )
    }

    #[test]
    fn parses_opa_annotation() {
        let r = rule(GOOD).unwrap();
        assert_eq!(r.id, "no-freelancers");
        assert_eq!(r.description, "Freelancers must not advertise.");
        assert_eq!(r.severity, Severity::High);
        assert_eq!(r.line, 17);
        assert_eq!(r.related_resources.len(), 2);
        assert_eq!(r.related_resources[1].reference, "https://example.com/b");
    }

    #[test]
    fn missing_block_and_fields() {
        let p = parse_annotation("package x\n", "a.rego").unwrap();
        assert!(p.annotation.is_none());
        let e = rule(&GOOD.replace("#   severity: high\n", "")).unwrap_err();
        assert_eq!(e.to_string(), "acme.rego:3: METADATA: missing `custom.severity` (package `portfolio_guard.rules.acme.no_freelancers`)");
        let e = rule(&GOOD.replace("severity: high", "severity: urgent")).unwrap_err();
        assert!(e.message.contains("unknown custom.severity `urgent`"));
        let e = rule(&GOOD.replace("id: no-freelancers", "id: No_Freelancers")).unwrap_err();
        assert!(e.message.contains("not kebab-case"));
    }

    #[test]
    fn malformed_yaml_is_located() {
        let e = rule(&GOOD.replace("# custom:\n", "# custom: [\n")).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("acme.rego"));
        assert!(
            e.message.starts_with("METADATA: malformed YAML"),
            "{}",
            e.message
        );
        let line = e.line.unwrap();
        assert!((12..=17).contains(&line), "line {line}");
    }
}
