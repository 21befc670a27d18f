//! The rows of the `business`, `person`, `system_user`, `partner`, `asset` and `invitation`
//! tables, each into its part of the snapshot as it is read.

use super::{put, Builder};
use crate::snapshot::AssetType;
use crate::template::problems::Problems;
use crate::template::read::Row;
use crate::template::values::{
    parse_asset_type, parse_business_two_factor, parse_finance, parse_person_two_factor,
    parse_role, parse_spend_cap, parse_time, parse_verification, split_list,
};
use crate::template::{Col, Table};
use serde_json::{json, Map, Value};

impl Builder<'_> {
    pub(super) fn business_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        if let Some((first, _)) = &self.business {
            p.at(
                row.line,
                Some(1),
                format!(
                    "a second `business` row (the first is row {first}): one template describes one portfolio"
                ),
            );
            return;
        }
        let mut b = Map::new();
        put(&mut b, "id", self.required(row, Col::Id, p));
        let name = self.required(row, Col::Name, p);
        put(
            &mut b,
            "name",
            name.and_then(|_| Self::text(row, Col::Name)),
        );
        put(
            &mut b,
            "verification_status",
            self.parsed(row, Col::Status, parse_verification, p),
        );
        put(
            &mut b,
            "two_factor_type",
            self.parsed(row, Col::TwoFactor, parse_business_two_factor, p),
        );
        self.captured_at = self.parsed(row, Col::CapturedAt, parse_time, p);
        self.captured_at_col = row.column(Col::CapturedAt);
        self.captured_at_given = row.get(Col::CapturedAt).is_some();
        self.edges = row.get(Col::Edges).map(split_list);
        self.business = Some((row.line, b));
    }

    pub(super) fn member_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.member_ids, &id, row, p) {
            return;
        }
        let kind = if row.table == Table::SystemUser {
            "system_user"
        } else {
            "person"
        };
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        m.insert("kind".into(), json!(kind));
        m.insert(
            "name".into(),
            json!(Self::text(row, Col::Name).unwrap_or_default()),
        );
        put(&mut m, "email", Self::text(row, Col::Email));
        put(&mut m, "role", self.parsed(row, Col::Role, parse_role, p));
        put(
            &mut m,
            "finance_permission",
            self.parsed(row, Col::FinancePermission, parse_finance, p),
        );
        put(
            &mut m,
            "two_fac_status",
            self.parsed(row, Col::TwoFactor, parse_person_two_factor, p),
        );
        put(
            &mut m,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        put(
            &mut m,
            "last_active_time",
            self.parsed(row, Col::LastActive, parse_time, p),
        );
        self.members.push(Value::Object(m));
    }

    pub(super) fn partner_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.partner_ids, &id, row, p) {
            return;
        }
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        m.insert(
            "name".into(),
            json!(Self::text(row, Col::Name).unwrap_or_default()),
        );
        put(
            &mut m,
            "added_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        self.partners.push(Value::Object(m));
    }

    pub(super) fn asset_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let id = self.required(row, Col::Id, p);
        let asset_type = if row.get(Col::Type).is_some() {
            self.parsed(row, Col::Type, parse_asset_type, p)
        } else {
            let _ = self.required(row, Col::Type, p);
            None
        };
        let Some(id) = id else {
            return;
        };
        if Self::duplicate(self.asset_ids.get(&id).map(|(line, _)| *line), &id, row, p) {
            return;
        }
        self.asset_ids.insert(id.clone(), (row.line, asset_type));
        let mut a = Map::new();
        a.insert("id".into(), json!(id));
        a.insert(
            "type".into(),
            json!(asset_type.unwrap_or(AssetType::Other).as_str()),
        );
        put(&mut a, "name", Self::text(row, Col::Name));
        put(
            &mut a,
            "owner_business_id",
            self.optional(row, Col::OwnerBusinessId, p),
        );
        if let Some(cap) = self.parsed(row, Col::SpendCap, parse_spend_cap, p) {
            a.insert("spend_cap".into(), Value::Number(cap));
        }
        put(
            &mut a,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        for edge in row.get(Col::Unread).map(split_list).unwrap_or_default() {
            self.unread.push(json!({"asset_id": id, "edge": edge}));
        }
        self.assets.push(Value::Object(a));
    }

    pub(super) fn invitation_row(&mut self, row: &Row<'_>, p: &mut Problems) {
        let Some(id) = self.required(row, Col::Id, p) else {
            return;
        };
        if !Self::unique(&mut self.invitation_ids, &id, row, p) {
            return;
        }
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        put(&mut m, "email", Self::text(row, Col::Email));
        put(&mut m, "role", self.parsed(row, Col::Role, parse_role, p));
        put(&mut m, "status", self.optional(row, Col::Status, p));
        put(
            &mut m,
            "created_time",
            self.parsed(row, Col::Since, parse_time, p),
        );
        put(
            &mut m,
            "expiration_time",
            self.parsed(row, Col::Expires, parse_time, p),
        );
        self.invitations.push(Value::Object(m));
    }
}
