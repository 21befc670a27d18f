//! The SARIF 2.1.0 report, for code-scanning dashboards and other SARIF consumers.

use super::table::exception_note;
use super::{AppliedException, Finding, Report, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as one SARIF 2.1.0 run, pretty-printed with a final newline.
///
/// `tool.driver.rules` holds every evaluated rule (plus, defensively, any rule a finding names
/// that is missing from `report.rules`), sorted by id. Results follow `report.findings`, then
/// `report.suppressed` (each with an accepted external suppression). A finding has no file and
/// line, so its location is logical: the subject (`<kind>/<id>`) and the asset, when there is one
/// (`asset/<type>/<id>`, or `asset/<id>` when its type is unknown). The report's warnings come
/// first: `runs[0].invocations[0].toolExecutionNotifications`, level `warning`, in report order
/// (the invocation is `executionSuccessful`: the check ran, on what the input held). Object
/// keys are sorted, so the same report gives the same bytes, and the invocation comes before
/// the results.
pub fn to_sarif(report: &Report) -> String {
    let entries: Vec<(&Finding, Option<&AppliedException>)> = report
        .findings
        .iter()
        .map(|f| (f, None))
        .chain(
            report
                .suppressed
                .iter()
                .map(|s| (&s.finding, Some(&s.exception))),
        )
        .collect();
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    for r in &report.rules {
        let help_uri = r
            .related_resources
            .iter()
            .map(|l| l.reference.as_str())
            .find(|u| u.starts_with("https://") || u.starts_with("http://"));
        rules.entry(&r.id).or_insert_with(|| {
            let texts = [&*r.title, &r.description, &r.remediation, &r.category];
            descriptor(&r.id, texts, r.severity, help_uri)
        });
    }
    for (f, _) in &entries {
        rules.entry(&f.rule).or_insert_with(|| {
            let texts = [&*f.title, &f.title, &f.remediation, &f.category];
            descriptor(&f.rule, texts, f.severity, None)
        });
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let results: Vec<Value> = entries
        .iter()
        // Every finding's rule was added to `rules` above, so the index is always there.
        .map(|(f, e)| result(f, *e, index.get(f.rule.as_str()).copied()))
        .collect();
    let notifications: Vec<Value> = report
        .warnings
        .iter()
        .map(|w| json!({ "level": "warning", "message": { "text": w } }))
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "portfolio-guard",
                "version": report.tool.version,
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "properties": {
                "business": { "id": report.business.id, "name": report.business.name },
                "evaluatedAt": report.evaluated_at,
                "summary": report.summary,
            },
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).unwrap_or_else(|e| {
        // Serializing a `Value` cannot fail; keep a valid JSON answer anyway.
        json!({ "error": format!("cannot write the SARIF report: {e}") }).to_string()
    });
    out.push('\n');
    out
}

/// A `reportingDescriptor`; `texts` are the title, description, remediation and category.
fn descriptor(id: &str, texts: [&str; 4], severity: Severity, help_uri: Option<&str>) -> Value {
    let [title, description, remediation, category] = texts;
    let mut rule = json!({
        "id": id,
        "name": pascal_case(id),
        "shortDescription": { "text": title },
        "fullDescription": { "text": description },
        "help": { "text": remediation },
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "category": category, "severity": severity, "tags": [category] },
    });
    if let (Some(uri), Some(obj)) = (help_uri, rule.as_object_mut()) {
        obj.insert("helpUri".to_string(), uri.into());
    }
    rule
}

fn result(f: &Finding, exception: Option<&AppliedException>, rule_index: Option<usize>) -> Value {
    let s = &f.subject;
    let mut locations = vec![json!({
        "name": s.name.as_deref().unwrap_or(&s.id),
        "fullyQualifiedName": format!("{}/{}", s.kind, s.id),
        "kind": s.kind,
    })];
    if let Some(a) = &f.asset {
        let fqn = match &a.asset_type {
            Some(t) => format!("asset/{t}/{}", a.id),
            None => format!("asset/{}", a.id),
        };
        locations.push(json!({
            "name": a.name.as_deref().unwrap_or(&a.id),
            "fullyQualifiedName": fqn,
            "kind": "resource",
        }));
    }
    let asset_id = f.asset.as_ref().map_or("", |a| a.id.as_str());
    let mut properties = json!({
        "severity": f.severity,
        "category": f.category,
        "title": f.title,
        "subject": s,
        "asset": f.asset,
        "remediation": f.remediation,
    });
    if let (false, Some(obj)) = (f.details.is_empty(), properties.as_object_mut()) {
        obj.insert("details".to_string(), Value::Object(f.details.clone()));
    }
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "logicalLocations": locations }],
        "partialFingerprints": {
            "portfolioGuard/v1": format!("{}|{}|{asset_id}", f.rule, s.id),
        },
        "properties": properties,
    });
    if let (Some(e), Some(obj)) = (exception, result.as_object_mut()) {
        let suppression = json!({
            "kind": "external",
            "status": "accepted",
            "justification": exception_note(e),
            "properties": { "exception": e.id, "owner": e.owner, "expires": e.expires },
        });
        obj.insert("suppressions".to_string(), json!([suppression]));
    }
    result
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// `partner-owns-asset` → `PartnerOwnsAsset`; an id with no letter or digit stays as it is.
fn pascal_case(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for word in id.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() {
        id.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{business, empty, finding, rule, sample, FORMULA};
    use crate::report::{Report, Suppressed};

    fn sarif(report: &Report) -> Value {
        let text = to_sarif(report);
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn envelope_driver_and_sorted_rules() {
        let v = sarif(&sample());
        assert_eq!(v["$schema"], SCHEMA);
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"].as_array().unwrap().len(), 1);
        let driver = &v["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "portfolio-guard");
        assert_eq!(driver["version"], crate::VERSION);
        assert!(driver.get("informationUri").is_none());
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "acme-no-freelancers",
                "partner-owns-asset",
                "partner-without-assets",
                "public-email-member",
                "too-few-full-control"
            ]
        );
        let owns = &driver["rules"][1];
        assert_eq!(owns["name"], "PartnerOwnsAsset");
        assert_eq!(
            owns["shortDescription"]["text"],
            "Partner owns a business asset"
        );
        assert_eq!(
            owns["fullDescription"]["text"],
            "Partner owns a business asset: the long story."
        );
        assert_eq!(owns["help"]["text"], "Fix partner-owns-asset.");
        assert_eq!(owns["defaultConfiguration"]["level"], "error");
        assert_eq!(
            owns["properties"],
            json!({"category": "ownership", "severity": "critical", "tags": ["ownership"]})
        );
        // Missing from `report.rules`: described from the finding.
        let custom = &driver["rules"][0];
        assert_eq!(custom["name"], "AcmeNoFreelancers");
        assert_eq!(
            custom["shortDescription"]["text"],
            "Title of acme-no-freelancers"
        );
        assert_eq!(custom["defaultConfiguration"]["level"], "note");
    }

    #[test]
    fn results_levels_indexes_and_locations() {
        let v = sarif(&sample());
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        let got: Vec<(&str, &str)> = results
            .iter()
            .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("partner-owns-asset", "error"),
                ("too-few-full-control", "error"),
                ("public-email-member", "note"),
                ("acme-no-freelancers", "note"),
                ("partner-without-assets", "note"),
            ]
        );
        for r in results {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
        let first = &results[0];
        assert_eq!(
            first["message"]["text"],
            "Ad account `Acme - Prospecting` (act_400000000000031) is owned by partner Growth Agency Ltd (300000000000021)"
        );
        assert_eq!(
            first["locations"],
            json!([{ "logicalLocations": [
                { "name": "Growth Agency Ltd", "fullyQualifiedName": "partner/300000000000021", "kind": "partner" },
                { "name": "Acme - Prospecting", "fullyQualifiedName": "asset/ad_account/act_400000000000031", "kind": "resource" },
            ]}])
        );
        assert_eq!(
            first["partialFingerprints"]["portfolioGuard/v1"],
            "partner-owns-asset|300000000000021|act_400000000000031"
        );
        assert_eq!(
            first["properties"]["remediation"].as_str().unwrap(),
            sample().findings[0].remediation
        );
        assert_eq!(first["properties"]["asset"]["type"], "ad_account");
        assert_eq!(first["properties"]["subject"]["kind"], "partner");
        assert!(first.get("suppressions").is_none());
        // No asset: one logical location; no name: the id.
        let info = &results[3];
        assert_eq!(
            info["locations"][0]["logicalLocations"],
            json!([{ "name": "200000000000009", "fullyQualifiedName": "member/200000000000009", "kind": "member" }])
        );
        assert_eq!(
            info["partialFingerprints"]["portfolioGuard/v1"],
            "acme-no-freelancers|200000000000009|"
        );
        assert_eq!(
            results[2]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            format!("member/{FORMULA}")
        );
    }

    #[test]
    fn suppressed_results_carry_the_exception_and_warnings_are_notifications() {
        let v = sarif(&sample());
        let run = &v["runs"][0];
        let sup = &run["results"][4];
        assert_eq!(
            sup["suppressions"],
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": "Offboarding, in progress (owner ops@acme.example, expires 2026-12-31)",
                "properties": { "exception": "exceptions[0]", "owner": "ops@acme.example", "expires": "2026-12-31" },
            }])
        );
        assert_eq!(
            run["invocations"],
            json!([{ "executionSuccessful": true, "toolExecutionNotifications": [{
                "level": "warning",
                "message": { "text": "the capture has no `agencies` edge: partner grants may be missing" },
            }]}])
        );
        assert_eq!(run["properties"]["summary"]["suppressed"], 1);
        assert_eq!(run["properties"]["business"]["id"], "100000000000001");
    }

    /// The SARIF 2.1.0 constraints on an invocation and its notifications.
    fn assert_valid_invocation(inv: &Value) {
        let obj = inv.as_object().unwrap();
        assert!(obj["executionSuccessful"].is_boolean(), "required: {inv}");
        for key in obj.keys() {
            assert!(
                ["executionSuccessful", "toolExecutionNotifications"].contains(&key.as_str()),
                "{key}"
            );
        }
        for n in obj["toolExecutionNotifications"].as_array().unwrap() {
            let n = n.as_object().unwrap();
            assert!(
                n["message"]["text"].is_string(),
                "a message with text: {n:?}"
            );
            assert!(
                ["none", "note", "warning", "error"].contains(&n["level"].as_str().unwrap()),
                "{n:?}"
            );
            assert!(n.keys().all(|k| k == "level" || k == "message"), "{n:?}");
        }
    }

    #[test]
    fn warnings_are_notifications_before_the_results() {
        let mut r = sample();
        r.warnings = vec![
            "capture incomplete: `/1/owned_pages` has more pages (`paging.next`)".to_string(),
            "ignored `x`: not a response this importer reads".to_string(),
        ];
        let text = to_sarif(&r);
        let v = sarif(&r);
        let invocations = v["runs"][0]["invocations"].as_array().unwrap();
        assert_eq!(invocations.len(), 1);
        assert_valid_invocation(&invocations[0]);
        assert_eq!(invocations[0]["executionSuccessful"], true);
        let texts: Vec<&str> = invocations[0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["message"]["text"].as_str().unwrap())
            .collect();
        assert_eq!(texts, r.warnings);
        // In the text, the notifications come before the first result.
        let notes = text.find("\"toolExecutionNotifications\"").unwrap();
        assert!(notes < text.find("\"results\"").unwrap());
        assert!(text.find("paging.next").unwrap() < text.find("\"ruleId\"").unwrap());
        // No warning: still a valid invocation, with no notification.
        let v = sarif(&empty());
        assert_valid_invocation(&v["runs"][0]["invocations"][0]);
        assert_eq!(
            v["runs"][0]["invocations"][0]["toolExecutionNotifications"],
            json!([])
        );
    }

    #[test]
    fn same_report_same_bytes() {
        let a = sample();
        let mut findings = a.findings.clone();
        findings.reverse();
        let b = Report::new(
            a.business.clone(),
            a.evaluated_at.clone(),
            findings,
            a.suppressed.clone(),
            a.rules.iter().rev().cloned().collect(),
            a.warnings.clone(),
        );
        assert_eq!(to_sarif(&a), to_sarif(&b));
        assert_eq!(to_sarif(&a), to_sarif(&a.clone()));
    }

    #[test]
    fn empty_report_and_medium_level_and_details() {
        let v = sarif(&empty());
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(v["runs"][0]["tool"]["driver"]["rules"], json!([]));
        let mut f = finding(
            "grant-exceeds-role",
            Severity::Medium,
            ("partner", "3", None),
            None,
            "m",
        );
        f.details
            .insert("excess_tasks".to_string(), json!(["MANAGE"]));
        f.asset = Some(crate::report::AssetRef {
            id: "9".into(),
            asset_type: None,
            name: None,
        });
        let s = Suppressed {
            finding: f.clone(),
            exception: sample().suppressed[0].exception.clone(),
        };
        let mut meta = rule("grant-exceeds-role", "T", "least-privilege", Severity::High);
        meta.related_resources = ["docs/local.md", "https://example.com/roles"]
            .map(|r| crate::policy::RelatedResource {
                reference: r.to_string(),
                description: None,
            })
            .to_vec();
        let r = Report::new(business(), "t".into(), vec![f], vec![s], vec![meta], vec![]);
        let v = sarif(&r);
        let results = &v["runs"][0]["results"];
        assert_eq!(results[0]["level"], "warning");
        assert_eq!(results[1]["ruleIndex"], 0);
        assert_eq!(
            results[0]["properties"]["details"]["excess_tasks"],
            json!(["MANAGE"])
        );
        assert_eq!(
            results[0]["locations"][0]["logicalLocations"][1]["fullyQualifiedName"],
            "asset/9"
        );
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let rule = &v["runs"][0]["tool"]["driver"]["rules"][0];
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
        assert_eq!(
            rule["helpUri"], "https://example.com/roles",
            "the first web link"
        );
    }

    #[test]
    fn pascal_case_names() {
        assert_eq!(pascal_case("partner-owns-asset"), "PartnerOwnsAsset");
        assert_eq!(pascal_case("admin-without-2fa"), "AdminWithout2fa");
        assert_eq!(pascal_case("x"), "X");
        assert_eq!(pascal_case("---"), "---");
        assert_eq!(pascal_case("élan-vital"), "ÉlanVital");
    }
}
