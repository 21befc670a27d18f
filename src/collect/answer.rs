//! Reading one Graph API answer: success, a reason to retry (and how long to wait), an error to
//! record, or an error that stops the collection.

use serde_json::Value;

/// What one answer means for the request it answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The response to store.
    Ok(Value),
    /// Throttled or a transient server error: ask again after at least `min_wait_ms`.
    Retry {
        min_wait_ms: u64,
        throttled: bool,
        why: String,
    },
    /// The token is invalid or expired (error 190): nothing else can be read.
    BadToken { message: String },
    /// A permission error (10, 200–299): the error object, kept in the bundle.
    Denied { error: Value, message: String },
    /// Any other error object, kept in the bundle.
    Error { error: Value, message: String },
}

/// Meta's throttling codes: application, user, page, custom and business-use-case limits.
pub fn is_throttling(code: i64) -> bool {
    matches!(code, 4 | 17 | 32 | 613) || (80000..=80014).contains(&code)
}

/// Reads an answer: `status` is its HTTP status, `headers` its headers (any case), `body` its
/// text.
pub fn read(status: u16, headers: &[(String, String)], body: &str) -> Outcome {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let error = parsed
        .as_ref()
        .and_then(|v| v.get("error"))
        .filter(|e| e.is_object());
    let Some(error) = error else {
        return match parsed {
            Some(v) if status < 400 => Outcome::Ok(v),
            _ if status >= 500 || status == 0 => Outcome::Retry {
                min_wait_ms: 0,
                throttled: false,
                why: format!("the server answered HTTP {status}"),
            },
            Some(_) => Outcome::Error {
                error: Value::Null,
                message: format!("HTTP {status} without a Graph API error object"),
            },
            None => Outcome::Retry {
                min_wait_ms: 0,
                throttled: false,
                why: format!("HTTP {status} with an answer that is not JSON"),
            },
        };
    };
    let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
    let message = describe(error);
    let transient = error.get("is_transient").and_then(Value::as_bool) == Some(true);
    if code == 190 || code == 102 {
        Outcome::BadToken { message }
    } else if is_throttling(code) {
        Outcome::Retry {
            min_wait_ms: regain_ms(headers),
            throttled: true,
            why: format!("rate limited by Meta ({message})"),
        }
    } else if status >= 500 || transient || matches!(code, 1 | 2) {
        Outcome::Retry {
            min_wait_ms: 0,
            throttled: false,
            why: format!("temporary error ({message})"),
        }
    } else if code == 10 || (200..=299).contains(&code) {
        Outcome::Denied {
            error: error.clone(),
            message,
        }
    } else {
        Outcome::Error {
            error: error.clone(),
            message,
        }
    }
}

/// `(#200) The user must … (Graph API error 200)`: the API's message with its code and subcode.
fn describe(error: &Value) -> String {
    let msg = error
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("no message");
    let code = error.get("code").and_then(Value::as_i64);
    let sub = error.get("error_subcode").and_then(Value::as_i64);
    match (code, sub) {
        (Some(c), Some(s)) => format!("{msg} (Graph API error {c}, subcode {s})"),
        (Some(c), None) => format!("{msg} (Graph API error {c})"),
        _ => msg.to_string(),
    }
}

/// The longest `estimated_time_to_regain_access` (minutes) in the usage headers, in ms.
pub fn regain_ms(headers: &[(String, String)]) -> u64 {
    let mut minutes: u64 = 0;
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "x-business-use-case-usage" | "x-app-usage" | "x-ad-account-usage"
        ) {
            continue;
        }
        let Ok(v) = serde_json::from_str::<Value>(value) else {
            continue;
        };
        collect_regain(&v, &mut minutes);
    }
    minutes.saturating_mul(60_000)
}

fn collect_regain(v: &Value, minutes: &mut u64) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "estimated_time_to_regain_access" {
                    if let Some(n) = x.as_u64() {
                        *minutes = (*minutes).max(n);
                    }
                } else {
                    collect_regain(x, minutes);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| collect_regain(x, minutes)),
        _ => {}
    }
}

/// The headers of a batch item: `[{"name", "value"}, …]`.
pub fn batch_headers(item: &Value) -> Vec<(String, String)> {
    item.get("headers")
        .and_then(Value::as_array)
        .map(|hs| {
            hs.iter()
                .filter_map(|h| {
                    Some((
                        h.get("name")?.as_str()?.to_string(),
                        h.get("value")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.to_string(), value.to_string())]
    }

    #[test]
    fn throttling_waits_as_long_as_the_usage_header_says() {
        let body = r#"{"error":{"message":"(#17) User request limit reached","type":"OAuthException","code":17,"fbtrace_id":"x"}}"#;
        let usage = r#"{"100":[{"type":"business_management","call_count":100,"estimated_time_to_regain_access":3}]}"#;
        match read(400, &h("X-Business-Use-Case-Usage", usage), body) {
            Outcome::Retry {
                min_wait_ms,
                throttled,
                ..
            } => {
                assert_eq!(min_wait_ms, 180_000);
                assert!(throttled);
            }
            other => unreachable!("{other:?}"),
        }
        for code in [4, 32, 613, 80000, 80014] {
            let body = format!(r#"{{"error":{{"message":"m","code":{code}}}}}"#);
            assert!(
                matches!(
                    read(400, &[], &body),
                    Outcome::Retry {
                        throttled: true,
                        ..
                    }
                ),
                "{code}"
            );
        }
        assert!(!is_throttling(80015));
    }

    #[test]
    fn classifies_token_permission_transient_and_other_errors() {
        let e = |code: i64| {
            format!(
                r#"{{"error":{{"message":"m","type":"OAuthException","code":{code},"error_subcode":463}}}}"#
            )
        };
        assert!(matches!(read(400, &[], &e(190)), Outcome::BadToken { .. }));
        assert!(matches!(read(403, &[], &e(200)), Outcome::Denied { .. }));
        assert!(matches!(read(400, &[], &e(10)), Outcome::Denied { .. }));
        assert!(matches!(read(400, &[], &e(100)), Outcome::Error { .. }));
        assert!(matches!(
            read(500, &[], &e(2)),
            Outcome::Retry {
                throttled: false,
                ..
            }
        ));
        assert!(matches!(
            read(502, &[], "<html>bad gateway</html>"),
            Outcome::Retry { .. }
        ));
        assert_eq!(
            read(200, &[], r#"{"data":[]}"#),
            Outcome::Ok(serde_json::json!({"data": []}))
        );
        match read(400, &[], &e(190)) {
            Outcome::BadToken { message } => {
                assert_eq!(message, "m (Graph API error 190, subcode 463)")
            }
            other => unreachable!("{other:?}"),
        }
    }
}
