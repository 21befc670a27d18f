//! What to ask the Graph API for: the business's own requests and, per asset, who holds what.
//! The fields are exactly those the importer reads (`docs/export-from-meta.md`).

/// One business-level request: the node itself (`edge` empty) or one of its edges.
pub struct BusinessRequest {
    pub edge: &'static str,
    pub fields: &'static str,
    /// Whether the collection can go on without it (a warning) or must stop (an error).
    pub optional: bool,
}

/// Limit asked for on every list: the API may answer fewer per page; `paging.next` is followed.
pub const LIMIT: u32 = 200;

pub const BUSINESS_REQUESTS: &[BusinessRequest] = &[
    BusinessRequest {
        edge: "",
        fields: "id,name,verification_status,two_factor_type,created_time",
        optional: false,
    },
    BusinessRequest {
        edge: "business_users",
        fields: "id,name,email,role,finance_permission,two_fac_status",
        optional: false,
    },
    BusinessRequest {
        edge: "system_users",
        fields: "id,name,role,finance_permission,created_time",
        optional: false,
    },
    BusinessRequest {
        edge: "pending_users",
        fields: "id,email,role,status,created_time,expiration_time",
        optional: true,
    },
    BusinessRequest {
        edge: "agencies",
        fields: "id,name",
        optional: false,
    },
    BusinessRequest {
        edge: "owned_ad_accounts",
        fields: "id,account_id,name,owner,business,spend_cap,created_time",
        optional: false,
    },
    BusinessRequest {
        edge: "client_ad_accounts",
        fields: "id,account_id,name,owner,business,spend_cap",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_pages",
        fields: "id,name,business",
        optional: false,
    },
    BusinessRequest {
        edge: "client_pages",
        fields: "id,name,business",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_instagram_accounts",
        fields: "id,username,name",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_pixels",
        fields: "id,name,owner_business,creation_time",
        optional: true,
    },
    BusinessRequest {
        edge: "client_pixels",
        fields: "id,name,owner_business,creation_time",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_product_catalogs",
        fields: "id,name,business",
        optional: true,
    },
    BusinessRequest {
        edge: "client_product_catalogs",
        fields: "id,name,business",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_apps",
        fields: "id,name",
        optional: true,
    },
    BusinessRequest {
        edge: "owned_whatsapp_business_accounts",
        fields: "id,name",
        optional: true,
    },
];

/// The per-asset edges read for every asset an asset edge lists, except apps (whose access is
/// app roles, not portfolio tasks).
pub const ASSET_EDGES: &[&str] = &["assigned_users", "agencies"];

/// The request path (no version, no token) of a business request.
pub fn business_path(business_id: &str, r: &BusinessRequest) -> String {
    if r.edge.is_empty() {
        format!("/{business_id}?fields={}", r.fields)
    } else {
        format!(
            "/{business_id}/{}?fields={}&limit={LIMIT}",
            r.edge, r.fields
        )
    }
}

/// The request path of a per-asset edge.
pub fn asset_path(business_id: &str, asset_id: &str, edge: &str) -> String {
    match edge {
        "assigned_users" => format!(
            "/{asset_id}/assigned_users?business={business_id}&fields=id,name,user_type,tasks&limit={LIMIT}"
        ),
        _ => format!(
            "/{asset_id}/{edge}?fields=id,name,access_status,access_requested_time,access_updated_time,permitted_tasks&limit={LIMIT}"
        ),
    }
}

/// The asset an asset-edge item is about, as paths name it (`act_` for ad accounts), or `None`
/// for an edge that lists no assets, an app (no per-asset requests) or an item without an id.
pub fn asset_id_of(edge: &str, item: &serde_json::Value) -> Option<String> {
    match crate::import::asset_edge_type(edge) {
        None | Some("app") => None,
        ty => crate::import::asset_id_of(ty, item),
    }
}

/// A business id is digits (Business Settings → Business info); anything else would be put
/// into a URL path, so it is refused before any request.
pub fn valid_business_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit())
}
