//! A deterministic generator of realistic snapshots and org configs of a given size, for
//! benchmarks and scaling tests: about 1 asset per 5 grants, 1 member per 20 grants and
//! 1 partner per 200 grants, roles assigned, and a realistic share of problems.

use crate::glossary;
use crate::snapshot::AssetType;
use serde_json::{json, Map, Value};
use std::collections::HashSet;

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

/// What a generated grantee's role allows per type (a simplified copy of the built-in roles,
/// enough to make most grants fit and some exceed).
fn role_tasks(role: &str, ty: &str) -> Vec<&'static str> {
    let t: &[&str] = match (role, ty) {
        ("media_buyer", "ad_account") => &["ADVERTISE", "ANALYZE", "DRAFT"],
        ("media_buyer", "page" | "instagram_account" | "pixel" | "dataset") => {
            &["ADVERTISE", "ANALYZE"]
        }
        ("media_buyer", "catalog") => &["ADVERTISE"],
        ("creative", "page") => &["CREATE_CONTENT", "ANALYZE"],
        ("creative", "instagram_account") => &["CONTENT", "ANALYZE"],
        ("creative", "ad_account") => &["DRAFT", "ANALYZE"],
        ("reporting", "ad_account") => &["ANALYZE", "AA_ANALYZE"],
        ("reporting", "page" | "instagram_account" | "pixel") => &["ANALYZE"],
        ("reporting", "dataset") => &["ANALYZE", "VIEW"],
        ("catalog_specialist", "catalog") => &["MANAGE", "ADVERTISE"],
        ("community_manager", "page") => &["MODERATE", "MESSAGING", "ANALYZE"],
        ("community_manager", "instagram_account") => &["COMMUNITY_ACTIVITY", "MESSAGES"],
        _ => &[],
    };
    t.to_vec()
}

const ROLES: &[&str] = &[
    "media_buyer",
    "creative",
    "reporting",
    "catalog_specialist",
    "community_manager",
];

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

/// Generates (snapshot, org config) with about `grants` grants. Same arguments, same output.
pub fn generate(grants: usize, seed: u64) -> (Value, Value) {
    let mut rng = Rng(seed ^ 0x005E_ED0F_F00D);
    let n_assets = (grants / 5).max(1);
    let n_members = (grants / 20).max(2);
    let n_partners = (grants / 200).max(1);

    let mut partners = Vec::with_capacity(n_partners);
    let mut partner_cfg = Map::new();
    let mut partner_roles = Vec::with_capacity(n_partners);
    for i in 0..n_partners {
        let id = format!("3{:014}", i + 1);
        let name = format!("{} {} {}", rng.pick(AGENCY), rng.pick(KIND), i + 1);
        let role = *rng.pick(ROLES);
        partner_roles.push(role);
        partners.push(json!({"id": id, "name": name, "added_time": "2024-02-01T10:00:00Z"}));
        let mut c = json!({"role": role, "verified": !rng.chance(10), "justification": format!("SOW {}", i + 1),
                           "reviewed_at": if rng.chance(20) { "2025-01-15" } else { "2026-09-01" },
                           "domains": [format!("agency{}.example", i + 1)]});
        if rng.chance(5) {
            c["contract_end"] = json!("2026-06-30");
        }
        partner_cfg.insert(id, c);
    }

    let mut members = Vec::with_capacity(n_members);
    let mut member_cfg = Map::new();
    let mut member_roles = Vec::with_capacity(n_members);
    for i in 0..n_members {
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
        members.push(m);
        let role = if admin { None } else { Some(*rng.pick(ROLES)) };
        member_roles.push(role);
        if let Some(role) = role {
            member_cfg.insert(id, json!({"role": role}));
        }
    }

    let mut assets = Vec::with_capacity(n_assets);
    let total: u64 = TYPES.iter().map(|(_, w)| w).sum();
    for i in 0..n_assets {
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

    let mut out = Vec::with_capacity(grants);
    let mut seen = HashSet::with_capacity(grants);
    let mut attempts = 0usize;
    // Asset indexes by type, so most grants go to a type the grantee's role works on (as in a
    // real portfolio) and only a few stray outside it.
    let mut by_type: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, a) in assets.iter().enumerate() {
        by_type
            .entry(a["type"].as_str().unwrap_or("other"))
            .or_default()
            .push(i);
    }
    while out.len() < grants && attempts < grants * 4 {
        attempts += 1;
        let partner = rng.chance(30);
        let idx = if partner {
            rng.below(partners.len())
        } else {
            rng.below(members.len())
        };
        let role_hint = if partner {
            Some(partner_roles[idx])
        } else {
            member_roles[idx]
        };
        let fitting: Vec<usize> = role_hint
            .map(|r| {
                TYPES
                    .iter()
                    .filter(|(t, _)| !role_tasks(r, t).is_empty())
                    .flat_map(|(t, _)| by_type.get(t).cloned().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        let a = if !fitting.is_empty() && !rng.chance(5) {
            fitting[rng.below(fitting.len())]
        } else {
            rng.below(assets.len())
        };
        let ty = assets[a]["type"]
            .as_str()
            .unwrap_or("ad_account")
            .to_string();
        let unknown = rng.chance(1);
        let (kind, idx, id) = if partner {
            let i = idx;
            let id = if unknown {
                format!("39{:013}", i)
            } else {
                format!("3{:014}", i + 1)
            };
            ("partner", i, id)
        } else {
            let i = idx;
            let id = if unknown {
                format!("29{:013}", i)
            } else {
                format!("2{:014}", i + 1)
            };
            ("member", i, id)
        };
        if !seen.insert((a, kind, id.clone())) {
            continue;
        }
        let role = if partner {
            Some(partner_roles[idx])
        } else {
            member_roles[idx]
        };
        let mut tasks: Vec<&str> = match role {
            Some(r) => role_tasks(r, &ty),
            None => tasks_for(&ty),
        };
        if tasks.is_empty() || rng.chance(8) {
            let common = tasks_for(&ty);
            if !common.is_empty() {
                tasks.push(*rng.pick(&common));
            }
        }
        tasks.sort_unstable();
        tasks.dedup();
        let pending = partner && rng.chance(3);
        out.push(json!({
            "asset_id": assets[a]["id"], "grantee": {"kind": kind, "id": id}, "tasks": tasks,
            "status": if pending { "pending" } else { "active" },
            "requested_time": "2026-10-01T10:00:00Z", "expires_time": null
        }));
    }

    let snapshot = json!({
        "schema_version": 1,
        "captured_at": "2026-11-01T09:30:00Z",
        "source": {"kind": "manual", "edges": ["business_users", "system_users", "agencies", "assigned_users", "owned_ad_accounts"]},
        "business": {"id": BUSINESS, "name": "Northwind Holdings", "verification_status": "verified", "two_factor_type": "admin_required"},
        "members": members,
        "partners": partners,
        "assets": assets,
        "grants": out,
        "invitations": [
            {"id": "900000000000001", "email": "new.hire@northwind.example", "role": "EMPLOYEE", "status": "PENDING",
             "created_time": "2026-09-01T08:00:00Z", "expiration_time": "2026-10-01T08:00:00Z"}
        ]
    });
    let config = json!({
        "trusted_domains": ["northwind.example"],
        "partners": partner_cfg,
        "members": member_cfg,
        "exceptions": [
            {"rule": "partner-full-control", "subject": format!("3{:014}", 1), "reason": "Migration", "owner": "it@northwind.example", "expires": "2027-01-01"}
        ]
    });
    (snapshot, config)
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
}
