//! The rewrite table: ordered patterns, each with the small function that writes its words
//! (see the parent module). The rows come in groups, in this order: accepted risks, roles,
//! other settings, leftover config paths, Meta's words, task codes, then ids, times and
//! backticks.

use super::{parse_risk, sentence_case, Pass};
use regex::{Captures, Regex};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

/// Writes the words for one match.
pub(super) type Rewrite = fn(&mut Pass<'_, '_>, &Captures<'_>) -> String;

/// A pattern and its rewrite.
type Row = (String, Rewrite);

/// The page's section where partners' and people's roles and details are set.
const INTENT: &str = "under “Who should be doing what”";

/// `partners.<id>` / `members.<id>` in a pattern.
const SUBJECT: &str = r"(?P<list>partners|members)\.(?P<id>[^.`\s]+)";
/// A comma-separated list of task-like codes.
const TASKS: &str = r"\b(?:PROFILE_PLUS_)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b(?:, (?:PROFILE_PLUS_)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b)*";
/// One step of the rewrite.
pub(super) enum Step {
    /// Every match of the pattern, rewritten by the function; a text without the needle (a
    /// piece every match contains, see [`needle`]) has none.
    Rewrite {
        re: Regex,
        needle: Option<String>,
        rewrite: Rewrite,
    },
    /// Ids in parentheses after the name the snapshot has for them ([`Pass::names`]).
    Names,
}

/// Marks the place of [`Step::Names`] among the patterns.
const NAMES: &str = "";

/// The ordered rewrites, compiled once.
pub(super) fn table() -> &'static [Step] {
    static TABLE: OnceLock<Vec<Step>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows()
            .into_iter()
            .filter_map(|(pattern, rewrite)| {
                if pattern == NAMES {
                    return Some(Step::Names);
                }
                // Every pattern compiles (a test checks); one that did not would be skipped.
                Regex::new(&pattern).ok().map(|re| Step::Rewrite {
                    needle: needle(&pattern),
                    re,
                    rewrite,
                })
            })
            .collect()
    })
}

/// A piece of text every match of the pattern contains, when the pattern requires one: the
/// longest literal run of its top-level sequence (inside groups and repetitions of at least
/// one). Exact case only: a case-insensitive letter is a class, not a literal.
pub(super) fn needle(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut pieces = Vec::new();
    let mut run = Vec::new();
    required(&hir, &mut run, &mut pieces);
    pieces.push(run);
    pieces
        .into_iter()
        .filter_map(|p| String::from_utf8(p).ok())
        .filter(|p| !p.is_empty())
        .fold(None, |best: Option<String>, p| match best {
            Some(b) if b.len() >= p.len() => Some(b),
            _ => Some(p),
        })
}

/// Collects the literal runs every match of `hir` contains, in order: `run` is the run still
/// open at the end (a following literal extends it), `pieces` the closed ones.
fn required(hir: &Hir, run: &mut Vec<u8>, pieces: &mut Vec<Vec<u8>>) {
    match hir.kind() {
        HirKind::Literal(lit) => run.extend_from_slice(&lit.0),
        HirKind::Capture(c) => required(&c.sub, run, pieces),
        HirKind::Concat(subs) => {
            for sub in subs {
                required(sub, run, pieces);
            }
        }
        // The sub-pattern at least once: the first time right after the run; what follows
        // may be another time, so the run ends there.
        HirKind::Repetition(r) if r.min > 0 => {
            required(&r.sub, run, pieces);
            if r.max != Some(1) {
                pieces.push(std::mem::take(run));
            }
        }
        // Empty-width assertions match no text: a run goes on across them.
        HirKind::Look(_) | HirKind::Empty => {}
        _ => pieces.push(std::mem::take(run)),
    }
}

/// The rewrites, in order: specific phrasings first, then the general ones they leave.
fn rows() -> Vec<Row> {
    [
        exceptions(),
        roles(),
        missing_roles(),
        settings(),
        config_paths(),
        meta_words(),
        tasks(),
        ids_and_times(),
    ]
    .concat()
}

/// Accepted risks: the org config's exceptions, as the page's “Accept this risk”.
fn exceptions() -> Vec<Row> {
    vec![
            (
                r"Exception (exceptions\[\d+\]) \(([^(),]*)(?:, owner ([^()]*))?\)".into(),
                |p, c| {
                    let risk = p.risk_or(cap(c, 1), parse_risk(cap(c, 2)));
                    match c.get(3) {
                        Some(o) => format!("{risk} (owner {})", o.as_str()),
                        None => risk,
                    }
                },
            ),
            (
                r"record an exception(?: in the org config)? \(rule `[^`]*`, subject `[^`]*`(?:, asset `[^`]*`)?\)".into(),
                |_, _| "use “Accept this risk” on this finding".into(),
            ),
            (
                r"record an exception for `[^`]*` with an expiry".into(),
                |_, _| "use “Accept this risk” on this finding, with an end date".into(),
            ),
            (
                r"record an exception".into(),
                |_, _| "use “Accept this risk” on this finding".into(),
            ),
            (r"a new `expires` date".into(), |_, _| "a new end date".into()),
            (
                r"(exceptions\[\d+\]) (?:in|from) the org config".into(),
                |p, c| p.risk(cap(c, 1)),
            ),
            (
                r"correct its `rule`, `subject` or `asset` to the ids the report shows for the finding".into(),
                |_, _| "correct the rule, subject or asset it names to match the finding".into(),
            ),
            (
                r"check that `([^`]+)` is not in `rules\.disabled`".into(),
                |p, c| {
                    p.control("rules.disabled".into());
                    format!("check that the rule “{}” is not turned off", p.words.title(cap(c, 1)))
                },
            ),
            (
                r"fix the ([a-z0-9]+(?:-[a-z0-9]+)*) finding for (\S+)".into(),
                |p, c| format!("fix the “{}” finding for {}", p.words.title(cap(c, 1)), p.words.who(cap(c, 2))),
            ),
            (r"delete the exception".into(), |_, _| "delete the accepted risk".into()),
            (r"no longer suppresses anything".into(), |_, _| "no longer covers any finding".into()),
            (r"exceptions\[\d+\]".into(), |p, c| p.risk(cap(c, 0))),
    ]
}

/// Partners' and people's roles to change, as the page's “Who should be doing what”.
fn roles() -> Vec<Row> {
    vec![
        (
            format!(r"change (?:its role|it) \(`{SUBJECT}\.role` in the org config\)"),
            |p, c| {
                let who = p.subject_control(c, Some("role"));
                format!("change the role of {who} {INTENT}")
            },
        ),
        (
            format!(
                r"give it a role that does not require them \(`{SUBJECT}\.role` in the org config\)"
            ),
            |p, c| {
                p.subject_control(c, Some("role"));
                format!(
                    "give {} a role that does not require them {INTENT}",
                    p.them()
                )
            },
        ),
        (
            format!(
                r"give it a role that allows it \(`{SUBJECT}\.role` in the org config(?:, e\.g\. `(?P<example>[a-z0-9_]+)`)?\)"
            ),
            |p, c| {
                p.subject_control(c, Some("role"));
                match c.name("example") {
                    Some(e) => format!(
                        "give it a role that allows it {INTENT} (for example {})",
                        role(e.as_str())
                    ),
                    None => format!("give it a role that allows it {INTENT}"),
                }
            },
        ),
    ]
}

/// A role to declare or choose, where the config has none or an unknown one.
fn missing_roles() -> Vec<Row> {
    vec![
        (
            format!(r"declare its role in the org config \(`{SUBJECT}\.role`\)"),
            |p, c| {
                p.subject_control(c, Some("role"));
                format!("choose its role {INTENT}")
            },
        ),
        (
            format!(
                r"Declare what (?P<name>.+?) is hired for in the org config \(`{SUBJECT}\.role`(?:, e\.g\. `(?P<example>[a-z0-9_]+)`)?\)"
            ),
            |p, c| {
                p.subject_control(c, Some("role"));
                let example = c
                    .name("example")
                    .map(|e| format!(" (for example {})", role(e.as_str())));
                format!(
                    "Choose the role {} is hired for {INTENT}{}",
                    named(c, "name"),
                    example.unwrap_or_default()
                )
            },
        ),
        (
            format!(r"Declare (?P<name>.+?)'s role \(`{SUBJECT}\.role` in the org config\)"),
            |p, c| {
                p.subject_control(c, Some("role"));
                format!("Choose {}'s role {INTENT}", named(c, "name"))
            },
        ),
        (
            format!(
                r"set `{SUBJECT}\.role` in the org config to one of (?P<roles>[a-z0-9_, ]+?) \(or define a role of your own under `roles`\)"
            ),
            |p, c| {
                p.subject_control(c, Some("role"));
                let roles: Vec<String> = named(c, "roles").split(", ").map(role).collect();
                format!(
                    "choose {} role {INTENT}: {}, or a role of your own",
                    p.its(),
                    roles.join(", ")
                )
            },
        ),
        (r"has no role in the org config".into(), |_, _| {
            format!("has no role {INTENT}")
        }),
        (
            r"is not defined in the org config's `roles`".into(),
            |_, _| "is not one of the roles you have defined".into(),
        ),
    ]
}

/// A partner's or person's other settings, by the page's labels.
fn settings() -> Vec<Row> {
    vec![
        (
            r"\(`verified` is not set in the org config\)".into(),
            |_, _| format!("(“Business ID confirmed” is not ticked {INTENT})"),
        ),
        (
            format!(r"set `{SUBJECT}\.verified` to true in the org config"),
            |p, c| {
                let who = p.subject_control(c, Some("verified"));
                format!("tick “Business ID confirmed” for {who} {INTENT}")
            },
        ),
        (
            format!(r"set `{SUBJECT}\.reviewed_at` to today's date in the org config"),
            |p, c| {
                let who = p.subject_control(c, Some("reviewed_at"));
                format!("set “Last reviewed” for {who} to today's date {INTENT}")
            },
        ),
        (r"\(no `reviewed_at` in the org config\)".into(), |_, _| {
            format!("(no “Last reviewed” date {INTENT})")
        }),
        (
            format!(r"update `{SUBJECT}\.contract_end` in the org config"),
            |p, c| {
                let who = p.subject_control(c, Some("contract_end"));
                format!("update “Contract ends” for {who} {INTENT}")
            },
        ),
        (
            format!(r"set `{SUBJECT}\.temporary` to false in the org config"),
            |p, c| {
                let who = p.subject_control(c, Some("temporary"));
                format!("untick “Temporary” for {who} {INTENT}")
            },
        ),
        (
            format!(r"as `{SUBJECT}\.justification` in the org config(?: \((?P<what>[^()]*)\))?"),
            |p, c| {
                let who = p.subject_control(c, Some("justification"));
                let what = c.name("what").map(|w| format!("({}) ", w.as_str()));
                format!(
                    "{}as the “Reason for access” of {who} {INTENT}",
                    what.unwrap_or_default()
                )
            },
        ),
        (
            r"the org config records no justification for it".into(),
            |_, _| format!("no reason for it is recorded {INTENT}"),
        ),
        (
            format!(r"add `(?P<asset>[^`]+)` to `{SUBJECT}\.scope` in the org config"),
            |p, c| {
                let who = p.subject_control(c, Some("scope"));
                format!(
                    "add {} to the assets of {who} {INTENT}",
                    p.words.asset(named(c, "asset"))
                )
            },
        ),
        (
            r"add it to `trusted_domains` in the org config".into(),
            |p, _| {
                p.control("trusted_domains".into());
                format!("add it to “Your own email domains” {INTENT}")
            },
        ),
        (r"(not among|outside) the trusted domains".into(), |_, c| {
            format!("{} your own email domains", cap(c, 1))
        }),
        (
            r"remove it from `public_email_domains` in the org config".into(),
            |p, _| {
                p.control("public_email_domains".into());
                format!("remove it from “Public webmail domains” {INTENT}")
            },
        ),
    ]
}

/// Whatever config path is left, in general words.
fn config_paths() -> Vec<Row> {
    vec![
        (
            r"`thresholds\.(\w+)`(?: in the org config)?".into(),
            |p, c| {
                p.control(format!("thresholds.{}", cap(c, 1)));
                threshold(cap(c, 1))
            },
        ),
        (
            format!(r"`{SUBJECT}\.(?P<field>\w+)`(?: in the org config)?"),
            |p, c| {
                let f = named(c, "field");
                let who = p.subject_control(c, Some(f));
                format!("{} of {who} {INTENT}", field(f))
            },
        ),
        (format!(r"`{SUBJECT}`(?: in the org config)?"), |p, c| {
            let who = p.subject_control(c, None);
            format!("{who} {INTENT}")
        }),
        (
            r"`trusted_domains`(?: in the org config)?".into(),
            |p, _| {
                p.control("trusted_domains".into());
                format!("“Your own email domains” {INTENT}")
            },
        ),
        (
            r"`public_email_domains`(?: in the org config)?".into(),
            |p, _| {
                p.control("public_email_domains".into());
                format!("“Public webmail domains” {INTENT}")
            },
        ),
        (
            r"`rules\.disabled`(?: in the org config)?".into(),
            |p, _| {
                p.control("rules.disabled".into());
                "the rules you turned off".into()
            },
        ),
        (r" in the org config\b".into(), |_, _| String::new()),
        (r"\bthe org config's\b".into(), |_, _| {
            "your settings'".into()
        }),
        (r"\b(?:the |your )?org config\b".into(), |_, _| {
            "your settings".into()
        }),
    ]
}

/// Meta's own words for portfolio roles and settings.
fn meta_words() -> Vec<Row> {
    vec![
        (r" \(ADMIN\)".into(), |_, _| String::new()),
        (r"\(role ([A-Z][A-Z_]*)\)".into(), |_, c| {
            format!("({})", portfolio_role(cap(c, 1)))
        }),
        (r"\bfinance permission ([A-Z][A-Z_]*)".into(), |_, c| {
            format!("finance {}", cap(c, 1).to_lowercase().replace('_', " "))
        }),
        (r"\bportfolio role ([A-Z][A-Z_]*)".into(), |_, c| {
            format!("the {} role", portfolio_role(cap(c, 1)))
        }),
        (r" \(two_factor_type `[^`]*`\)".into(), |_, _| String::new()),
        (r"\bis still ([A-Z][A-Z_]*):".into(), |_, c| {
            format!("is still {}:", cap(c, 1).to_lowercase().replace('_', " "))
        }),
        (r"^Invitation \S+ for ".into(), |_, _| {
            "The invitation for ".into()
        }),
        (r"\b([Rr]ole) `([a-z0-9_]+)`".into(), |_, c| {
            format!("{} {}", cap(c, 1), role(cap(c, 2)))
        }),
    ]
}

/// Task codes, by their glossary names.
fn tasks() -> Vec<Row> {
    vec![
        (
            format!(
                r"full control(?P<pending> \(pending\))? of (?P<asset>.+?) through (?P<tasks>{TASKS})"
            ),
            |p, c| {
                let (pending, asset, list) =
                    (named(c, "pending"), named(c, "asset"), named(c, "tasks"));
                let full = p.all_full_control(list);
                let names = p.tasks(list);
                if full {
                    format!("full control{pending} of {asset}")
                } else {
                    format!("full control{pending} of {asset} through {names}")
                }
            },
        ),
        (format!(r"full control \((?P<tasks>{TASKS})\)"), |p, c| {
            let list = named(c, "tasks");
            let full = p.all_full_control(list);
            let names = p.tasks(list);
            if full {
                "full control".into()
            } else {
                format!("full control ({names})")
            }
        }),
        (TASKS.into(), |p, c| p.tasks(cap(c, 0))),
    ]
}

/// Ids (after a name, then alone), times, and whatever is left in backticks.
fn ids_and_times() -> Vec<Row> {
    vec![
            // Ids: after a name, then alone.
            (NAMES.into(), |_, c| cap(c, 0).into()),
            (r"\b([Mm])ember (\d[\w]*)\b".into(), |p, c| {
                if p.words.people.contains_key(cap(c, 2)) {
                    cap(c, 0).into()
                } else {
                    let person = if cap(c, 1) == "M" { "Person" } else { "person" };
                    format!("{person} {}", cap(c, 2))
                }
            }),
            (r"\bthe portfolio's members\b".into(), |_, _| "the portfolio's people".into()),
            (
                r"(?P<pre>\bID |\b[Bb]usiness )?\b(?P<id>[A-Za-z]+_[A-Za-z0-9]+|\d{5,})\b".into(),
                |p, c| {
                    let id = named(c, "id");
                    if c.name("pre").is_some() {
                        return cap(c, 0).into();
                    }
                    if p.words.assets.get(id).is_some_and(|(_, n)| n.is_some()) {
                        p.words.asset(id)
                    } else if p.words.people.contains_key(id) {
                        p.words.who(id)
                    } else {
                        id.into()
                    }
                },
            ),
            // Times: the date only (the page shows it in the reader's locale).
            (
                r"(?P<at>\bat )?\b(?P<date>\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?".into(),
                |_, c| {
                    let on = if c.name("at").is_some() { "on " } else { "" };
                    format!("{on}{}", named(c, "date"))
                },
            ),
            // Whatever is left in backticks: a rule's title, an asset's or someone's name, or
            // the text in quotes.
            (
                r"`([^`]*)`".into(),
                |p, c| {
                    let inner = cap(c, 1);
                    if let Some(t) = p.words.titles.get(inner) {
                        format!("“{t}”")
                    } else if p.words.assets.get(inner).is_some_and(|(_, n)| n.is_some()) {
                        p.words.asset(inner)
                    } else if p.words.people.contains_key(inner) {
                        p.words.who(inner)
                    } else {
                        format!("“{inner}”")
                    }
                },
            ),
            (r"`".into(), |_, _| String::new()),
            (r"  +".into(), |_, _| " ".into()),
    ]
}

/// A person is "they": the rules' "its role" for a member reads "their role" for a person.
pub(super) fn person_table() -> &'static [(Regex, Option<String>, &'static str)] {
    static TABLE: OnceLock<Vec<(Regex, Option<String>, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        [
            (
                r"\bits (role|contract|declared scope|scope|work)\b",
                "their $1",
            ),
            (r"\bbut it has access to no\b", "but they have access to no"),
            (r"\bif it does not work on\b", "if they do not work on"),
            (r"\bgive it a role\b", "give them a role"),
        ]
        .into_iter()
        .filter_map(|(p, to)| Regex::new(p).ok().map(|re| (re, needle(p), to)))
        .collect()
    })
}

/// A role id in words: `media_buyer` → “Media buyer”, `ai_platform` → “AI platform”.
fn role(id: &str) -> String {
    let words: Vec<String> = id
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "ai" => "AI".to_string(),
            _ => w.to_string(),
        })
        .collect();
    let text = words.join(" ").replace("in house", "in-house");
    format!("“{}”", sentence_case(&text))
}

/// A portfolio role (Meta's `role` of a person) in words.
fn portfolio_role(code: &str) -> String {
    match code {
        "ADMIN" => "full control of the portfolio".to_string(),
        "EMPLOYEE" => "partial access".to_string(),
        other => other.to_lowercase().replace('_', " "),
    }
}

/// The page's label of a threshold.
fn threshold(name: &str) -> String {
    let label = match name {
        "review_interval_days" => "Review each partner's access every … days",
        "inactive_days" => "A person counts as inactive after … days",
        "invitation_max_age_days" => "An open invitation is stale after … days",
        "pending_request_max_age_days" => "A pending partner request is stale after … days",
        "max_full_control_members" => "At most … people with full control",
        "min_full_control_members" => "At least … people with full control",
        other => return format!("the “{}” threshold", other.replace('_', " ")),
    };
    format!("“{label}” under “Thresholds”")
}

/// The page's label of a partner's or person's setting.
fn field(name: &str) -> String {
    let label = match name {
        "role" => "Role",
        "verified" => "Business ID confirmed",
        "reviewed_at" => "Last reviewed",
        "contract_end" => "Contract ends",
        "temporary" => "Temporary",
        "justification" => "Reason for access",
        "scope" => "Assets they work on",
        "domains" => "Email domains",
        other => return format!("“{}”", sentence_case(&other.replace('_', " "))),
    };
    format!("“{label}”")
}

fn cap<'t>(c: &'t Captures<'_>, i: usize) -> &'t str {
    c.get(i).map_or("", |m| m.as_str())
}

fn named<'t>(c: &'t Captures<'_>, name: &str) -> &'t str {
    c.name(name).map_or("", |m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (pattern, _) in rows() {
            if pattern != NAMES {
                assert!(Regex::new(&pattern).is_ok(), "{pattern}");
            }
        }
        assert_eq!(table().len(), rows().len());
        assert!(super::super::id_in_parens().is_some());
        assert_eq!(person_table().len(), 4);
    }

    #[test]
    fn needles_are_required_literals() {
        for (pattern, needle_of) in [
            (
                r"Exception (exceptions\[\d+\]) \(",
                Some("Exception exceptions["),
            ),
            (r"\bits (role|work)\b", Some("its ")),
            (r"  +", Some("  ")),
            (r"a\bb", Some("ab")),
            (r"(?:the |your )?org config\b", Some("org config")),
            (r"x(?:abc){2,}", Some("xabc")),
            (r"(?i)abc", None),
            (r"abc|abd", None),
            (r"[A-Z]+", None),
            (r"`([^`]*)`", Some("`")),
        ] {
            assert_eq!(needle(pattern).as_deref(), needle_of, "{pattern}");
        }
    }

    /// On the rules' own texts, every match of every row holds the row's needle.
    #[test]
    fn every_match_holds_its_needle() {
        let report: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/golden/kitchen-sink.report.json"
        ))
        .unwrap();
        let mut texts = Vec::new();
        for f in report["findings"].as_array().unwrap() {
            for field in ["title", "message", "remediation"] {
                texts.push(f[field].as_str().unwrap().to_string());
            }
        }
        assert!(texts.len() > 30);
        let mut matched = 0;
        for (pattern, _) in rows().into_iter().filter(|(p, _)| p != NAMES) {
            let (re, n) = (Regex::new(&pattern).unwrap(), needle(&pattern));
            for m in texts.iter().flat_map(|t| re.find_iter(t)) {
                matched += 1;
                if let Some(n) = &n {
                    assert!(m.as_str().contains(n.as_str()), "{pattern}: {n:?} in {m:?}");
                }
            }
        }
        assert!(matched > 100, "{matched}");
    }

    #[test]
    fn role_ids_in_words() {
        assert_eq!(role("ai_platform"), "“AI platform”");
        assert_eq!(role("in_house_admin"), "“In-house admin”");
        assert_eq!(role("media_buyer"), "“Media buyer”");
    }
}
