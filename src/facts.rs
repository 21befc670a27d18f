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
use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasherDefault;

/// A hash map with a fast, non-cryptographic hash (FxHash): the facts hash ids and task lists
/// that come from one snapshot, so collision attacks are not a concern, and SipHash was 4% of
/// a check.
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

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

/// Strings, sorted and deduplicated, as an array.
fn strings<'a>(xs: impl IntoIterator<Item = &'a str>) -> Value {
    let mut v: Vec<&str> = xs.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>())
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
    beyond: Value,
    missing: Value,
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
    label: Value,
    described: Value,
    described_capitalized: Value,
    config_key: Value,
    settings_path: Value,
    assets_path: Value,
    plural: Value,
    type_: Value,
    reference: Value,
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
            beyond: k("beyond"),
            missing: k("missing"),
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
            label: k("label"),
            described: k("described"),
            described_capitalized: k("described_capitalized"),
            config_key: k("config_key"),
            settings_path: k("settings_path"),
            assets_path: k("assets_path"),
            plural: k("plural"),
            type_: k("type"),
            reference: k("ref"),
            start_ns: k("start_ns"),
            end_ns: k("end_ns"),
        }
    }
}

/// One member, partner or grantee of a grant, while the facts are built.
struct SubjectDraft<'a> {
    kind: &'a str,
    id: &'a str,
    /// `kind:id`, as text and as a value (made once, shared by its grants).
    key: String,
    key_value: Value,
    role_value: Value,
    role_name_value: Value,
    name: Value,
    member_kind: Value,
    config: Option<&'a serde_json::Value>,
    known: bool,
    role: Option<&'a str>,
    /// The `{kind, id, name}` every finding about this subject names.
    subject: Value,
    grants: Vec<Value>,
    /// Pushed per grant, sorted and deduplicated once at the end (`strings`).
    asset_ids: Vec<&'a str>,
    asset_types: Vec<&'static str>,
    active: bool,
}

/// The subjects while the facts are built, found by kind and id.
#[derive(Default)]
struct Subjects<'a> {
    all: Vec<SubjectDraft<'a>>,
    by_kind_id: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Subjects<'a> {
    fn add(&mut self, d: SubjectDraft<'a>) {
        self.by_kind_id.insert((d.kind, d.id), self.all.len());
        self.all.push(d);
    }

    /// The subject's position, added first when it is a grantee of no member or partner.
    fn index(&mut self, b: &Builder<'a>, kind: &'a str, id: &'a str) -> usize {
        if let Some(&i) = self.by_kind_id.get(&(kind, id)) {
            return i;
        }
        self.add(b.draft(kind, id, None));
        self.all.len() - 1
    }
}

/// A grant's own fields (sorted, as `input` holds them) merged with the added ones (keys
/// sorted once, values in the keys' original order); an added field wins over a same-named
/// one of the grant.
fn merged(g: &Value, added_keys: &[(Value, usize)], values: [Value; 15]) -> Value {
    let own: Vec<(&Value, &Value)> = match g.as_object() {
        Ok(o) => {
            let mut v: Vec<_> = o.iter().collect();
            if !v.is_sorted_by(|a, b| a.0 < b.0) {
                v.sort_by(|a, b| a.0.cmp(b.0));
            }
            v
        }
        Err(_) => Vec::new(),
    };
    let mut values = values.map(Some);
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(own.len() + added_keys.len());
    let mut own = own.into_iter().peekable();
    for (key, slot) in added_keys {
        while let Some((ok, ov)) = own.next_if(|(ok, _)| *ok < key) {
            out.push((ok.clone(), ov.clone()));
        }
        own.next_if(|(ok, _)| *ok == key);
        if let Some(v) = values[*slot].take() {
            out.push((key.clone(), v));
        }
    }
    out.extend(own.map(|(a, b)| (a.clone(), b.clone())));
    // Sorted and unique: BTreeMap builds it in one pass without searching.
    Value::from(out.into_iter().collect::<BTreeMap<Value, Value>>())
}

struct Builder<'a> {
    snapshot: &'a Snapshot,
    input: &'a Value,
    config: &'a EffectiveConfig,
    k: Keys,
    /// Normalized tasks per role, type and kind (`allowed`/`required`), shared by every grant.
    allowed: HashMap<(&'a str, AssetType), Value>,
    required: HashMap<(&'a str, AssetType), Value>,
    /// The same allowed tasks as a set, to find a grant's tasks `beyond` them.
    allowed_sets: HashMap<(&'a str, AssetType), BTreeSet<String>>,
    empty: Value,
}

impl<'a> Builder<'a> {
    fn new(snapshot: &'a Snapshot, input: &'a Value, config: &'a EffectiveConfig) -> Self {
        let mut allowed = HashMap::default();
        let mut required = HashMap::default();
        let mut allowed_sets = HashMap::default();
        for (name, role) in &config.roles {
            for (t, p) in &role.assets {
                allowed.insert((name.as_str(), *t), normalized(*t, &p.allowed));
                required.insert((name.as_str(), *t), normalized(*t, &p.required));
                allowed_sets.insert((name.as_str(), *t), normalized_set(*t, &p.allowed));
            }
        }
        Builder {
            snapshot,
            input,
            config,
            k: Keys::new(),
            allowed,
            required,
            allowed_sets,
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
        let mut all = std::mem::take(&mut subjects.all);
        all.sort_by(|a, b| a.key.cmp(&b.key));
        for s in all {
            let declared_here = s.known && s.config.is_some();
            if declared_here {
                declared.push(s.key_value.clone());
            }
            let words = subject_words(&s);
            let has_grants = !s.grants.is_empty();
            let grants = Value::from(s.grants);
            if has_grants {
                by_grantee.insert(s.key_value.clone(), grants.clone());
            }
            let fields = [
                (k.kind.clone(), Value::from(s.kind)),
                (k.id.clone(), Value::from(s.id)),
                (k.key.clone(), s.key_value.clone()),
                (k.name.clone(), s.name),
                (k.known.clone(), Value::from(s.known)),
                (k.member_kind.clone(), s.member_kind),
                (
                    k.config.clone(),
                    s.config.map_or(Value::Null, |c| Value::from(c.clone())),
                ),
                (k.declared.clone(), Value::from(declared_here)),
                (k.role_name.clone(), s.role_name_value),
                (k.role.clone(), s.role_value),
                (k.subject.clone(), s.subject),
                (k.grants.clone(), grants),
                (k.asset_ids.clone(), strings(s.asset_ids)),
                (k.asset_types.clone(), strings(s.asset_types)),
                (k.active.clone(), Value::from(s.active)),
                (k.label.clone(), Value::from(words.label)),
                (k.described.clone(), Value::from(words.described)),
                (
                    k.described_capitalized.clone(),
                    Value::from(words.described_capitalized),
                ),
                (k.config_key.clone(), Value::from(words.config_key)),
                (k.settings_path.clone(), Value::from(words.settings_path)),
                (k.assets_path.clone(), Value::from(words.assets_path)),
            ];
            subject_values.insert(s.key_value, obj(fields));
        }
        let mut put = |name: &str, v: Value| {
            facts.insert(Value::from(name), v);
        };
        put("now_ns", ns(now));
        put("business_label", Value::from(self.business_label()));
        put("members_by_id", members);
        put("partners_by_id", partners);
        put("asset_words", self.asset_words());
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
        for item in self.array(array) {
            if let Some(id @ Value::String(_)) = field(item, &self.k.id) {
                out.insert(id.clone(), item.clone());
            }
        }
        map(out)
    }

    /// `lib.business_label`: the business's name (a validated snapshot always has one).
    fn business_label(&self) -> &str {
        &self.snapshot.business.name
    }

    /// `id -> {label, described, plural, settings_path, ref}` for every asset with a string id:
    /// the words of `lib.asset_label`, `lib.describe_asset`, `lib.asset_type_plural`,
    /// `lib.asset_settings_path`, and `lib.asset_ref`.
    fn asset_words(&self) -> Value {
        let k = &self.k;
        let mut out = BTreeMap::new();
        for item in self.array("assets") {
            let Some(Value::String(id)) = field(item, &k.id) else {
                continue;
            };
            // No type: `lib.asset_ref` is undefined, and so is the entry (never in a valid
            // snapshot).
            let Some(type_value) = field(item, &k.type_) else {
                continue;
            };
            let t = match type_value {
                Value::String(t) => t.as_ref(),
                _ => "",
            };
            let (type_label, plural, group) = type_words(t);
            let (label, described) = match field(item, &k.name) {
                Some(Value::String(name)) => {
                    (format!("`{name}`"), format!("{type_label} `{name}` ({id})"))
                }
                _ => (id.to_string(), format!("{type_label} {id}")),
            };
            let settings_path = format!("Settings → {group} → {plural} → {label}");
            let reference = obj([
                (k.id.clone(), Value::String(id.clone())),
                (k.type_.clone(), type_value.clone()),
                (k.name.clone(), self.name_of(item)),
            ]);
            out.insert(
                Value::String(id.clone()),
                obj([
                    (k.label.clone(), Value::from(label)),
                    (k.described.clone(), Value::from(described)),
                    (k.plural.clone(), Value::from(plural)),
                    (k.settings_path.clone(), Value::from(settings_path)),
                    (k.reference.clone(), reference),
                ]),
            );
        }
        map(out)
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

    /// A subject, from its record in `input` (`None`: a grantee the snapshot does not list).
    fn draft(&self, kind: &'a str, id: &'a str, record: Option<&Value>) -> SubjectDraft<'a> {
        let known = record.is_some();
        let config = self.subject_config(kind, id);
        let role_name = config.and_then(|c| c.get("role")).and_then(|r| r.as_str());
        let role = role_name.filter(|r| known && self.config.roles.contains_key(*r));
        let key = format!("{kind}:{id}");
        let name = record.map_or(Value::Null, |r| self.name_of(r));
        let member_kind = match record.and_then(|r| field(r, &self.k.kind)) {
            Some(k) if kind == "member" => k.clone(),
            _ => Value::Null,
        };
        SubjectDraft {
            kind,
            id,
            key_value: Value::from(key.as_str()),
            key,
            role_value: role.map_or(Value::Null, Value::from),
            role_name_value: role_name.map_or(Value::Null, Value::from),
            subject: self.subject_value(kind, id, name.clone()),
            name,
            member_kind,
            config,
            known,
            role,
            grants: Vec::new(),
            asset_ids: Vec::new(),
            asset_types: Vec::new(),
            active: false,
        }
    }

    /// Every member and partner, by key (grantees of grants are added as they come).
    fn subjects(&self) -> Subjects<'a> {
        let mut out = Subjects::default();
        for (m, record) in self.snapshot.members.iter().zip(self.array("members")) {
            out.add(self.draft("member", &m.id, Some(record)));
        }
        for (p, record) in self.snapshot.partners.iter().zip(self.array("partners")) {
            out.add(self.draft("partner", &p.id, Some(record)));
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
    ///
    /// The hot loop of the facts (one pass over every grant): lookups by hash, values made once
    /// per distinct subject, asset, type, role and task list and shared, and each grant's
    /// object merged from two sorted lists rather than inserted key by key.
    fn grants(&self, subjects: &mut Subjects<'a>) -> Vec<Value> {
        let k = &self.k;
        let assets: HashMap<&str, (AssetType, Value)> = self
            .snapshot
            .assets
            .iter()
            .zip(self.array("assets"))
            .map(|(a, v)| (a.id.as_str(), (a.asset_type, v.clone())))
            .collect();
        let type_values: HashMap<AssetType, Value> = AssetType::ALL
            .iter()
            .map(|t| (*t, Value::from(t.as_str())))
            .collect();
        let raw = self.array("grants");
        let pending = Value::from("pending");
        let active = Value::from("active");
        let mut task_cache: HashMap<(Option<AssetType>, &[String]), TaskFacts> = HashMap::default();
        let mut beyond_cache: HashMap<(&str, AssetType, &[String]), Value> = HashMap::default();
        let mut missing_cache: HashMap<(&str, AssetType, &[String]), Value> = HashMap::default();
        let mut out = Vec::with_capacity(raw.len());
        // The added keys, sorted once; each grant's own fields come sorted from `input`.
        let mut added_keys: Vec<(Value, usize)> = [
            &k.index,
            &k.key,
            &k.status,
            &k.known,
            &k.subject,
            &k.asset,
            &k.asset_type,
            &k.role,
            &k.role_name,
            &k.normalized,
            &k.full_control,
            &k.allowed,
            &k.required,
            &k.beyond,
            &k.missing,
        ]
        .iter()
        .enumerate()
        .map(|(i, v)| ((*v).clone(), i))
        .collect();
        added_keys.sort();
        for (i, (g, typed)) in raw.iter().zip(&self.snapshot.grants).enumerate() {
            let kind = typed.grantee.kind.as_str();
            let si = subjects.index(self, kind, &typed.grantee.id);
            let s = &mut subjects.all[si];
            let asset = assets.get(typed.asset_id.as_str());
            let asset_type = asset.map(|a| a.0);
            let (normalized, full_control) = task_cache
                .entry((asset_type, typed.tasks.as_slice()))
                .or_insert_with(|| tasks_facts(asset_type, &typed.tasks))
                .clone();
            let is_pending = matches!(typed.status, Some(crate::snapshot::GrantStatus::Pending));
            let role_tasks = |m: &HashMap<(&str, AssetType), Value>| match (s.role, asset_type) {
                (Some(r), Some(t)) => m.get(&(r, t)).cloned().unwrap_or(self.empty.clone()),
                _ => Value::Null,
            };
            let values = [
                Value::from(i),
                s.key_value.clone(),
                if is_pending {
                    pending.clone()
                } else {
                    active.clone()
                },
                Value::from(s.known),
                s.subject.clone(),
                asset.map_or(Value::Null, |a| a.1.clone()),
                asset_type.map_or(Value::Null, |t| type_values[&t].clone()),
                s.role_value.clone(),
                s.role_name_value.clone(),
                normalized,
                full_control,
                role_tasks(&self.allowed),
                role_tasks(&self.required),
                match (s.role, asset_type) {
                    (Some(r), Some(t)) => beyond_cache
                        .entry((r, t, typed.tasks.as_slice()))
                        .or_insert_with(|| beyond(t, &typed.tasks, self.allowed_sets.get(&(r, t))))
                        .clone(),
                    _ => self.empty.clone(),
                },
                match (s.role, asset_type) {
                    (Some(r), Some(t)) => missing_cache
                        .entry((r, t, typed.tasks.as_slice()))
                        .or_insert_with(|| missing(t, &typed.tasks, self.required.get(&(r, t))))
                        .clone(),
                    _ => self.empty.clone(),
                },
            ];
            let v = merged(g, &added_keys, values);
            s.grants.push(v.clone());
            s.asset_ids.push(&typed.asset_id);
            if let Some(t) = asset_type {
                s.asset_types.push(t.as_str());
            }
            s.active |= !is_pending;
            out.push(v);
        }
        out
    }

    /// An array of `input` (empty when absent).
    fn array(&self, name: &str) -> Vec<&'a Value> {
        match field(self.input, &Value::from(name)).map(Value::as_array) {
            Some(Ok(a)) => a.iter().collect(),
            _ => Vec::new(),
        }
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

/// How findings name a subject (`lib.subject_label`, `lib.describe_subject`, `lib.config_key`,
/// `lib.subject_settings_path`, and the start of `lib.subject_asset_path`).
struct SubjectWords {
    label: String,
    described: String,
    described_capitalized: String,
    config_key: String,
    settings_path: String,
    assets_path: String,
}

fn subject_words(s: &SubjectDraft<'_>) -> SubjectWords {
    let (kind, id) = (s.kind, s.id);
    let (label, described) = match &s.name {
        Value::String(name) => (name.to_string(), format!("{kind} {name} ({id})")),
        _ => (id.to_string(), format!("{kind} {id}")),
    };
    let (config_key, settings_path) = if kind == "partner" {
        (
            format!("partners.{id}"),
            format!("Settings → Partners → {label}"),
        )
    } else {
        let list = match &s.member_kind {
            Value::String(k) if k.as_ref() == "system_user" => "Users → System users",
            _ => "People",
        };
        (
            format!("members.{id}"),
            format!("Settings → {list} → {label}"),
        )
    };
    SubjectWords {
        described_capitalized: capitalized(&described),
        assets_path: format!("{settings_path} → Assets"),
        label,
        described,
        config_key,
        settings_path,
    }
}

/// A list of tasks, normalized, sorted and deduplicated.
fn normalized(t: AssetType, tasks: &[String]) -> Value {
    Value::from(
        normalized_set(t, tasks)
            .into_iter()
            .map(Value::from)
            .collect::<Vec<_>>(),
    )
}

fn normalized_set(t: AssetType, tasks: &[String]) -> BTreeSet<String> {
    tasks
        .iter()
        .map(|x| crate::vocab::normalize(t, x))
        .collect()
}

/// A grant's raw tasks whose normalized task is not in `allowed` (none: the role does not use
/// the asset's type), sorted and deduplicated.
fn beyond(t: AssetType, tasks: &[String], allowed: Option<&BTreeSet<String>>) -> Value {
    strings(
        tasks
            .iter()
            .filter(|x| !allowed.is_some_and(|a| a.contains(&crate::vocab::normalize(t, x))))
            .map(String::as_str),
    )
}

/// The role's required tasks (normalized, sorted) that a grant's tasks do not give.
fn missing(t: AssetType, tasks: &[String], required: Option<&Value>) -> Value {
    let held = normalized_set(t, tasks);
    let required = required.and_then(|r| r.as_array().ok());
    Value::from(
        required
            .into_iter()
            .flatten()
            .filter(|r| r.as_string().is_ok_and(|r| !held.contains(r.as_ref())))
            .cloned()
            .collect::<Vec<_>>(),
    )
}

/// An asset type's words: `lib.asset_type_label`, `lib.asset_type_plural` and
/// `lib.asset_settings_group`.
fn type_words(t: &str) -> (&'static str, &'static str, &'static str) {
    let (label, plural) = match t {
        "ad_account" => ("ad account", "Ad accounts"),
        "page" => ("Page", "Pages"),
        "instagram_account" => ("Instagram account", "Instagram accounts"),
        "pixel" => ("pixel", "Pixels"),
        "dataset" => ("dataset", "Datasets"),
        "catalog" => ("catalog", "Catalogs"),
        "app" => ("app", "Apps"),
        "whatsapp_business_account" => ("WhatsApp Business account", "WhatsApp accounts"),
        _ => ("asset", "Other assets"),
    };
    let group = if matches!(t, "pixel" | "dataset" | "catalog") {
        "Data sources"
    } else {
        "Accounts"
    };
    (label, plural, group)
}

/// The first letter upper case (`lib.capitalize`).
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
