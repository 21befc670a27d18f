//! Plain words: the report rewritten for a business reader (the web page, a client report).
//!
//! The same findings, in the same order, about the same subjects and assets; only their
//! `title`, `message` and `remediation` change:
//!
//! - task codes become their glossary names (`PROFILE_PLUS_MODERATE` on a Page → “Community
//!   activity”), each one listed in the finding's `terms`;
//! - org-config paths and config jargon become the page's controls in words ("change the role
//!   of Lena Fischer under “Who should be doing what”", "use “Accept this risk” on this
//!   finding"), each path the technical text named listed in the finding's `controls`;
//! - ids become names where the snapshot has one ("Lena Fischer", "“Northwind - Winter
//!   Launch”"), rule ids become rule titles, and timestamps become dates (`YYYY-MM-DD`);
//! - no backticks are left: names are quoted with curly quotes.
//!
//! The rewrites are one ordered table of patterns (`plain/rewrites.rs`), each with a small function that
//! writes the words; the rules' messages are written from a few shared phrasings, so the table
//! stays short. Text no pattern knows is kept as it is (a custom rule's own words).

mod rewrites;

use self::rewrites::{person_table, table, Step};
use super::{Finding, Report};
use crate::glossary;
use crate::snapshot::{AssetType, MemberKind, Snapshot};
use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

/// A task the text names, by its human name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Term {
    /// The task code, normalized (page codes without `PROFILE_PLUS_`).
    pub code: String,
    pub name: String,
    /// What the task lets someone do, in one sentence.
    pub allows: String,
}

/// An org-config setting the technical fix named, e.g. `members.200510000000014.role`,
/// `trusted_domains`, `thresholds.max_full_control_members` or `exceptions[1]`: where the page
/// offers a "go to this setting" button.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Control {
    pub path: String,
}

/// The report in plain words (see the module documentation). Suppressed findings are rewritten
/// too; the exceptions that suppressed them are kept as written.
pub fn plain_report(report: &Report, snapshot: &Snapshot) -> Report {
    let words = Words::new(report, snapshot);
    let mut out = report.clone();
    MEMO.with(|memo| {
        // Only a call inside a call would find the memo in use: it goes without.
        let mut memo = memo.try_borrow_mut().ok();
        for f in &mut out.findings {
            words.rewrite_memo(f, memo.as_deref_mut());
        }
        for s in &mut out.suppressed {
            words.rewrite_memo(&mut s.finding, memo.as_deref_mut());
        }
    });
    out.warnings = out
        .warnings
        .iter()
        .map(|w| super::plain_warnings::plain_warning(w))
        .collect();
    out
}

/// The memo's size at which it starts again empty (~1.5 KB an entry).
const MEMO_LIMIT: usize = 20_000;

thread_local! {
    /// Findings rewritten before, for the next call: the page checks again after every edit,
    /// and most findings are then the same as the last time. See [`Memo`].
    static MEMO: RefCell<HashMap<u64, Memo>> = RefCell::new(HashMap::new());
}

/// One finding's rewrite, kept. It is used again only for a finding with the same input and
/// with lookups of the same fingerprint ([`Words::fingerprint`]): then the rewrite, which
/// reads nothing else, would write the same. The map's key is a hash of both.
struct Memo {
    fingerprint: u64,
    input: Input,
    output: Output,
}

/// What the rewrite reads of a finding (and its rule).
struct Input {
    rule: String,
    title: String,
    message: String,
    remediation: String,
    subject_kind: String,
    subject_id: String,
    subject_name: Option<String>,
    asset_type: Option<String>,
}

impl Input {
    fn of(f: &Finding) -> Input {
        Input {
            rule: f.rule.clone(),
            title: f.title.clone(),
            message: f.message.clone(),
            remediation: f.remediation.clone(),
            subject_kind: f.subject.kind.clone(),
            subject_id: f.subject.id.clone(),
            subject_name: f.subject.name.clone(),
            asset_type: f.asset.as_ref().and_then(|a| a.asset_type.clone()),
        }
    }

    fn is(&self, f: &Finding) -> bool {
        self.rule == f.rule
            && self.title == f.title
            && self.message == f.message
            && self.remediation == f.remediation
            && self.subject_kind == f.subject.kind
            && self.subject_id == f.subject.id
            && self.subject_name == f.subject.name
            && self.asset_type.as_deref() == f.asset.as_ref().and_then(|a| a.asset_type.as_deref())
    }

    /// The memo's key: a hash of the finding's input and the lookups' fingerprint.
    fn hash_of(f: &Finding, fingerprint: u64) -> u64 {
        let mut h = DefaultHasher::new();
        fingerprint.hash(&mut h);
        f.rule.hash(&mut h);
        f.title.hash(&mut h);
        f.message.hash(&mut h);
        f.remediation.hash(&mut h);
        f.subject.kind.hash(&mut h);
        f.subject.id.hash(&mut h);
        f.subject.name.hash(&mut h);
        f.asset
            .as_ref()
            .and_then(|a| a.asset_type.as_deref())
            .hash(&mut h);
        h.finish()
    }
}

/// What the rewrite writes in a finding.
struct Output {
    title: String,
    message: String,
    remediation: String,
    subject_name: Option<String>,
    terms: Vec<Term>,
    controls: Vec<Control>,
}

impl Output {
    fn of(f: &Finding) -> Output {
        Output {
            title: f.title.clone(),
            message: f.message.clone(),
            remediation: f.remediation.clone(),
            subject_name: f.subject.name.clone(),
            terms: f.terms.clone(),
            controls: f.controls.clone(),
        }
    }

    fn write(&self, f: &mut Finding) {
        f.title.clone_from(&self.title);
        f.message.clone_from(&self.message);
        f.remediation.clone_from(&self.remediation);
        f.subject.name.clone_from(&self.subject_name);
        f.terms.clone_from(&self.terms);
        f.controls.clone_from(&self.controls);
    }
}

/// Someone the snapshot names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Person,
    SystemUser,
    Partner,
    Business,
}

/// An exception of the org config, as the report shows it: `rule for subject [on asset]`.
#[derive(Debug, Clone)]
struct Risk {
    rule: String,
    subject: String,
    asset: Option<String>,
}

/// What the rewrites look up: names from the snapshot, rule titles, the exceptions.
struct Words<'a> {
    people: HashMap<&'a str, (Who, &'a str)>,
    assets: HashMap<&'a str, (AssetType, Option<&'a str>)>,
    titles: HashMap<String, String>,
    risks: HashMap<String, Risk>,
    /// A hash of everything the tables above are made of, in the order they are made: the
    /// same fingerprint, the same tables.
    fingerprint: u64,
}

impl<'a> Words<'a> {
    fn new(report: &'a Report, snapshot: &'a Snapshot) -> Words<'a> {
        // Each entry is hashed as it goes in; each list starts with its length.
        let mut fp = Fingerprint(DefaultHasher::new());
        fp.len(1 + snapshot.partners.len() + snapshot.members.len());
        let mut people = HashMap::new();
        let mut person = |id: &'a str, who: Who, name: &'a str| {
            fp.add(&(id, who, name));
            people.insert(id, (who, name));
        };
        person(
            snapshot.business.id.as_str(),
            Who::Business,
            snapshot.business.name.as_str(),
        );
        for p in &snapshot.partners {
            person(p.id.as_str(), Who::Partner, p.name.as_str());
        }
        for m in &snapshot.members {
            let who = match m.kind {
                MemberKind::Person => Who::Person,
                MemberKind::SystemUser => Who::SystemUser,
            };
            person(m.id.as_str(), who, m.name.as_str());
        }
        fp.len(snapshot.assets.len());
        let assets = snapshot
            .assets
            .iter()
            .map(|a| {
                let entry = (a.id.as_str(), (a.asset_type, a.name.as_deref()));
                fp.add(&entry);
                entry
            })
            .collect();
        let all = || {
            report
                .findings
                .iter()
                .chain(report.suppressed.iter().map(|s| &s.finding))
        };
        fp.len(report.findings.len() + report.suppressed.len());
        let mut titles: HashMap<String, String> = all()
            .map(|f| {
                fp.add(&(&f.rule, &f.title));
                (f.rule.clone(), f.title.clone())
            })
            .collect();
        fp.len(report.rules.len());
        for r in &report.rules {
            fp.add(&(&r.id, &r.title));
            titles.insert(r.id.clone(), r.title.clone());
        }
        let mut risks = HashMap::new();
        fp.len(report.suppressed.len());
        for s in &report.suppressed {
            let e = &s.exception;
            fp.add(&(&e.id, &e.rule, &e.subject, &e.asset));
            risks.insert(
                e.id.clone(),
                Risk {
                    rule: e.rule.clone(),
                    subject: e.subject.clone(),
                    asset: e.asset.clone(),
                },
            );
        }
        // (The last list: the end of the hash marks its end.)
        for f in all().filter(|f| f.subject.kind == "exception") {
            fp.add(&(&f.subject.id, &f.subject.name));
            if let Some(risk) = f.subject.name.as_deref().and_then(parse_risk) {
                risks.entry(f.subject.id.clone()).or_insert(risk);
            }
        }
        Words {
            people,
            assets,
            titles,
            risks,
            fingerprint: fp.0.finish(),
        }
    }

    /// [`Words::rewrite`], or the memo's copy of it (kept in the memo, when there is one).
    fn rewrite_memo(&self, f: &mut Finding, memo: Option<&mut HashMap<u64, Memo>>) {
        let Some(memo) = memo else {
            return self.rewrite(f);
        };
        let key = Input::hash_of(f, self.fingerprint);
        if let Some(m) = memo.get(&key) {
            if m.fingerprint == self.fingerprint && m.input.is(f) {
                return m.output.write(f);
            }
        }
        let input = Input::of(f);
        self.rewrite(f);
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        let output = Output::of(f);
        memo.insert(
            key,
            Memo {
                fingerprint: self.fingerprint,
                input,
                output,
            },
        );
    }

    fn rewrite(&self, f: &mut Finding) {
        let asset_type = f
            .asset
            .as_ref()
            .and_then(|a| a.asset_type.as_deref())
            .and_then(AssetType::parse)
            .or_else(|| type_named_in(&f.message))
            .or_else(|| type_named_in(&f.remediation));
        let person = f.subject.kind == "member"
            && matches!(
                self.people.get(f.subject.id.as_str()),
                Some((Who::Person, _))
            );
        let mut pass = Pass {
            words: self,
            asset_type,
            person,
            terms: Vec::new(),
            controls: Vec::new(),
            said: HashMap::new(),
        };
        f.title = pass.text(&f.title);
        f.message = pass.text(&f.message);
        f.remediation = pass.text(&f.remediation);
        if f.subject.kind == "exception" {
            if let Some(risk) = self
                .risks
                .get(&f.subject.id)
                .or_else(|| pass.said.get(&f.subject.id))
            {
                f.subject.name = Some(self.risk_label(risk));
            }
        }
        f.terms = pass.terms;
        f.controls = pass.controls;
    }

    /// A rule's title, else its id in words.
    fn title(&self, rule: &str) -> String {
        match self.titles.get(rule) {
            Some(t) => t.clone(),
            None => sentence_case(&rule.replace('-', " ")),
        }
    }

    /// Someone by name (a person, system user, partner or the business), else the id.
    fn who(&self, id: &str) -> String {
        match self.people.get(id) {
            Some((_, name)) => (*name).to_string(),
            None => id.to_string(),
        }
    }

    /// An asset by its quoted name, else its id.
    fn asset(&self, id: &str) -> String {
        match self.assets.get(id) {
            Some((_, Some(name))) => format!("“{name}”"),
            _ => id.to_string(),
        }
    }

    /// "“External member with full control” for Sam Ortiz [on “Northwind Outdoor”]".
    fn risk_label(&self, risk: &Risk) -> String {
        let on = match &risk.asset {
            Some(a) => format!(" on {}", self.asset(a)),
            None => String::new(),
        };
        format!(
            "“{}” for {}{on}",
            self.title(&risk.rule),
            self.who(&risk.subject)
        )
    }
}

/// A hash of a sequence of entries and list lengths.
struct Fingerprint(DefaultHasher);

impl Fingerprint {
    fn add<T: Hash>(&mut self, entry: &T) {
        entry.hash(&mut self.0);
    }

    fn len(&mut self, n: usize) {
        n.hash(&mut self.0);
    }
}

/// `rule for subject [on asset]` (an exception subject's name) in parts.
fn parse_risk(name: &str) -> Option<Risk> {
    let (rule, rest) = name.split_once(" for ")?;
    let (subject, asset) = match rest.split_once(" on ") {
        Some((s, a)) => (s, Some(a.to_string())),
        None => (rest, None),
    };
    Some(Risk {
        rule: rule.to_string(),
        subject: subject.to_string(),
        asset,
    })
}

/// The asset type a text speaks of ("requires MODERATE on pages"), when it names one.
fn type_named_in(text: &str) -> Option<AssetType> {
    const PLURALS: [(&str, AssetType); 8] = [
        ("ad account", AssetType::AdAccount),
        ("instagram account", AssetType::InstagramAccount),
        ("whatsapp", AssetType::WhatsappBusinessAccount),
        ("page", AssetType::Page),
        ("pixel", AssetType::Pixel),
        ("dataset", AssetType::Dataset),
        ("catalog", AssetType::Catalog),
        ("app", AssetType::App),
    ];
    // The same as `to_lowercase` on ASCII text, without its per-character work.
    let lower = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    };
    PLURALS
        .iter()
        .filter_map(|(word, t)| {
            lower
                .match_indices(word)
                .find(|(i, _)| {
                    // A whole word (plural or not): "pages", not "homepage".
                    let before = lower[..*i].chars().next_back();
                    let after = lower[i + word.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && after.is_none_or(|c| !c.is_alphanumeric() || c == 's')
                })
                .map(|(i, _)| (i, *t))
        })
        .min_by_key(|(i, _)| *i)
        .map(|(_, t)| t)
}

/// One finding's rewrite: its context, and the terms and controls found on the way.
struct Pass<'w, 'a> {
    words: &'w Words<'a>,
    asset_type: Option<AssetType>,
    /// The subject is a person (pronouns: "their role", not "its role").
    person: bool,
    terms: Vec<Term>,
    controls: Vec<Control>,
    /// Exceptions the finding's own text describes (when the report does not know them).
    said: HashMap<String, Risk>,
}

impl Pass<'_, '_> {
    fn text(&mut self, text: &str) -> String {
        let mut s = text.to_string();
        for step in table() {
            match step {
                Step::Rewrite {
                    re,
                    needle,
                    rewrite,
                } => {
                    // A text without the needle has no match: skipped, it stays as it is.
                    if needle.as_deref().is_some_and(|n| !s.contains(n)) {
                        continue;
                    }
                    let out = re.replace_all(&s, |c: &Captures<'_>| rewrite(self, c));
                    if let Cow::Owned(out) = out {
                        s = out;
                    }
                }
                Step::Names => {
                    if let Some(out) = self.names(&s) {
                        s = out;
                    }
                }
            }
        }
        if self.person {
            for (re, needle, to) in person_table() {
                if needle.as_deref().is_some_and(|n| !s.contains(n)) {
                    continue;
                }
                if let Cow::Owned(out) = re.replace_all(&s, *to) {
                    s = out;
                }
            }
        }
        let starts_upper = text.chars().next().is_some_and(char::is_uppercase);
        if starts_upper && s.chars().next().is_some_and(char::is_lowercase) {
            s = sentence_case(&s);
        }
        s
    }

    fn control(&mut self, path: String) {
        if !self.controls.iter().any(|c| c.path == path) {
            self.controls.push(Control { path });
        }
    }

    /// The controls path of `partners.<id>.<field>` (or of the subject alone).
    fn subject_control(&mut self, c: &Captures<'_>, field: Option<&str>) -> String {
        let list = c.name("list").map_or("", |m| m.as_str());
        let id = c.name("id").map_or("", |m| m.as_str());
        match field {
            Some(f) => self.control(format!("{list}.{id}.{f}")),
            None => self.control(format!("{list}.{id}")),
        }
        self.words.who(id)
    }

    /// "its" or "their", for the finding's subject.
    fn its(&self) -> &'static str {
        if self.person {
            "their"
        } else {
            "its"
        }
    }

    fn them(&self) -> &'static str {
        if self.person {
            "them"
        } else {
            "it"
        }
    }

    /// `exceptions[N]` in words: "the accepted risk “<rule title>” for <subject> [on <asset>]".
    fn risk(&mut self, id: &str) -> String {
        self.risk_or(id, None)
    }

    /// [`Pass::risk`], with what the text itself says of the exception when the report does
    /// not know it.
    fn risk_or(&mut self, id: &str, said: Option<Risk>) -> String {
        self.control(id.to_string());
        if let Some(r) = said {
            self.said.entry(id.to_string()).or_insert(r);
        }
        match self.words.risks.get(id).or_else(|| self.said.get(id)) {
            Some(r) => format!("the accepted risk {}", self.words.risk_label(r)),
            None => "this accepted risk".to_string(),
        }
    }

    /// A task's glossary entry: on the finding's asset type, else on any type that has it.
    fn task(&self, code: &str) -> Option<(String, &'static glossary::Task)> {
        let g = glossary::glossary();
        let on = |t: AssetType| {
            g.task(t, code)
                .map(|task| (crate::vocab::normalize(t, code), task))
        };
        self.asset_type
            .and_then(on)
            .or_else(|| AssetType::ALL.into_iter().find_map(on))
    }

    /// A comma-separated list of task codes in words: "“Content”, “Insights” and “Messages”"
    /// (a code the glossary lacks is kept as it is).
    fn tasks(&mut self, list: &str) -> String {
        let names: Vec<String> = list
            .split(", ")
            .map(|code| match self.task(code) {
                Some((normalized, task)) => {
                    if !self.terms.iter().any(|t| t.code == normalized) {
                        self.terms.push(Term {
                            code: normalized,
                            name: task.name.clone(),
                            allows: task.allows.clone(),
                        });
                    }
                    format!("“{}”", task.name)
                }
                None => code.to_string(),
            })
            .collect();
        join_and(&names)
    }

    /// Whether every code of a list gives full control on the finding's asset type.
    fn all_full_control(&self, list: &str) -> bool {
        list.split(", ").all(|code| {
            self.task(code)
                .is_some_and(|(_, t)| t.level == glossary::Level::FullControl)
        })
    }

    /// "Member Lena Fischer (200510000000014)" → "Lena Fischer", "`Winter Launch` (act_1)" →
    /// "“Winter Launch”": an id in parentheses right after the name the snapshot has for it is
    /// dropped (a person's "Member" with it; a system user is called one).
    /// `None` when the text has no id in parentheses (it stays as it is).
    fn names(&self, text: &str) -> Option<String> {
        let (re, needle) = id_in_parens()?;
        if needle.as_deref().is_some_and(|n| !text.contains(n)) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for c in re.captures_iter(text) {
            let (Some(m), Some(id)) = (c.get(0), c.get(1)) else {
                continue;
            };
            out.push_str(&text[last..m.start()]);
            last = m.end();
            // `out` is the text so far, already rewritten: the name is at its end, or not.
            if let Some((_, Some(name))) = self.words.assets.get(id.as_str()) {
                let ticked = format!("`{name}`");
                if out.ends_with(ticked.as_str()) {
                    out.truncate(out.len() - ticked.len());
                    out.push_str(&format!("“{name}”"));
                    continue;
                }
                if out.ends_with(name) || out.ends_with(&format!("“{name}”")) {
                    continue;
                }
            }
            if let Some((who, name)) = self.words.people.get(id.as_str()) {
                if let Some(before) = out.strip_suffix(name) {
                    let before = kind_word(before, *who);
                    out = format!("{before}{name}");
                    continue;
                }
            }
            out.push_str(m.as_str());
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// The text before a person's or system user's name, with the kind word fixed: a person is
/// just their name, a system user is called one.
fn kind_word(before: &str, who: Who) -> String {
    for (word, person, system) in [
        ("Member ", "", "System user "),
        ("member ", "", "system user "),
    ] {
        if let Some(rest) = before.strip_suffix(word) {
            return match who {
                Who::Person => format!("{rest}{person}"),
                Who::SystemUser => format!("{rest}{system}"),
                Who::Partner | Who::Business => before.to_string(),
            };
        }
    }
    before.to_string()
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The first letter upper case.
fn sentence_case(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// ` (<id>)`: an id in parentheses, as the rules write it after a name (and its needle).
fn id_in_parens() -> Option<&'static (Regex, Option<String>)> {
    static RE: OnceLock<Option<(Regex, Option<String>)>> = OnceLock::new();
    RE.get_or_init(|| {
        let pattern = r" \(([^()\s,;]+)\)";
        Regex::new(pattern)
            .ok()
            .map(|re| (re, rewrites::needle(pattern)))
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::report::{fixture, AssetRef};

    const SNAPSHOT: &str = r#"{
      "schema_version": 1, "captured_at": "2026-11-01T09:30:00Z",
      "business": {"id": "100000000000001", "name": "Acme Retail"},
      "members": [
        {"id": "200000000000011", "kind": "person", "name": "Dana Park"},
        {"id": "200000000000012", "kind": "system_user", "name": "Feed Bot"}
      ],
      "partners": [{"id": "300000000000021", "name": "Growth Agency"}],
      "assets": [
        {"id": "act_400000000000031", "type": "ad_account", "name": "Acme - Prospecting"},
        {"id": "500000000000041", "type": "page", "name": "Acme (Outlet)"},
        {"id": "act_400000000000099", "type": "ad_account", "name": null}
      ],
      "grants": []
    }"#;

    /// The shared fixture's finding about an unnamed subject and asset, with its own fix.
    fn finding(
        rule: &str,
        subject: (&str, &str),
        asset: Option<(&str, &str)>,
        message: &str,
        remediation: &str,
    ) -> Finding {
        let mut f = fixture::finding(
            rule,
            crate::report::Severity::High,
            (subject.0, subject.1, None),
            None,
            message,
        );
        f.category = "least-privilege".to_string();
        f.asset = asset.map(|(ty, id)| AssetRef {
            id: id.to_string(),
            asset_type: Some(ty.to_string()),
            name: None,
        });
        f.remediation = remediation.to_string();
        f
    }

    fn plain(findings: Vec<Finding>) -> Vec<Finding> {
        let snapshot = Snapshot::from_json_str(SNAPSHOT, "s.json").unwrap();
        let report = Report::new(
            fixture::business(),
            "2026-11-01T09:30:00Z".into(),
            findings,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        plain_report(&report, &snapshot).findings
    }

    fn one(f: Finding) -> (String, String) {
        let p = plain(vec![f]).pop().unwrap();
        (p.message, p.remediation)
    }

    #[test]
    fn partner_full_control_without_a_role() {
        let (m, r) = one(finding(
            "partner-full-control",
            ("partner", "300000000000021"),
            Some(("ad_account", "act_400000000000031")),
            "Partner Growth Agency (300000000000021) holds full control of ad account `Acme - Prospecting` (act_400000000000031) through MANAGE, but it has no declared role",
            "Declare what Growth Agency is hired for in the org config (`partners.300000000000021.role`, e.g. `media_buyer`); unless that role allows full control there, in Settings → Partners → Growth Agency → Assets → Ad accounts → `Acme - Prospecting` → Manage, turn off full control (MANAGE).",
        ));
        assert_eq!(m, "Partner Growth Agency holds full control of ad account “Acme - Prospecting”, but it has no declared role");
        assert_eq!(r, "Choose the role Growth Agency is hired for under “Who should be doing what” (for example “Media buyer”); unless that role allows full control there, in Settings → Partners → Growth Agency → Assets → Ad accounts → “Acme - Prospecting” → Manage, turn off full control.");
    }

    #[test]
    fn other_role_phrasings() {
        let (m, r) = one(finding(
            "partner-full-control",
            ("partner", "300000000000021"),
            Some(("page", "500000000000041")),
            "Partner Growth Agency (300000000000021) holds full control of Page `Acme (Outlet)` (500000000000041) through PROFILE_PLUS_FULL_CONTROL, PROFILE_PLUS_MANAGE, but its role `ghost` is not defined in the org config's `roles`",
            "In Settings → Partners → Growth Agency → Assets → Pages → `Acme (Outlet)`, remove the asset from Growth Agency: role `creative` needs no access to this Page at all; if Growth Agency really needs it, give it a role that allows it (`partners.300000000000021.role` in the org config) or record an exception (rule `partner-full-control`, subject `300000000000021`, asset `500000000000041`).",
        ));
        assert_eq!(m, "Partner Growth Agency holds full control of Page “Acme (Outlet)”, but its role “Ghost” is not one of the roles you have defined");
        assert_eq!(r, "In Settings → Partners → Growth Agency → Assets → Pages → “Acme (Outlet)”, remove the asset from Growth Agency: role “Creative” needs no access to this Page at all; if Growth Agency really needs it, give it a role that allows it under “Who should be doing what” or use “Accept this risk” on this finding.");

        let (_, r) = one(finding(
            "stale-pending-request",
            ("partner", "300000000000021"),
            Some(("ad_account", "act_400000000000031")),
            "x",
            "Declare Growth Agency's role (`partners.300000000000021.role` in the org config); then, in Settings → Requests, approve its request for `Acme - Prospecting` if the tasks fit that role, or decline it and agree with Growth Agency what to request instead.",
        ));
        assert_eq!(r, "Choose Growth Agency's role under “Who should be doing what”; then, in Settings → Requests, approve its request for “Acme - Prospecting” if the tasks fit that role, or decline it and agree with Growth Agency what to request instead.");

        let (m, r) = one(finding(
            "grant-exceeds-role",
            ("partner", "300000000000021"),
            Some(("ad_account", "act_400000000000031")),
            "Partner Growth Agency (300000000000021) holds ADVERTISE on ad account `Acme - Prospecting` (act_400000000000031) (pending request); its role `reporting` allows AA_ANALYZE, ANALYZE there",
            "In Settings → Requests, decline Growth Agency's pending request for `Acme - Prospecting`, which asks for ADVERTISE beyond its role `reporting`, and ask Growth Agency to request only AA_ANALYZE, ANALYZE; if Growth Agency's job really needs them, change its role (`partners.300000000000021.role` in the org config) or record an exception.",
        ));
        assert_eq!(m, "Partner Growth Agency holds “Manage campaigns” on ad account “Acme - Prospecting” (pending request); its role “Reporting” allows “Advanced analytics” and “View performance” there");
        assert_eq!(r, "In Settings → Requests, decline Growth Agency's pending request for “Acme - Prospecting”, which asks for “Manage campaigns” beyond its role “Reporting”, and ask Growth Agency to request only “Advanced analytics” and “View performance”; if Growth Agency's job really needs them, change the role of Growth Agency under “Who should be doing what” or use “Accept this risk” on this finding.");
    }

    #[test]
    fn people_unknown_grantees_and_system_users() {
        let (m, r) = one(finding(
            "grant-below-role",
            ("member", "200000000000011"),
            Some(("ad_account", "act_400000000000031")),
            "Member Dana Park (200000000000011) has no access to it although it is in its scope on ad account `Acme - Prospecting` (act_400000000000031); its role `media_buyer` requires ADVERTISE, ANALYZE there: campaign work will stall",
            "In Settings → People → Dana Park → Assets → Ad accounts → `Acme - Prospecting`, add ADVERTISE, ANALYZE (or share the asset with them if it is not listed); if the role asks for more than Dana Park's job needs, change it (`members.200000000000011.role` in the org config).",
        ));
        assert_eq!(m, "Dana Park has no access to it although it is in their scope on ad account “Acme - Prospecting”; their role “Media buyer” requires “Manage campaigns” and “View performance” there: campaign work will stall");
        assert_eq!(r, "In Settings → People → Dana Park → Assets → Ad accounts → “Acme - Prospecting”, add “Manage campaigns” and “View performance” (or share the asset with them if it is not listed); if the role asks for more than Dana Park's job needs, change the role of Dana Park under “Who should be doing what”.");

        let (m, r) = one(finding(
            "grant-to-unknown-grantee",
            ("member", "29000000000001"),
            Some(("ad_account", "act_400000000000099")),
            "Member 29000000000001 holds ANALYZE on ad account act_400000000000099, but is not among the portfolio's members: access left behind after a removal",
            "In Settings → Accounts → Ad accounts → act_400000000000099 → People, remove member 29000000000001; if they should keep access, add them back in Settings → People → Add and give them only the tasks their role needs.",
        ));
        assert_eq!(m, "Person 29000000000001 holds “View performance” on ad account act_400000000000099, but is not among the portfolio's people: access left behind after a removal");
        assert!(r.contains("remove person 29000000000001;"), "{r}");

        let (m, _) = one(finding(
            "grant-exceeds-role",
            ("member", "200000000000012"),
            None,
            "Member Feed Bot (200000000000012) holds access to 1 asset but has no role in the org config, so least privilege cannot be judged",
            "x",
        ));
        assert_eq!(m, "System user Feed Bot holds access to 1 asset but has no role under “Who should be doing what”, so least privilege cannot be judged");
    }

    #[test]
    fn tasks_without_an_asset_take_the_type_the_text_names() {
        let p = plain(vec![finding(
            "grant-below-role",
            ("partner", "300000000000021"),
            None,
            "Partner Growth Agency (300000000000021)'s role `community_manager` requires PROFILE_PLUS_MODERATE on pages, but it has access to no Page: campaign work will stall",
            "Share the pages that Growth Agency works on with MODERATE (Settings → Partners → Growth Agency → Assign assets → Pages); if it does not work on pages, give it a role that does not require them (`partners.300000000000021.role` in the org config).",
        )])
        .pop()
        .unwrap();
        assert!(
            p.message
                .contains("requires “Community activity” on pages, but it has access to no Page"),
            "{}",
            p.message
        );
        assert_eq!(p.terms.len(), 1);
        assert_eq!(p.terms[0].code, "MODERATE");
        assert_eq!(p.terms[0].name, "Community activity");
        assert_eq!(p.controls[0].path, "partners.300000000000021.role");
        assert!(p.remediation.ends_with("if it does not work on pages, give it a role that does not require them under “Who should be doing what”."), "{}", p.remediation);
    }

    #[test]
    fn config_jargon_and_times() {
        let (m, r) = one(finding(
            "external-finance-access",
            ("member", "200000000000011"),
            None,
            "Member Dana Park (200000000000011) (dana@mail.example) is outside the trusted domains (acme.example) but has financial access: finance permission EDITOR and portfolio role FINANCE_EDITOR",
            "In Settings → People → Dana Park, turn off financial access; if mail.example is one of your domains, add it to `trusted_domains` in the org config.",
        ));
        assert_eq!(m, "Dana Park (dana@mail.example) is outside your own email domains (acme.example) but has financial access: finance editor and the finance editor role");
        assert!(
            r.ends_with("add it to “Your own email domains” under “Who should be doing what”."),
            "{r}"
        );

        let (m, r) = one(finding(
            "exception-expired",
            ("exception", "exceptions[0]"),
            None,
            "Exception exceptions[0] (partner-full-control for 300000000000021 on act_400000000000031, owner ana@acme.example) expired at 2026-08-01T10:00:00+00:00 and no longer suppresses anything",
            "Ask ana@acme.example whether the risk is still accepted: if so, set a new `expires` date and reason on exceptions[0] in the org config; if not, fix the partner-full-control finding for 300000000000021 in Business Settings and delete the exception.",
        ));
        // A rule no finding names: its id in words.
        assert_eq!(m, "The accepted risk “Partner full control” for Growth Agency on “Acme - Prospecting” (owner ana@acme.example) expired on 2026-08-01 and no longer covers any finding");
        assert!(r.contains("on the accepted risk “Partner full control” for Growth Agency on “Acme - Prospecting”; if not, fix the “Partner full control” finding for Growth Agency"), "{r}");

        let (m, r) = one(finding(
            "access-review-overdue",
            ("partner", "300000000000021"),
            None,
            "Partner Growth Agency (300000000000021) holds access but has never been reviewed (no `reviewed_at` in the org config)",
            "Record why Growth Agency has access as `partners.300000000000021.justification` in the org config (the engagement or statement of work); set `thresholds.review_interval_days`, `partners.300000000000021.domains` and `members.200000000000011` in the org config; `public_email_domains`, `rules.disabled`.",
        ));
        assert_eq!(m, "Partner Growth Agency holds access but has never been reviewed (no “Last reviewed” date under “Who should be doing what”)");
        assert_eq!(r, "Record why Growth Agency has access (the engagement or statement of work) as the “Reason for access” of Growth Agency under “Who should be doing what”; set “Review each partner's access every … days” under “Thresholds”, “Email domains” of Growth Agency under “Who should be doing what” and Dana Park under “Who should be doing what”; “Public webmail domains” under “Who should be doing what”, the rules you turned off.");
        let p = plain(vec![finding(
            "x",
            ("partner", "300000000000021"),
            None,
            "m",
            "Record why Growth Agency has access as `partners.300000000000021.justification` in the org config; set `thresholds.review_interval_days`, `partners.300000000000021.domains` and `members.200000000000011` in the org config; `public_email_domains`, `rules.disabled`.",
        )])
        .pop()
        .unwrap();
        let paths: Vec<&str> = p.controls.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "partners.300000000000021.justification",
                "thresholds.review_interval_days",
                "partners.300000000000021.domains",
                "members.200000000000011",
                "public_email_domains",
                "rules.disabled"
            ]
        );
    }

    #[test]
    fn invitations_and_unknown_text() {
        let (m, _) = one(finding(
            "stale-invitation",
            ("invitation", "900000000000002"),
            None,
            "Invitation 900000000000002 is still PENDING: it expired at 2026-10-01T08:00:00.5Z",
            "r",
        ));
        assert_eq!(
            m,
            "Invitation 900000000000002 is still pending: it expired on 2026-10-01"
        );
        // A custom rule's own words are kept; only backticks and known ids change.
        let (m, r) = one(finding(
            "custom-rule",
            ("business", "100000000000001"),
            None,
            "Something about `a thing` and business 100000000000001, ID 300000000000021",
            "Ask the owner (whoever that is).",
        ));
        assert_eq!(
            m,
            "Something about “a thing” and business 100000000000001, ID 300000000000021"
        );
        assert_eq!(r, "Ask the owner (whoever that is).");
    }

    #[test]
    fn never_panics_on_odd_text() {
        let odd = [
            "",
            "`",
            "``",
            "(",
            ")",
            " ()",
            "Member (200000000000011)",
            "Exception exceptions[99] (",
            "exceptions[99]",
            "set `partners..role` in the org config to one of  (or define a role of your own under `roles`)",
            "full control of  through ",
            "MANAGE, , ADVERTISE",
            "2026-13-45T99:99",
            "é`ü`ß 💥 (act_400000000000031) Acme - Prospecting (act_400000000000031)",
        ];
        let findings = odd
            .iter()
            .map(|t| finding("r", ("member", "200000000000011"), None, t, t))
            .collect();
        assert_eq!(plain(findings).len(), odd.len());
    }

    /// A different snapshot or other exceptions never reuse the memo's words: each call gives
    /// what a rewrite without the memo gives.
    #[test]
    fn the_memo_follows_the_lookups() {
        let report = |findings: Vec<Finding>| {
            Report::new(
                fixture::business(),
                "2026-11-01T09:30:00Z".into(),
                findings,
                Vec::new(),
                Vec::new(),
                Vec::new(),
            )
        };
        let cold = |report: &Report, snapshot: &Snapshot| -> Vec<Finding> {
            let words = Words::new(report, snapshot);
            let mut findings = report.findings.clone();
            for f in &mut findings {
                words.rewrite(f);
            }
            findings
        };
        let a = finding(
            "grant-exceeds-role",
            ("member", "200000000000011"),
            None,
            "Member Dana Park (200000000000011) holds ANALYZE, covered by exceptions[1] in the org config",
            "Delete exceptions[1] from the org config.",
        );
        let mut b = finding(
            "exception-unused",
            ("exception", "exceptions[1]"),
            None,
            "m",
            "r",
        );
        b.subject.name = Some("partner-full-control for 300000000000021".into());
        let (with_risk, without) = (report(vec![a.clone(), b]), report(vec![a]));
        let one = Snapshot::from_json_str(SNAPSHOT, "s.json").unwrap();
        let other =
            Snapshot::from_json_str(&SNAPSHOT.replace("Dana Park", "Dana Kim"), "s.json").unwrap();
        let calls = [
            (&with_risk, &one),
            (&without, &one),
            (&with_risk, &other),
            (&with_risk, &one),
            (&without, &one),
            (&without, &other),
        ];
        let mut seen = Vec::new();
        for (report, snapshot) in calls {
            let plain = plain_report(report, snapshot).findings;
            assert_eq!(plain, cold(report, snapshot));
            let a = plain
                .iter()
                .find(|f| f.rule == "grant-exceeds-role")
                .unwrap();
            seen.push(a.message.clone());
        }
        // The calls' words differ where their lookups do.
        assert!(
            seen[0].contains("“Partner full control” for Growth Agency"),
            "{}",
            seen[0]
        );
        assert!(seen[1].contains("this accepted risk"), "{}", seen[1]);
        assert!(seen[2].contains("(Dana Kim)"), "{}", seen[2]);
        assert_eq!((&seen[0], &seen[1]), (&seen[3], &seen[4]));
    }

    #[test]
    fn helpers() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["a".into()]), "a");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(
            type_named_in("requires MODERATE on pages"),
            Some(AssetType::Page)
        );
        assert_eq!(type_named_in("on the homepage"), None);
        assert_eq!(type_named_in("Approve it"), None);
        assert_eq!(
            type_named_in("on ad accounts and pages"),
            Some(AssetType::AdAccount)
        );
        let r = parse_risk("partner-full-control for 300 on act_1").unwrap();
        assert_eq!(
            (r.rule.as_str(), r.subject.as_str(), r.asset.as_deref()),
            ("partner-full-control", "300", Some("act_1"))
        );
        assert!(parse_risk("nothing here").is_none());
        assert_eq!(sentence_case("énorme"), "Énorme");
    }
}
