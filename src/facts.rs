//! The facts: the joins every rule needs, computed natively once per check and given to Rego
//! as `data.portfolio_guard.facts` (the policy contract is documented in `policies/lib/lib.rego`
//! and in the README). `input` stays the snapshot exactly as written.
//!
//! Package `portfolio_guard.derive` (`policies/lib/derive.rego`) derives the same document in
//! Rego: it is what the policies' tests and an OPA run without this engine read, and a test
//! proves both equal on generated and example snapshots.
//!
//! Built as regorus values directly (no JSON text in between). Repeated values — object keys,
//! subjects, task lists, role profiles — are built once and shared (a reference-count clone),
//! and input objects are shared with `input`, not copied.

use crate::config::EffectiveConfig;
use crate::snapshot::{AssetType, Snapshot};
use crate::time::DateOrTime;
use chrono::{DateTime, Utc};
use regorus::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the facts go in `data`.
pub const PATH: [&str; 2] = ["portfolio_guard", "facts"];

/// The facts of a snapshot under a config, "now" included.
pub fn facts(
    snapshot: &Snapshot,
    input: &Value,
    config: &EffectiveConfig,
    now: DateTime<Utc>,
    now_text: &str,
) -> Value {
    Builder::new(snapshot, input, config).build(now, now_text)
}

/// `{"portfolio_guard": {"facts": facts}}`, ready for `Engine::add_data`.
pub fn as_data(facts: Value) -> Value {
    PATH.iter()
        .rev()
        .fold(facts, |inner, key| obj([(Value::from(*key), inner)]))
}

fn obj<const N: usize>(pairs: [(Value, Value); N]) -> Value {
    Value::from(pairs.into_iter().collect::<BTreeMap<Value, Value>>())
}

fn map(m: BTreeMap<Value, Value>) -> Value {
    Value::from(m)
}

fn strings<'a>(xs: impl IntoIterator<Item = &'a str>) -> Value {
    let set: BTreeSet<&str> = xs.into_iter().collect();
    Value::from(set.into_iter().map(Value::from).collect::<Vec<_>>())
}

fn ns(t: DateTime<Utc>) -> Value {
    Value::from(t.timestamp_nanos_opt().unwrap_or(i64::MAX))
}

/// A value of the snapshot's `input` by key (Undefined when absent).
fn field<'a>(v: &'a Value, key: &Value) -> Option<&'a Value> {
    v.as_object().ok().and_then(|o| o.get(key))
}

/// The object keys of the facts, made once.
struct Keys {
    index: Value,
    key: Value,
    status: Value,
    known: Value,
    subject: Value,
    asset: Value,
    asset_type: Value,
    role: Value,
    role_name: Value,
    normalized: Value,
    full_control: Value,
    allowed: Value,
    required: Value,
    kind: Value,
    id: Value,
    name: Value,
    member_kind: Value,
    config: Value,
    declared: Value,
    grants: Value,
    asset_ids: Value,
    asset_types: Value,
    active: Value,
    start_ns: Value,
    end_ns: Value,
}

impl Keys {
    fn new() -> Self {
        let k = |s: &str| Value::from(s);
        Keys {
            index: k("index"),
            key: k("key"),
            status: k("status"),
            known: k("known"),
            subject: k("subject"),
            asset: k("asset"),
            asset_type: k("asset_type"),
            role: k("role"),
            role_name: k("role_name"),
            normalized: k("normalized"),
            full_control: k("full_control"),
            allowed: k("allowed"),
            required: k("required"),
            kind: k("kind"),
            id: k("id"),
            name: k("name"),
            member_kind: k("member_kind"),
            config: k("config"),
            declared: k("declared"),
            grants: k("grants"),
            asset_ids: k("asset_ids"),
            asset_types: k("asset_types"),
            active: k("active"),
            start_ns: k("start_ns"),
            end_ns: k("end_ns"),
        }
    }
}

/// One member, partner or grantee of a grant, while the facts are built.
struct SubjectDraft<'a> {
    kind: &'a str,
    id: &'a str,
    name: Value,
    member_kind: Value,
    config: Option<&'a serde_json::Value>,
    known: bool,
    role_name: Option<&'a str>,
    role: Option<&'a str>,
    /// The `{kind, id, name}` every finding about this subject names.
    subject: Value,
    grants: Vec<Value>,
    asset_ids: BTreeSet<&'a str>,
    asset_types: BTreeSet<&'static str>,
    active: bool,
}

struct Builder<'a> {
    snapshot: &'a Snapshot,
    input: &'a Value,
    config: &'a EffectiveConfig,
    k: Keys,
    /// Normalized tasks per role, type and kind (`allowed`/`required`), shared by every grant.
    allowed: HashMap<(&'a str, AssetType), Value>,
    required: HashMap<(&'a str, AssetType), Value>,
    empty: Value,
}

impl<'a> Builder<'a> {
    fn new(snapshot: &'a Snapshot, input: &'a Value, config: &'a EffectiveConfig) -> Self {
        let mut allowed = HashMap::new();
        let mut required = HashMap::new();
        for (name, role) in &config.roles {
            for (t, p) in &role.assets {
                allowed.insert((name.as_str(), *t), normalized(*t, &p.allowed));
                required.insert((name.as_str(), *t), normalized(*t, &p.required));
            }
        }
        Builder {
            snapshot,
            input,
            config,
            k: Keys::new(),
            allowed,
            required,
            empty: Value::from(Vec::<Value>::new()),
        }
    }

    fn build(self, now: DateTime<Utc>, now_text: &str) -> Value {
        let members = self.by_id("members");
        let partners = self.by_id("partners");
        let assets = self.by_id("assets");
        let mut subjects = self.subjects();
        let grants = self.grants(&mut subjects);
        let k = &self.k;

        let mut facts = BTreeMap::new();
        let mut subject_values = BTreeMap::new();
        let mut by_grantee = BTreeMap::new();
        let mut declared = Vec::new();
        for (key, s) in std::mem::take(&mut subjects) {
            let declared_here = s.known && s.config.is_some();
            if declared_here {
                declared.push(Value::from(key.as_str()));
            }
            let grants = Value::from(s.grants);
            if !grants.as_array().map(|a| a.is_empty()).unwrap_or(true) {
                by_grantee.insert(Value::from(key.as_str()), grants.clone());
            }
            let fields = [
                (k.kind.clone(), Value::from(s.kind)),
                (k.id.clone(), Value::from(s.id)),
                (k.key.clone(), Value::from(key.as_str())),
                (k.name.clone(), s.name),
                (k.known.clone(), Value::from(s.known)),
                (k.member_kind.clone(), s.member_kind),
                (
                    k.config.clone(),
                    s.config.map_or(Value::Null, |c| Value::from(c.clone())),
                ),
                (k.declared.clone(), Value::from(declared_here)),
                (
                    k.role_name.clone(),
                    s.role_name.map_or(Value::Null, Value::from),
                ),
                (k.role.clone(), s.role.map_or(Value::Null, Value::from)),
                (k.subject.clone(), s.subject),
                (k.grants.clone(), grants),
                (k.asset_ids.clone(), strings(s.asset_ids)),
                (k.asset_types.clone(), strings(s.asset_types)),
                (k.active.clone(), Value::from(s.active)),
            ];
            subject_values.insert(Value::from(key.as_str()), obj(fields));
        }
        let mut put = |name: &str, v: Value| {
            facts.insert(Value::from(name), v);
        };
        put("now_ns", ns(now));
        put("business_label", Value::from(self.business_label()));
        put("members_by_id", members);
        put("partners_by_id", partners);
        put("assets_by_id", assets);
        put("grants", Value::from(grants));
        put("subjects", map(subject_values));
        put("grants_by_grantee", map(by_grantee));
        put("declared", Value::from(declared));
        put("allowed_by_role", self.by_role(&self.allowed));
        put("required_by_role", self.by_role(&self.required));
        put(
            "grants_not_exported",
            Value::from(self.grants_not_exported()),
        );
        put("unread", self.unread());
        put("times", self.times(now_text));
        map(facts)
    }

    /// `id -> object` for an array of the input (entries with a string id).
    fn by_id(&self, array: &str) -> Value {
        let mut out = BTreeMap::new();
        if let Some(Ok(items)) = field(self.input, &Value::from(array)).map(Value::as_array) {
            for item in items {
                if let Some(id @ Value::String(_)) = field(item, &self.k.id) {
                    out.insert(id.clone(), item.clone());
                }
            }
        }
        map(out)
    }

    /// `lib.business_label`: the business's name (a validated snapshot always has one).
    fn business_label(&self) -> &str {
        &self.snapshot.business.name
    }

    /// The config's object for a subject (`partners.<id>` / `members.<id>`).
    fn subject_config(&self, kind: &str, id: &str) -> Option<&'a serde_json::Value> {
        let group = if kind == "partner" {
            "partners"
        } else {
            "members"
        };
        self.config.data.get(group)?.get(id)
    }

    fn draft(&self, kind: &'a str, id: &'a str, known: bool) -> SubjectDraft<'a> {
        let config = self.subject_config(kind, id);
        let role_name = config.and_then(|c| c.get("role")).and_then(|r| r.as_str());
        let role = role_name.filter(|r| known && self.config.roles.contains_key(*r));
        SubjectDraft {
            kind,
            id,
            name: Value::Null,
            member_kind: Value::Null,
            config,
            known,
            role_name,
            role,
            subject: Value::Null,
            grants: Vec::new(),
            asset_ids: BTreeSet::new(),
            asset_types: BTreeSet::new(),
            active: false,
        }
    }

    /// Every member and partner, by key (grantees of grants are added as they come).
    fn subjects(&self) -> BTreeMap<String, SubjectDraft<'a>> {
        let mut out = BTreeMap::new();
        let members = self.by_id("members");
        let partners = self.by_id("partners");
        let kind = Value::from("kind");
        for m in &self.snapshot.members {
            let mut d = self.draft("member", &m.id, true);
            let record = members
                .as_object()
                .ok()
                .and_then(|o| o.get(&Value::from(m.id.as_str())));
            d.name = record.map_or(Value::Null, |r| self.name_of(r));
            d.member_kind = record
                .and_then(|r| field(r, &kind))
                .cloned()
                .unwrap_or(Value::Null);
            out.insert(format!("member:{}", m.id), d);
        }
        for p in &self.snapshot.partners {
            let mut d = self.draft("partner", &p.id, true);
            let record = partners
                .as_object()
                .ok()
                .and_then(|o| o.get(&Value::from(p.id.as_str())));
            d.name = record.map_or(Value::Null, |r| self.name_of(r));
            out.insert(format!("partner:{}", p.id), d);
        }
        for d in out.values_mut() {
            d.subject = self.subject_value(d.kind, d.id, d.name.clone());
        }
        out
    }

    /// `lib.name_or_null`: the record's name when it is a string.
    fn name_of(&self, record: &Value) -> Value {
        match field(record, &self.k.name) {
            Some(n @ Value::String(_)) => n.clone(),
            _ => Value::Null,
        }
    }

    fn subject_value(&self, kind: &str, id: &str, name: Value) -> Value {
        obj([
            (self.k.kind.clone(), Value::from(kind)),
            (self.k.id.clone(), Value::from(id)),
            (self.k.name.clone(), name),
        ])
    }

    /// `input.grants`, each with the derived fields, and each added to its subject.
    fn grants(&self, subjects: &mut BTreeMap<String, SubjectDraft<'a>>) -> Vec<Value> {
        let k = &self.k;
        let types: HashMap<&str, AssetType> = self
            .snapshot
            .assets
            .iter()
            .map(|a| (a.id.as_str(), a.asset_type))
            .collect();
        let assets = self.by_id("assets");
        let assets = assets.as_object().ok();
        let raw: Vec<&Value> = match field(self.input, &Value::from("grants")).map(Value::as_array)
        {
            Some(Ok(a)) => a.iter().collect(),
            _ => Vec::new(),
        };
        let pending = Value::from("pending");
        let active = Value::from("active");
        let mut task_cache: HashMap<(Option<AssetType>, &[String]), TaskFacts> = HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for (i, (g, typed)) in raw.iter().zip(&self.snapshot.grants).enumerate() {
            let kind = typed.grantee.kind.as_str();
            let key = format!("{kind}:{}", typed.grantee.id);
            let s = subjects.entry(key.clone()).or_insert_with(|| {
                let mut d = self.draft(kind, &typed.grantee.id, false);
                d.subject = self.subject_value(kind, &typed.grantee.id, Value::Null);
                d
            });
            let asset_type = types.get(typed.asset_id.as_str()).copied();
            let (normalized, full_control) = task_cache
                .entry((asset_type, typed.tasks.as_slice()))
                .or_insert_with(|| tasks_facts(asset_type, &typed.tasks))
                .clone();
            let is_pending = matches!(typed.status, Some(crate::snapshot::GrantStatus::Pending));
            let role_tasks = |m: &HashMap<(&str, AssetType), Value>| match (s.role, asset_type) {
                (Some(r), Some(t)) => m.get(&(r, t)).cloned().unwrap_or(self.empty.clone()),
                _ => Value::Null,
            };
            let mut fields: BTreeMap<Value, Value> = match g.as_object() {
                Ok(o) => o.iter().map(|(a, b)| (a.clone(), b.clone())).collect(),
                Err(_) => BTreeMap::new(),
            };
            let asset = assets
                .and_then(|a| a.get(&Value::from(typed.asset_id.as_str())))
                .cloned()
                .unwrap_or(Value::Null);
            let added = [
                (k.index.clone(), Value::from(i)),
                (k.key.clone(), Value::from(key.as_str())),
                (
                    k.status.clone(),
                    if is_pending {
                        pending.clone()
                    } else {
                        active.clone()
                    },
                ),
                (k.known.clone(), Value::from(s.known)),
                (k.subject.clone(), s.subject.clone()),
                (k.asset.clone(), asset),
                (
                    k.asset_type.clone(),
                    asset_type.map_or(Value::Null, |t| Value::from(t.as_str())),
                ),
                (k.role.clone(), s.role.map_or(Value::Null, Value::from)),
                (
                    k.role_name.clone(),
                    s.role_name.map_or(Value::Null, Value::from),
                ),
                (k.normalized.clone(), normalized),
                (k.full_control.clone(), full_control),
                (k.allowed.clone(), role_tasks(&self.allowed)),
                (k.required.clone(), role_tasks(&self.required)),
            ];
            fields.extend(added);
            let v = map(fields);
            s.grants.push(v.clone());
            s.asset_ids.insert(&typed.asset_id);
            if let Some(t) = asset_type {
                s.asset_types.insert(t.as_str());
            }
            s.active |= !is_pending;
            out.push(v);
        }
        out
    }

    fn by_role(&self, m: &HashMap<(&'a str, AssetType), Value>) -> Value {
        let mut out: BTreeMap<Value, BTreeMap<Value, Value>> = BTreeMap::new();
        for name in self.config.roles.keys() {
            out.entry(Value::from(name.as_str())).or_default();
        }
        for ((name, t), v) in m {
            out.entry(Value::from(*name))
                .or_default()
                .insert(Value::from(t.as_str()), v.clone());
        }
        map(out.into_iter().map(|(k, v)| (k, map(v))).collect())
    }

    fn grants_not_exported(&self) -> bool {
        match self.snapshot.source.as_ref().and_then(|s| s.edges.as_ref()) {
            Some(edges) => !edges
                .iter()
                .any(|e| e == "assigned_users" || e == "agencies"),
            None => false,
        }
    }

    fn unread(&self) -> Value {
        let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let unread = self
            .snapshot
            .source
            .as_ref()
            .and_then(|s| s.unread.as_ref());
        for u in unread.into_iter().flatten() {
            out.entry(u.edge.as_str())
                .or_default()
                .insert(u.asset_id.as_str());
        }
        map(out
            .into_iter()
            .map(|(edge, ids)| (Value::from(edge), strings(ids)))
            .collect())
    }

    /// Every time or date the built-in rules read, parsed once.
    fn times(&self, now_text: &str) -> Value {
        let s = self.snapshot;
        let mut texts: BTreeSet<&str> = BTreeSet::new();
        texts.insert(&s.captured_at);
        texts.insert(now_text);
        for m in &s.members {
            texts.extend(m.last_active_time.as_deref());
        }
        for inv in s.invitations.iter().flatten() {
            texts.extend(inv.created_time.as_deref());
            texts.extend(inv.expiration_time.as_deref());
        }
        for g in &s.grants {
            texts.extend(g.requested_time.as_deref());
            texts.extend(g.expires_time.as_deref());
        }
        for group in ["partners", "members"] {
            if let Some(serde_json::Value::Object(subjects)) = self.config.data.get(group) {
                for c in subjects.values() {
                    for f in ["contract_end", "reviewed_at"] {
                        texts.extend(c.get(f).and_then(|v| v.as_str()));
                    }
                }
            }
        }
        for e in &self.config.exceptions {
            texts.insert(&e.expires);
        }
        let mut out = BTreeMap::new();
        for t in texts {
            if let Some((start, end)) = instants(t) {
                out.insert(
                    Value::from(t),
                    obj([
                        (self.k.start_ns.clone(), start),
                        (self.k.end_ns.clone(), end),
                    ]),
                );
            }
        }
        map(out)
    }
}

/// A time's or date's first instant and the first instant after it, in ns, when the text has
/// the shape `lib.is_rfc3339` / `lib.is_date` accept.
fn instants(text: &str) -> Option<(Value, Value)> {
    if !shape_ok(text) {
        return None;
    }
    let d = DateOrTime::parse(text).ok()?;
    Some((ns(d.start()), ns(d.end())))
}

/// `^[0-9]{4}-[0-9]{2}-[0-9]{2}$` or the RFC 3339 shape of `lib.is_rfc3339`.
fn shape_ok(t: &str) -> bool {
    use std::sync::OnceLock;
    static SHAPE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    SHAPE
        .get_or_init(|| {
            regex::Regex::new(
                r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$",
            )
            .ok()
        })
        .as_ref()
        .is_some_and(|r| r.is_match(t))
}

/// A list of tasks, normalized, sorted and deduplicated.
fn normalized(t: AssetType, tasks: &[String]) -> Value {
    let set: BTreeSet<String> = tasks
        .iter()
        .map(|x| crate::vocab::normalize(t, x))
        .collect();
    Value::from(set.into_iter().map(Value::from).collect::<Vec<_>>())
}

/// A grant's tasks normalized, and its raw tasks that give full control of its asset.
type TaskFacts = (Value, Value);

/// The [`TaskFacts`] of a list of tasks on an asset type.
fn tasks_facts(t: Option<AssetType>, tasks: &[String]) -> TaskFacts {
    match t {
        None => (
            strings(tasks.iter().map(String::as_str)),
            Value::from(Vec::<Value>::new()),
        ),
        Some(t) => {
            let full = crate::glossary::full_control(t);
            let held = tasks
                .iter()
                .filter(|x| full.contains(&crate::vocab::normalize(t, x).as_str()))
                .map(String::as_str);
            (normalized(t, tasks), strings(held))
        }
    }
}
