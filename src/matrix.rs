//! The access matrix: who (partners, members, unknown grantees) holds what on which asset, who
//! owns each asset, and which cells the report's findings are about — so a front end draws the
//! picture without knowing any rule.

use crate::report::{Finding, Report};
use crate::snapshot::{AssetType, GrantStatus, GranteeKind, MemberKind, Snapshot};
use serde::Serialize;
use std::collections::HashMap;

/// How much a grant lets its holder do on an asset. `None` is a grant with no tasks; `Owner` is
/// a partner that owns the asset without holding a grant on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AccessLevel {
    FullControl,
    CanAct,
    ViewOnly,
    Pending,
    Owner,
    None,
}

/// A row of the matrix: a partner or member (or a grantee the snapshot does not list).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MatrixPrincipal {
    /// `partner` or `member`.
    pub kind: &'static str,
    pub id: String,
    pub name: Option<String>,
    /// False for a grantee that is in neither `members` nor `partners`.
    pub known: bool,
    /// Members: `person` or `system_user`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_kind: Option<MemberKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Members: Meta's portfolio role (`ADMIN`, `EMPLOYEE`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portfolio_role: Option<String>,
    /// A member with full control of the portfolio (`ADMIN`): it controls every asset, with or
    /// without a grant on it.
    pub portfolio_admin: bool,
}

/// Who owns an asset, as seen from the business checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Owner {
    /// The business itself.
    #[serde(rename = "self")]
    Business,
    /// One of its partners.
    Partner { id: String, name: String },
    /// A business that is neither.
    Other { id: String },
    /// The export does not say.
    Unknown,
}

/// A column of the matrix.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MatrixAsset {
    pub id: String,
    #[serde(rename = "type")]
    pub asset_type: AssetType,
    pub name: Option<String>,
    pub owner_business_id: Option<String>,
    pub owner: Owner,
}

/// What the report says about a cell, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Verdict {
    /// A least-privilege finding: more than the role needs.
    Exceeds,
    /// Another kind of problem (ownership, lifecycle, membership).
    Problem,
    /// Less than the role needs (`missing_tasks`).
    Below,
    /// Only findings that an exception accepted.
    Accepted,
}

/// One grant, or one ownership without a grant: indexes into `principals` and `assets`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MatrixCell {
    pub principal: usize,
    pub asset: usize,
    /// `pending` for a request not yet confirmed, `owner` for ownership without a grant;
    /// otherwise what the tasks give.
    pub level: AccessLevel,
    /// What the tasks give (or would give, once a pending request is confirmed).
    pub tasks_level: AccessLevel,
    /// Meta's raw task strings, as granted.
    pub tasks: Vec<String>,
    pub status: GrantStatus,
    /// False for an ownership-only cell.
    pub granted: bool,
    /// This principal owns the asset.
    pub owner: bool,
    /// Indexes into the report's `findings` about this principal on this asset.
    pub findings: Vec<usize>,
    /// Indexes into the report's `suppressed` about this principal on this asset.
    pub accepted: Vec<usize>,
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Matrix {
    pub business: crate::report::BusinessRef,
    pub captured_at: String,
    pub principals: Vec<MatrixPrincipal>,
    pub assets: Vec<MatrixAsset>,
    pub cells: Vec<MatrixCell>,
    pub invitations: usize,
}

/// A task that only reads, from the glossary; on a type the glossary does not list (apps,
/// `other`), a code that reads on the types it does list.
fn view_only(asset_type: AssetType, task: &str) -> bool {
    use crate::glossary::{glossary, level, Level};
    match level(asset_type, task) {
        Some(l) => l == Level::ViewOnly,
        None if glossary().of_type(asset_type).is_none() => glossary()
            .iter()
            .any(|(_, code, t)| code == task && t.level == Level::ViewOnly),
        None => false,
    }
}

/// What a set of (normalized) tasks gives on an asset of this type, by the task glossary the
/// rules read too (`lib.full_control_tasks` is derived from the same data).
fn tasks_level(asset_type: AssetType, normalized: &[String]) -> AccessLevel {
    use crate::glossary::{level, Level};
    if normalized.is_empty() {
        AccessLevel::None
    } else if normalized
        .iter()
        .any(|t| level(asset_type, t) == Some(Level::FullControl))
    {
        AccessLevel::FullControl
    } else if normalized.iter().all(|t| view_only(asset_type, t)) {
        AccessLevel::ViewOnly
    } else {
        AccessLevel::CanAct
    }
}

/// The matrix's rows: the partners and members the snapshot lists, then (as cells need them)
/// grantees it does not list.
struct Rows {
    principals: Vec<MatrixPrincipal>,
    index: HashMap<(GranteeKind, String), usize>,
}

impl Rows {
    fn new(snapshot: &Snapshot) -> Rows {
        let mut rows = Rows {
            principals: Vec::new(),
            index: HashMap::new(),
        };
        for p in &snapshot.partners {
            rows.push(GranteeKind::Partner, &p.id, |id| MatrixPrincipal {
                kind: "partner",
                id,
                name: Some(p.name.clone()),
                known: true,
                member_kind: None,
                email: None,
                portfolio_role: None,
                portfolio_admin: false,
            });
        }
        for m in &snapshot.members {
            rows.push(GranteeKind::Member, &m.id, |id| MatrixPrincipal {
                kind: "member",
                id,
                name: Some(m.name.clone()),
                known: true,
                member_kind: Some(m.kind),
                email: m.email.clone(),
                portfolio_role: m.role.clone(),
                portfolio_admin: m.role.as_deref() == Some("ADMIN"),
            });
        }
        rows
    }

    fn push(
        &mut self,
        kind: GranteeKind,
        id: &str,
        make: impl FnOnce(String) -> MatrixPrincipal,
    ) -> usize {
        let key = (kind, id.to_string());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.principals.len();
        self.principals.push(make(id.to_string()));
        self.index.insert(key, i);
        i
    }

    /// The row of a grantee, added as unknown when the snapshot does not list it.
    fn of(&mut self, kind: GranteeKind, id: &str) -> usize {
        self.push(kind, id, |id| MatrixPrincipal {
            kind: kind.as_str(),
            id,
            name: None,
            known: false,
            member_kind: None,
            email: None,
            portfolio_role: None,
            portfolio_admin: false,
        })
    }

    fn find(&self, kind: &str, id: &str) -> Option<usize> {
        let kind = match kind {
            "partner" => GranteeKind::Partner,
            "member" => GranteeKind::Member,
            _ => return None,
        };
        self.index.get(&(kind, id.to_string())).copied()
    }
}

fn owner_of(snapshot: &Snapshot, owner_business_id: Option<&str>) -> Owner {
    match owner_business_id {
        None => Owner::Unknown,
        Some(id) if id == snapshot.business.id => Owner::Business,
        Some(id) => match snapshot.partners.iter().find(|p| p.id == id) {
            Some(p) => Owner::Partner {
                id: p.id.clone(),
                name: p.name.clone(),
            },
            None => Owner::Other { id: id.to_string() },
        },
    }
}

/// The verdict of one finding on a cell.
fn verdict_of(f: &Finding) -> Verdict {
    if f.details.contains_key("missing_tasks") {
        Verdict::Below
    } else if f.category == "least-privilege" {
        Verdict::Exceeds
    } else {
        Verdict::Problem
    }
}

/// The matrix of a validated snapshot, joined with the report of the same check.
pub fn access_matrix(snapshot: &Snapshot, report: &Report) -> Matrix {
    let mut rows = Rows::new(snapshot);
    let assets: Vec<MatrixAsset> = snapshot
        .assets
        .iter()
        .map(|a| MatrixAsset {
            id: a.id.clone(),
            asset_type: a.asset_type,
            name: a.name.clone(),
            owner_business_id: a.owner_business_id.clone(),
            owner: owner_of(snapshot, a.owner_business_id.as_deref()),
        })
        .collect();
    let asset_index: HashMap<&str, usize> = snapshot
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut cells = Cells::default();
    for g in &snapshot.grants {
        let Some(&asset) = asset_index.get(g.asset_id.as_str()) else {
            continue; // validation rejects this; nothing to draw
        };
        let principal = rows.of(g.grantee.kind, &g.grantee.id);
        cells.grant(g, principal, asset, &assets[asset]);
    }
    // A partner that owns an asset controls it whether or not it holds a grant: show that.
    for (asset, a) in assets.iter().enumerate() {
        if let Owner::Partner { id, .. } = &a.owner {
            cells.ownership(rows.of(GranteeKind::Partner, id), asset);
        }
    }
    join_findings(report, &rows, &asset_index, &cells.index, &mut cells.list);
    Matrix {
        business: crate::report::BusinessRef {
            id: snapshot.business.id.clone(),
            name: snapshot.business.name.clone(),
        },
        captured_at: snapshot.captured_at.clone(),
        principals: rows.principals,
        assets,
        cells: cells.list,
        invitations: snapshot.invitations.as_ref().map_or(0, Vec::len),
    }
}

/// The cells, and where each (principal, asset) pair's cell is.
#[derive(Default)]
struct Cells {
    list: Vec<MatrixCell>,
    index: HashMap<(usize, usize), usize>,
}

impl Cells {
    /// The cell of a grant: its level from its tasks (or pending), and whether its holder owns
    /// the asset.
    fn grant(
        &mut self,
        g: &crate::snapshot::Grant,
        principal: usize,
        asset: usize,
        column: &MatrixAsset,
    ) {
        let asset_type = column.asset_type;
        let status = g.status.unwrap_or_default();
        let normalized: Vec<String> = g
            .tasks
            .iter()
            .map(|t| crate::vocab::normalize(asset_type, t))
            .collect();
        let tasks_level = tasks_level(asset_type, &normalized);
        let owner = matches!(&column.owner, Owner::Partner { id, .. }
            if g.grantee.kind == GranteeKind::Partner && *id == g.grantee.id);
        self.index.insert((principal, asset), self.list.len());
        self.list.push(MatrixCell {
            principal,
            asset,
            level: if status == GrantStatus::Pending {
                AccessLevel::Pending
            } else {
                tasks_level
            },
            tasks_level,
            tasks: g.tasks.clone(),
            status,
            granted: true,
            owner,
            findings: Vec::new(),
            accepted: Vec::new(),
            verdict: None,
        });
    }

    /// An owner without a grant on what it owns: a cell of level `owner`.
    fn ownership(&mut self, principal: usize, asset: usize) {
        if self.index.contains_key(&(principal, asset)) {
            return;
        }
        self.index.insert((principal, asset), self.list.len());
        self.list.push(MatrixCell {
            principal,
            asset,
            level: AccessLevel::Owner,
            tasks_level: AccessLevel::Owner,
            tasks: Vec::new(),
            status: GrantStatus::Active,
            granted: false,
            owner: true,
            findings: Vec::new(),
            accepted: Vec::new(),
            verdict: None,
        });
    }
}

/// Attaches each finding about a (principal, asset) pair that has a cell to that cell, and sets
/// the cell's verdict from its most severe open finding (findings come sorted by severity).
fn join_findings(
    report: &Report,
    rows: &Rows,
    asset_index: &HashMap<&str, usize>,
    cell_index: &HashMap<(usize, usize), usize>,
    cells: &mut [MatrixCell],
) {
    let cell_of = |f: &Finding| -> Option<usize> {
        let principal = rows.find(&f.subject.kind, &f.subject.id)?;
        let asset = *asset_index.get(f.asset.as_ref()?.id.as_str())?;
        cell_index.get(&(principal, asset)).copied()
    };
    for (i, f) in report.findings.iter().enumerate() {
        if let Some(c) = cell_of(f) {
            let cell = &mut cells[c];
            cell.findings.push(i);
            let v = verdict_of(f);
            cell.verdict = Some(cell.verdict.map_or(v, |old| old.min_by_rank(v)));
        }
    }
    for (i, s) in report.suppressed.iter().enumerate() {
        if let Some(c) = cell_of(&s.finding) {
            let cell = &mut cells[c];
            cell.accepted.push(i);
            cell.verdict.get_or_insert(Verdict::Accepted);
        }
    }
}

impl Verdict {
    /// The more important of two verdicts (the order of the enum).
    fn min_by_rank(self, other: Verdict) -> Verdict {
        let rank = |v: Verdict| v as u8;
        if rank(other) < rank(self) {
            other
        } else {
            self
        }
    }
}
