//! A deterministic generator of realistic snapshots and org configs of a given size, for
//! benchmarks and scaling tests: about 1 asset per 5 grants, 1 member per 20 grants and
//! 1 partner per 200 grants, roles assigned, and a realistic share of problems.

use crate::glossary;
use crate::snapshot::AssetType;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// A small, fast, deterministic PRNG (SplitMix64): the same seed gives the same snapshot on
/// every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 1000 < percent * 10
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const BUSINESS: &str = "100000000000001";

const TYPES: &[(&str, u64)] = &[
    ("ad_account", 40),
    ("page", 20),
    ("instagram_account", 10),
    ("pixel", 10),
    ("dataset", 5),
    ("catalog", 10),
    ("whatsapp_business_account", 5),
];

/// The tasks a generated grant draws from, per type: the common ones of the type's glossary
/// entry, in a fixed order (a draw picks by index, so the order is part of the output).
const COMMON_TASKS: &[(&str, &[&str])] = &[
    (
        "ad_account",
        &["MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"],
    ),
    (
        "page",
        &[
            "MANAGE",
            "CREATE_CONTENT",
            "MODERATE",
            "MESSAGING",
            "ADVERTISE",
            "ANALYZE",
        ],
    ),
    (
        "instagram_account",
        &[
            "CONTENT",
            "COMMUNITY_ACTIVITY",
            "MESSAGES",
            "ADVERTISE",
            "ANALYZE",
        ],
    ),
    ("pixel", &["EDIT", "ADVERTISE", "ANALYZE", "UPLOAD"]),
    (
        "dataset",
        &["MANAGE", "ADVERTISE", "ANALYZE", "UPLOAD", "VIEW"],
    ),
    (
        "catalog",
        &["MANAGE", "ADVERTISE", "MANAGE_AR", "AA_ANALYZE"],
    ),
    (
        "whatsapp_business_account",
        &["MANAGE", "MESSAGING", "VIEW_TEMPLATES"],
    ),
];

/// The tasks a grant on an asset of this type draws from: [`COMMON_TASKS`], each one a task of
/// the type in the glossary.
fn tasks_for(ty: &str) -> Vec<&'static str> {
    let Some(asset_type) = AssetType::parse(ty) else {
        return Vec::new();
    };
    COMMON_TASKS
        .iter()
        .filter(|(t, _)| *t == ty)
        .flat_map(|(_, tasks)| tasks.iter().copied())
        .filter(|task| glossary::task(asset_type, task).is_some())
        .collect()
}

/// The built-in roles generated partners and members get.
const ROLES: &[&str] = &[
    "media_buyer",
    "creative",
    "reporting",
    "catalog_specialist",
    "community_manager",
];

/// `(role, type, task)`: tasks the built-in profile allows that generated grants never get from
/// the role (they may still draw one as an extra common task). Generated grants stay inside
/// this narrower subset of [`ROLES`]' profiles, so most fit and some exceed; the subset is
/// what `gen` has always generated from, and changing it changes every generated snapshot.
/// Leaving out a profile's only task on a type also means grantees with that role are not
/// steered to assets of that type.
const LEFT_OUT: &[(&str, &str, &str)] = &[
    ("media_buyer", "ad_account", "AA_ANALYZE"),
    ("reporting", "catalog", "AA_ANALYZE"),
    ("catalog_specialist", "catalog", "MANAGE_AR"),
    ("catalog_specialist", "ad_account", "ANALYZE"),
    ("community_manager", "instagram_account", "ANALYZE"),
];

/// What each generated role allows per type: the built-in profile's allowed tasks (in its
/// order) without [`LEFT_OUT`].
struct RoleTasks(HashMap<&'static str, HashMap<&'static str, Vec<String>>>);

impl RoleTasks {
    /// From `policies/config/roles/data.json` (part of every build, checked by the config
    /// tests; were it unreadable, no role would allow anything).
    fn builtin() -> RoleTasks {
        let profiles = crate::config::builtin_roles().unwrap_or_default();
        let mut table: HashMap<&'static str, HashMap<&'static str, Vec<String>>> = HashMap::new();
        for &role in ROLES {
            for &(ty, _) in TYPES {
                let allowed = AssetType::parse(ty)
                    .and_then(|t| profiles.get(role)?.assets.get(&t))
                    .map(|p| p.allowed.as_slice())
                    .unwrap_or_default();
                let tasks = allowed
                    .iter()
                    .filter(|task| !LEFT_OUT.contains(&(role, ty, task.as_str())))
                    .cloned()
                    .collect();
                table.entry(role).or_default().insert(ty, tasks);
            }
        }
        RoleTasks(table)
    }

    fn get(&self, role: &str, ty: &str) -> &[String] {
        self.0
            .get(role)
            .and_then(|types| types.get(ty))
            .map_or(&[], Vec::as_slice)
    }
}

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Júlia", "Kofi", "Lena",
];
const LAST: &[&str] = &[
    "Okafor", "Smith", "Novák", "Tanaka", "García", "Müller", "Kowalski", "Haddad",
];
const AGENCY: &[&str] = &[
    "Growth",
    "North Star",
    "Pixel & Co",
    "Brightside",
    "Blue Fjord",
    "Kite",
];
const KIND: &[&str] = &[
    "Media",
    "Digital",
    "Analytics",
    "Creative Studio",
    "Commerce",
];

/// Generated partners or members: their snapshot entries, their org-config entries, and the
/// role of each (none for a member with full control of the portfolio).
struct Grantees {
    entries: Vec<Value>,
    config: Map<String, Value>,
    roles: Vec<Option<&'static str>>,
}

/// Generates (snapshot, org config) with about `grants` grants. Same arguments, same output.
pub fn generate(grants: usize, seed: u64) -> (Value, Value) {
    let mut g = Generator {
        rng: Rng(seed ^ 0x005E_ED0F_F00D),
        roles: RoleTasks::builtin(),
    };
    // The draws happen in this order: partners, members, assets, grants.
    let partners = g.partners((grants / 200).max(1));
    let members = g.members((grants / 20).max(2));
    let assets = g.assets((grants / 5).max(1), &partners.entries);
    let grant_list = g.grants(grants, &partners, &members, &assets);
    let snapshot = json!({
        "schema_version": 1,
        "captured_at": "2026-11-01T09:30:00Z",
        "source": {"kind": "manual", "edges": ["business_users", "system_users", "agencies", "assigned_users", "owned_ad_accounts"]},
        "business": {"id": BUSINESS, "name": "Northwind Holdings", "verification_status": "verified", "two_factor_type": "admin_required"},
        "members": members.entries,
        "partners": partners.entries,
        "assets": assets,
        "grants": grant_list,
        "invitations": [
            {"id": "900000000000001", "email": "new.hire@northwind.example", "role": "EMPLOYEE", "status": "PENDING",
             "created_time": "2026-09-01T08:00:00Z", "expiration_time": "2026-10-01T08:00:00Z"}
        ]
    });
    let config = json!({
        "trusted_domains": ["northwind.example"],
        "partners": partners.config,
        "members": members.config,
        "exceptions": [
            {"rule": "partner-full-control", "subject": format!("3{:014}", 1), "reason": "Migration", "owner": "it@northwind.example", "expires": "2027-01-01"}
        ]
    });
    (snapshot, config)
}

/// The generator's state: the one random stream every draw comes from, in a fixed order.
struct Generator {
    rng: Rng,
    roles: RoleTasks,
}

impl Grantees {
    fn with_capacity(n: usize) -> Grantees {
        Grantees {
            entries: Vec::with_capacity(n),
            config: Map::new(),
            roles: Vec::with_capacity(n),
        }
    }
}

impl Generator {
    fn partners(&mut self, n: usize) -> Grantees {
        let rng = &mut self.rng;
        let mut out = Grantees::with_capacity(n);
        for i in 0..n {
            let id = format!("3{:014}", i + 1);
            let name = format!("{} {} {}", rng.pick(AGENCY), rng.pick(KIND), i + 1);
            let role = *rng.pick(ROLES);
            out.roles.push(Some(role));
            out.entries
                .push(json!({"id": id, "name": name, "added_time": "2024-02-01T10:00:00Z"}));
            let mut c = json!({"role": role, "verified": !rng.chance(10), "justification": format!("SOW {}", i + 1),
                               "reviewed_at": if rng.chance(20) { "2025-01-15" } else { "2026-09-01" },
                               "domains": [format!("agency{}.example", i + 1)]});
            if rng.chance(5) {
                c["contract_end"] = json!("2026-06-30");
            }
            out.config.insert(id, c);
        }
        out
    }

    fn members(&mut self, n: usize) -> Grantees {
        let rng = &mut self.rng;
        let mut out = Grantees::with_capacity(n);
        for i in 0..n {
            let id = format!("2{:014}", i + 1);
            let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
            let admin = i < 3 || rng.chance(2);
            let domain = if rng.chance(3) {
                "gmail.com"
            } else {
                "northwind.example"
            };
            let email = format!(
                "{}.{}{}@{domain}",
                first.to_lowercase(),
                last.to_lowercase(),
                i + 1
            );
            let system = !admin && rng.chance(4);
            let mut m = json!({
                "id": id, "kind": if system { "system_user" } else { "person" },
                "name": format!("{first} {last}"), "role": if admin { "ADMIN" } else { "EMPLOYEE" },
                "two_fac_status": if rng.chance(5) { "disabled" } else { "enabled" },
                "last_active_time": if rng.chance(8) { "2026-01-10T08:00:00Z" } else { "2026-10-28T08:00:00Z" }
            });
            if !system {
                m["email"] = json!(email);
            }
            out.entries.push(m);
            let role = if admin { None } else { Some(*rng.pick(ROLES)) };
            out.roles.push(role);
            if let Some(role) = role {
                out.config.insert(id, json!({"role": role}));
            }
        }
        out
    }

    /// `n` assets of [`TYPES`] by weight; a few owned by a partner or an unknown business.
    fn assets(&mut self, n: usize, partners: &[Value]) -> Vec<Value> {
        let rng = &mut self.rng;
        let total: u64 = TYPES.iter().map(|(_, w)| w).sum();
        let mut assets = Vec::with_capacity(n);
        for i in 0..n {
            let mut roll = rng.next() % total;
            let mut ty = "ad_account";
            for (t, w) in TYPES {
                if roll < *w {
                    ty = t;
                    break;
                }
                roll -= w;
            }
            let id = if ty == "ad_account" {
                format!("act_4{:014}", i + 1)
            } else {
                format!("5{:014}", i + 1)
            };
            let owner = if rng.chance(2) {
                partners[rng.below(partners.len())]["id"].clone()
            } else if rng.chance(1) {
                json!("999000000000001")
            } else {
                json!(BUSINESS)
            };
            let mut a = json!({"id": id, "type": ty, "name": format!("Northwind {ty} {}", i + 1), "owner_business_id": owner});
            if ty == "ad_account" {
                a["spend_cap"] = json!(if rng.chance(30) { 0 } else { 50000 });
            }
            assets.push(a);
        }
        assets
    }

    /// Up to `n` distinct grants (at most `4 n` draws): mostly to assets of a type the
    /// grantee's role works on (as in a real portfolio), a few stray outside it; about 1% to a
    /// grantee the snapshot does not know.
    fn grants(
        &mut self,
        n: usize,
        partners: &Grantees,
        members: &Grantees,
        assets: &[Value],
    ) -> Vec<Value> {
        let fitting = self.fitting_assets(assets);
        let mut out = Vec::with_capacity(n);
        let mut seen = HashSet::with_capacity(n);
        let mut attempts = 0usize;
        while out.len() < n && attempts < n * 4 {
            attempts += 1;
            let partner = self.rng.chance(30);
            let grantees = if partner { partners } else { members };
            let idx = self.rng.below(grantees.entries.len());
            let role = grantees.roles[idx];
            let fits = role
                .and_then(|r| fitting.get(r))
                .map_or(&[][..], Vec::as_slice);
            let a = if !fits.is_empty() && !self.rng.chance(5) {
                fits[self.rng.below(fits.len())]
            } else {
                self.rng.below(assets.len())
            };
            let ty = assets[a]["type"].as_str().unwrap_or("ad_account");
            let (kind, id) = self.grantee_id(partner, idx);
            if !seen.insert((a, kind, id.clone())) {
                continue;
            }
            let tasks = self.tasks(role, ty);
            let pending = partner && self.rng.chance(3);
            out.push(json!({
                "asset_id": assets[a]["id"], "grantee": {"kind": kind, "id": id}, "tasks": tasks,
                "status": if pending { "pending" } else { "active" },
                "requested_time": "2026-10-01T10:00:00Z", "expires_time": null
            }));
        }
        out
    }

    /// Per role, the indexes of the assets of the types it allows tasks on.
    fn fitting_assets(&self, assets: &[Value]) -> HashMap<&'static str, Vec<usize>> {
        let mut by_type: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in assets.iter().enumerate() {
            by_type
                .entry(a["type"].as_str().unwrap_or("other"))
                .or_default()
                .push(i);
        }
        ROLES
            .iter()
            .map(|&role| {
                let fits = TYPES
                    .iter()
                    .filter(|(t, _)| !self.roles.get(role, t).is_empty())
                    .flat_map(|(t, _)| by_type.get(t).cloned().unwrap_or_default())
                    .collect();
                (role, fits)
            })
            .collect()
    }

    /// The grantee's kind and id: 1 in 100 an id the snapshot does not know.
    fn grantee_id(&mut self, partner: bool, i: usize) -> (&'static str, String) {
        let unknown = self.rng.chance(1);
        let (kind, unknown_prefix, prefix) = if partner {
            ("partner", "39", "3")
        } else {
            ("member", "29", "2")
        };
        let id = if unknown {
            format!("{unknown_prefix}{i:013}")
        } else {
            format!("{prefix}{:014}", i + 1)
        };
        (kind, id)
    }

    /// A grant's tasks: what the role allows on the type (every common task of the type
    /// without a role), and now and then, or when that is nothing, one common task more.
    fn tasks(&mut self, role: Option<&str>, ty: &str) -> Vec<String> {
        let mut tasks: Vec<String> = match role {
            Some(r) => self.roles.get(r, ty).to_vec(),
            None => tasks_for(ty).into_iter().map(String::from).collect(),
        };
        if tasks.is_empty() || self.rng.chance(8) {
            let common = tasks_for(ty);
            if !common.is_empty() {
                tasks.push((*self.rng.pick(&common)).to_string());
            }
        }
        tasks.sort_unstable();
        tasks.dedup();
        tasks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Snapshot;

    #[test]
    fn deterministic_valid_and_sized() {
        let (a, ca) = generate(2000, 7);
        let (b, cb) = generate(2000, 7);
        assert_eq!(a, b);
        assert_eq!(ca, cb);
        assert_ne!(generate(2000, 8).0, a);
        let s = Snapshot::from_json_str(&a.to_string(), "gen.json").unwrap();
        assert_eq!(s.grants.len(), 2000);
        assert_eq!(s.assets.len(), 400);
        assert_eq!(s.members.len(), 100);
        assert_eq!(s.partners.len(), 10);
    }

    #[test]
    fn every_common_task_is_in_the_glossary() {
        for (ty, tasks) in COMMON_TASKS {
            let t = AssetType::parse(ty).unwrap();
            for task in *tasks {
                assert!(glossary::task(t, task).is_some(), "{ty} {task}");
            }
            assert_eq!(tasks_for(ty), tasks.to_vec());
        }
        let types: Vec<&str> = COMMON_TASKS.iter().map(|(t, _)| *t).collect();
        assert_eq!(types, TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>());
    }

    #[test]
    fn roles_are_built_in_and_left_out_tasks_are_theirs() {
        let profiles = crate::config::builtin_roles().unwrap();
        let roles = RoleTasks::builtin();
        for role in ROLES {
            assert!(profiles.contains_key(*role), "{role}");
            assert!(
                TYPES.iter().any(|(t, _)| !roles.get(role, t).is_empty()),
                "{role} allows nothing"
            );
        }
        for (role, ty, task) in LEFT_OUT {
            let t = AssetType::parse(ty).unwrap();
            let allowed = &profiles[*role].assets[&t].allowed;
            assert!(allowed.iter().any(|a| a == task), "{role} {ty} {task}");
            assert!(!roles.get(role, ty).iter().any(|a| a == task));
        }
        assert_eq!(
            roles.get("media_buyer", "ad_account"),
            ["ADVERTISE", "ANALYZE", "DRAFT"]
        );
        assert!(roles.get("catalog_specialist", "ad_account").is_empty());
        assert!(roles.get("nobody", "page").is_empty());
    }
}
