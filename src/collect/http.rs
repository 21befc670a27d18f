//! The command line's transport for a [`Plan`]: blocking HTTPS (ureq over rustls), one call
//! at a time, sleeping where the plan says to wait.

use super::{Plan, Progress, Step};
use crate::error::{Error, ErrorKind};
use serde_json::Value;
use std::time::Duration;

/// What the transport tells its caller as it goes (for a progress bar).
pub enum Event<'a> {
    /// Calls are about to be sent, or were answered.
    Progress(&'a Progress),
    /// Waiting this long before asking again, and why.
    Waiting {
        progress: &'a Progress,
        ms: u64,
        reason: &'a str,
    },
}

/// Runs the plan to the end with `token`; the bundle (captured at `captured_at`) or the
/// error that stopped it. The token goes in each POST body, never in a URL, and is scrubbed
/// from every answer kept.
pub fn collect(
    mut plan: Plan,
    token: &str,
    captured_at: &str,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Value, Error> {
    plan.scrub(token);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .user_agent(format!("portfolio-guard/{}", crate::VERSION))
        .build()
        .into();
    loop {
        match plan.next_step() {
            Step::Send { calls } => {
                for call in calls {
                    on_event(Event::Progress(&plan.progress()));
                    let mut form: Vec<(&str, &str)> = call
                        .form
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    form.push(("access_token", token));
                    match agent.post(&call.url).send_form(form) {
                        Ok(mut response) => {
                            let status = response.status().as_u16();
                            let headers: Vec<(String, String)> = response
                                .headers()
                                .iter()
                                .filter_map(|(k, v)| {
                                    Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))
                                })
                                .collect();
                            let body = response
                                .body_mut()
                                .with_config()
                                .limit(256 * 1024 * 1024)
                                .read_to_string();
                            match body {
                                Ok(text) => plan.answer(call.id, status, &headers, &text),
                                Err(e) => plan.network_error(call.id, &e.to_string()),
                            }
                        }
                        Err(e) => plan.network_error(call.id, &e.to_string()),
                    }
                }
                on_event(Event::Progress(&plan.progress()));
            }
            Step::Wait { ms, reason } => {
                on_event(Event::Waiting {
                    progress: &plan.progress(),
                    ms,
                    reason: &reason,
                });
                std::thread::sleep(Duration::from_millis(ms));
            }
            Step::Done => return Ok(plan.bundle(captured_at)),
            Step::Failed { error } => return Err(error),
        }
    }
}

/// The access token for a collection: `META_ACCESS_TOKEN`, else asked for on the terminal
/// without echo. Never a command-line argument (it would stay in the shell's history).
pub fn token_from_env_or_prompt() -> Result<String, Error> {
    use std::io::IsTerminal;
    if let Ok(t) = std::env::var("META_ACCESS_TOKEN") {
        let t = t.trim().to_string();
        if t.is_empty() {
            return Err(no_token("META_ACCESS_TOKEN is set but empty"));
        }
        return Ok(t);
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(no_token(
            "META_ACCESS_TOKEN is not set and there is no terminal to ask on",
        ));
    }
    let t = rpassword::prompt_password("Meta access token (not shown as you type): ")
        .map_err(|e| no_token(&format!("could not read it from the terminal ({e})")))?;
    let t = t.trim().to_string();
    if t.is_empty() {
        return Err(no_token("no token was typed"));
    }
    Ok(t)
}

fn no_token(why: &str) -> Error {
    Error::msg(
        ErrorKind::Usage,
        format!(
            "no Meta access token: {why}. Set the environment variable META_ACCESS_TOKEN (e.g. `read -rs META_ACCESS_TOKEN && export META_ACCESS_TOKEN`), or run on a terminal to be asked for it. Get a token with the `business_management` permission from Graph API Explorer or Business Settings → Users → System users → Generate new token. It is never taken as a command-line argument, which would stay in your shell's history"
        ),
    )
}
