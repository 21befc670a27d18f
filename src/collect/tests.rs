//! The plan driven by an in-memory Graph API (the process-level tests use the fake server in
//! tests/fake-graph/).

use super::*;
use serde_json::json;

const BID: &str = "100";

/// Answers one relative URL (`v25.0/…`) like the Graph API: `(HTTP status, body)`.
type Api = dyn FnMut(&str) -> (u16, Value);

/// A business with `n` ad accounts, pages of 25, everyone's access readable.
fn graph(n: usize) -> impl FnMut(&str) -> (u16, Value) {
    move |url: &str| {
        let key = crate::import::request_key(url);
        let (path, query) = key.split_once('?').unwrap_or((&key, ""));
        let after: usize = query
            .split('&')
            .find_map(|p| p.strip_prefix("after="))
            .and_then(|a| a.parse().ok())
            .unwrap_or(0);
        let base: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("after="))
            .collect();
        let query = base.join("&");
        let list = |items: Vec<Value>| {
            let end = (after + 25).min(items.len());
            let mut v = json!({"data": items[after..end].to_vec(), "paging": {"cursors": {}}});
            if end < items.len() {
                v["paging"]["next"] = json!(format!(
                    "https://graph.example/v25.0{path}?{query}&access_token=SECRET&after={end}"
                ));
            }
            (200, v)
        };
        match path {
            "/100" => (200, json!({"id": BID, "name": "Acme"})),
            "/100/business_users" => list(vec![
                json!({"id": "2", "name": "Dana", "role": "ADMIN", "email": "d@acme.example"}),
            ]),
            "/100/owned_ad_accounts" => list(
                (0..n)
                    .map(|i| json!({"id": format!("act_{i}"), "account_id": format!("{i}"), "name": format!("A{i}"), "owner": BID}))
                    .collect(),
            ),
            p if p.ends_with("/assigned_users") => list(vec![
                json!({"id": "2", "name": "Dana", "user_type": "BUSINESS_USER", "tasks": ["MANAGE"]}),
            ]),
            _ => list(Vec::new()),
        }
    }
}

/// Answers a batch call as the Graph API does, each item from `api`; the items at the indexes
/// in `lose` come back null (Meta did not run them).
fn answer_batch(plan: &mut Plan, call: &Call, api: &mut Api, lose: &[usize]) {
    let batch: Vec<Value> = serde_json::from_str(&call.form["batch"]).unwrap();
    assert!(batch.len() <= BATCH_SIZE);
    let items: Vec<Value> = batch
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if lose.contains(&i) {
                return Value::Null;
            }
            let (code, body) = api(b["relative_url"].as_str().unwrap());
            json!({"code": code, "headers": [], "body": body.to_string()})
        })
        .collect();
    plan.answer(call.id, 200, &[], &Value::Array(items).to_string());
}

/// Drives the plan to the end; returns the steps seen (`send n`, `wait ms`) and the last one.
fn drive(plan: &mut Plan, api: &mut Api) -> (Vec<String>, Step) {
    let mut seen = Vec::new();
    for _ in 0..100 {
        match plan.next_step() {
            Step::Send { calls } => {
                seen.push(format!("send {}", calls.len()));
                for call in calls {
                    assert_eq!(call.url, "https://graph.example/");
                    assert!(!call.form.contains_key("access_token"));
                    answer_batch(plan, &call, api, &[]);
                }
            }
            Step::Wait { ms, .. } => seen.push(format!("wait {ms}")),
            last => return (seen, last),
        }
    }
    unreachable!("the plan did not finish")
}

fn plan() -> Plan {
    let mut opts = Options::new(BID);
    opts.graph_url = "https://graph.example/".into();
    Plan::new(opts).unwrap()
}

#[test]
fn pages_batches_and_folds_everything_into_a_bundle_the_importer_reads() {
    let mut p = plan();
    let (steps, last) = drive(&mut p, &mut graph(60));
    assert_eq!(last, Step::Done);
    // 16 business requests; then the 2nd page of accounts and 2×25 per-asset requests; …
    assert_eq!(steps[0], "send 1");
    let bundle = p.bundle("2026-12-01T10:00:00+00:00");
    let responses = bundle["responses"].as_object().unwrap();
    assert!(responses.contains_key("/100/owned_ad_accounts?fields=id,account_id,name,owner,business,spend_cap,created_time&limit=200&after=25"));
    assert!(responses.contains_key(
        "/act_59/assigned_users?business=100&fields=id,name,user_type,tasks&limit=200"
    ));
    assert!(!bundle.to_string().contains("SECRET"));
    let progress = p.progress();
    assert_eq!(progress.done, progress.total);
    // 16 + 2 more account pages + 60 × 2 per asset
    assert_eq!(progress.total, 16 + 2 + 120);
    assert_eq!(progress.calls, 6, "{steps:?}");
    let imported = crate::import::import_str(&bundle.to_string(), "b", None).unwrap();
    assert_eq!(imported.snapshot["assets"].as_array().unwrap().len(), 60);
    assert_eq!(imported.snapshot["grants"].as_array().unwrap().len(), 60);
    assert!(
        imported.warnings.iter().all(|w| !w.contains("incomplete")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn an_expired_token_stops_at_once_and_says_so() {
    let mut p = plan();
    let mut api = |_: &str| {
        (
            400,
            json!({"error": {"message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "x"}}),
        )
    };
    let (_, last) = drive(&mut p, &mut api);
    let Step::Failed { error } = last else {
        unreachable!("{last:?}")
    };
    let text = error.to_string();
    assert!(text.contains("invalid or has expired"), "{text}");
    assert!(text.contains("subcode 463"), "{text}");
}

#[test]
fn a_missing_permission_on_the_business_names_the_permission() {
    let mut p = plan();
    let mut inner = graph(3);
    let mut api = move |url: &str| {
        if url.starts_with("v25.0/100/business_users") {
            (
                403,
                json!({"error": {"message": "(#200) Requires business_management permission to manage the object", "type": "OAuthException", "code": 200, "fbtrace_id": "x"}}),
            )
        } else {
            inner(url)
        }
    };
    let (_, last) = drive(&mut p, &mut api);
    let Step::Failed { error } = last else {
        unreachable!("{last:?}")
    };
    let text = error.to_string();
    assert!(text.contains("`business_users` of business 100:"), "{text}");
    assert!(text.contains("`business_management`"), "{text}");
    assert_eq!(error.kind, ErrorKind::Collect);
}

#[test]
fn a_denied_asset_edge_is_recorded_and_the_importer_reports_it() {
    let mut p = plan();
    let mut inner = graph(3);
    let mut api = move |url: &str| {
        if url.starts_with("v25.0/act_1/agencies") {
            (
                400,
                json!({"error": {"message": "(#200) The user must be an admin", "type": "OAuthException", "code": 200, "fbtrace_id": "x"}}),
            )
        } else {
            inner(url)
        }
    };
    let (_, last) = drive(&mut p, &mut api);
    assert_eq!(last, Step::Done);
    let bundle = p.bundle("2026-12-01T10:00:00+00:00");
    let imported = crate::import::import_str(&bundle.to_string(), "b", None).unwrap();
    assert_eq!(
        imported.snapshot["source"]["unread"],
        json!([{"asset_id": "act_1", "edge": "agencies", "error": "(#200) The user must be an admin (Graph API error 200)"}])
    );
    let unread: Vec<&String> = imported
        .warnings
        .iter()
        .filter(|w| w.contains("could not read"))
        .collect();
    assert_eq!(unread.len(), 1, "{:?}", imported.warnings);
    assert!(
        unread[0].contains("ad account `A1` (act_1)"),
        "{}",
        unread[0]
    );
}

#[test]
fn throttling_waits_as_the_usage_header_says_then_succeeds() {
    let mut p = plan();
    let mut inner = graph(2);
    let mut throttled = false;
    // The first whole call is throttled, with Meta's estimate of 2 minutes.
    let mut steps = Vec::new();
    let mut first = true;
    loop {
        match p.next_step() {
            Step::Send { calls } => {
                steps.push("send".to_string());
                for call in calls {
                    if first {
                        first = false;
                        throttled = true;
                        let usage = r#"{"100":[{"type":"business_management","call_count":100,"estimated_time_to_regain_access":2}]}"#;
                        p.answer(
                            call.id,
                            400,
                            &[("X-Business-Use-Case-Usage".into(), usage.into())],
                            r#"{"error":{"message":"(#17) User request limit reached","type":"OAuthException","code":17,"fbtrace_id":"x"}}"#,
                        );
                        continue;
                    }
                    answer_batch(&mut p, &call, &mut inner, &[]);
                }
            }
            Step::Wait { ms, reason } => {
                assert!(reason.contains("rate limited"), "{reason}");
                steps.push(format!("wait {ms}"));
            }
            Step::Done => break,
            Step::Failed { error } => unreachable!("{error}"),
        }
    }
    assert!(throttled);
    assert_eq!(steps[..3], ["send", "wait 120000", "send"]);
    assert_eq!(p.progress().waited_ms, 120_000);
}

#[test]
fn past_the_allowed_wait_it_names_what_was_not_fetched() {
    let mut opts = Options::new(BID);
    opts.max_wait_ms = 60_000;
    let mut p = Plan::new(opts).unwrap();
    let Step::Send { calls } = p.next_step() else {
        unreachable!()
    };
    let usage = r#"{"call_count":100,"estimated_time_to_regain_access":30}"#;
    p.answer(
        calls[0].id,
        400,
        &[("x-app-usage".into(), usage.into())],
        r#"{"error":{"message":"(#4) Application request limit reached","code":4}}"#,
    );
    let Step::Failed { error } = p.next_step() else {
        unreachable!()
    };
    let text = error.to_string();
    assert!(text.contains("30 min"), "{text}");
    assert!(
        text.contains("Not fetched: the business, business_users"),
        "{text}"
    );
    assert!(text.contains("and 11 more"), "{text}");
}

#[test]
fn server_errors_and_lost_items_are_retried_with_backoff() {
    let mut p = plan();
    let mut inner = graph(1);
    let mut answers = vec![500u16, 200];
    let mut waits = Vec::new();
    loop {
        match p.next_step() {
            Step::Send { calls } => {
                for call in calls {
                    let status = if answers.is_empty() {
                        200
                    } else {
                        answers.remove(0)
                    };
                    if status == 500 {
                        p.answer(call.id, 500, &[], "<html>oops</html>");
                        continue;
                    }
                    // The first item of the second call is lost (null): asked again.
                    let lose: &[usize] = if waits.len() == 1 && p.progress().calls == 2 {
                        &[0]
                    } else {
                        &[]
                    };
                    answer_batch(&mut p, &call, &mut inner, lose);
                }
            }
            Step::Wait { ms, .. } => waits.push(ms),
            Step::Done => break,
            Step::Failed { error } => unreachable!("{error}"),
        }
    }
    // 1 s after the 500; the lost item had been tried twice: 2 s.
    assert_eq!(waits, [1000, 2000]);
    assert!(p.bundle("2026-12-01T10:00:00Z")["responses"]
        .as_object()
        .unwrap()
        .contains_key("/100?fields=id,name,verification_status,two_factor_type,created_time"));
}

#[test]
fn the_token_is_scrubbed_from_answers() {
    let mut p = plan();
    p.scrub("EAAB-secret");
    let Step::Send { calls } = p.next_step() else {
        unreachable!()
    };
    p.answer(
        calls[0].id,
        400,
        &[],
        r#"{"error":{"message":"Malformed access token EAAB-secret","type":"OAuthException","code":190}}"#,
    );
    let Step::Failed { error } = p.next_step() else {
        unreachable!()
    };
    let text = error.to_string();
    assert!(!text.contains("EAAB-secret"), "{text}");
    assert!(text.contains("[access token]"), "{text}");
    assert!(!format!("{p:?}").contains("EAAB-secret"));
}

#[test]
fn refuses_a_business_id_or_url_that_cannot_be_right() {
    for bad in ["", "abc", "100/../me", "1 2"] {
        let e = Plan::new(Options::new(bad)).unwrap_err();
        assert!(e.to_string().contains("not a business portfolio ID"), "{e}");
    }
    let mut o = Options::new(BID);
    o.graph_url = "ftp://x".into();
    assert!(Plan::new(o).is_err());
    let mut o = Options::new(BID);
    o.api_version = "latest".into();
    assert!(Plan::new(o).is_err());
}

#[test]
fn request_keys_drop_host_version_prefix_and_token() {
    use crate::import::request_key;
    assert_eq!(
        request_key(
            "https://graph.facebook.com/v25.0/act_1/agencies?fields=id&access_token=X&after=C"
        ),
        "/act_1/agencies?fields=id&after=C"
    );
    assert_eq!(
        request_key("http://127.0.0.1:9/fake-graph/v25.0/100/owned_pages?limit=200"),
        "/100/owned_pages?limit=200"
    );
    assert_eq!(request_key("/v25.0/100"), "/100");
    assert_eq!(request_key("/100/business_users"), "/100/business_users");
}

#[test]
fn a_success_that_is_not_one_answer_per_request_is_asked_again_then_stops() {
    let mut p = plan();
    let mut seen = Vec::new();
    for _ in 0..20 {
        match p.next_step() {
            Step::Send { calls } => {
                for call in calls {
                    p.answer(
                        call.id,
                        200,
                        &[],
                        r#"{"id": "100", "name": "a proxy's page"}"#,
                    );
                }
            }
            Step::Wait { ms, reason } => {
                assert!(reason.contains("not a list of 16 answers"), "{reason}");
                seen.push(ms);
            }
            Step::Failed { error } => {
                let text = error.to_string();
                assert!(text.contains("after 6 attempts"), "{text}");
                assert_eq!(seen, [1000, 2000, 4000, 8000, 16000]);
                assert!(p.bundle("2026-12-01T10:00:00Z")["responses"]
                    .as_object()
                    .unwrap()
                    .is_empty());
                return;
            }
            Step::Done => unreachable!("nothing was read"),
        }
    }
    unreachable!("it never stopped");
}
