//! The importer's warnings in plain words, for the page and the client's report: what is
//! missing from the results and what to do, without Graph API paths.

/// What a Graph API edge lists, for a reader (the last path segment before the query). Asset
/// edges are named by the type the importer reads them as, so the edge list lives in one place.
fn edge_words(path: &str) -> &'static str {
    let edge = path
        .split('?')
        .next()
        .unwrap_or(path)
        .rsplit('/')
        .next()
        .unwrap_or("");
    match edge {
        "business_users" => "people",
        "system_users" => "system users",
        "agencies" => "partners",
        "pending_users" => "invitations",
        "assigned_users" => "people with access to an asset",
        _ => match crate::import::asset_edge_type(edge) {
            Some("ad_account") => "ad accounts",
            Some("page") => "Pages",
            Some("instagram_account") => "Instagram accounts",
            Some("pixel") => "pixels",
            Some("dataset") => "datasets",
            Some("catalog") => "catalogs",
            Some("app") => "apps",
            Some("whatsapp_business_account") => "WhatsApp accounts",
            _ => "entries",
        },
    }
}

/// `code` marks as quotes: `Shop` → “Shop”.
fn quoted(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("“{part}”")
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// One warning in plain words; a warning it does not know gets quotes for its code marks.
pub fn plain_warning(warning: &str) -> String {
    if let Some(rest) = warning.strip_prefix("capture incomplete: `") {
        let path = rest.split('`').next().unwrap_or("");
        return format!(
            "The export is incomplete: Meta had more {} than it holds. Fetch again (or add the missing pages) to see them all.",
            edge_words(path)
        );
    }
    if let Some(rest) = warning.strip_prefix("could not read which ") {
        // "could not read which {whose} have access to {shown} (`{edge}`): {error}. Checks …"
        let (head, error) = rest.split_once("`): ").unwrap_or((rest, ""));
        let head = quoted(head.rsplit_once(" (`").map_or(head, |(h, _)| h));
        let error = error.split(". Checks").next().unwrap_or(error);
        return format!(
            "Could not read which {head}{}. Checks that look for missing access say nothing about it.",
            if error.is_empty() {
                String::new()
            } else {
                format!(" ({error})")
            }
        );
    }
    quoted(warning)
}

#[cfg(test)]
mod tests {
    use super::plain_warning;

    #[test]
    fn paging_and_unread_edges_in_plain_words() {
        assert_eq!(
            plain_warning("capture incomplete: `/100/business_users?fields=id,name` has more pages (`paging.next`); fetch them and add them to the bundle"),
            "The export is incomplete: Meta had more people than it holds. Fetch again (or add the missing pages) to see them all."
        );
        assert_eq!(
            plain_warning("could not read which people have access to Page `Shop` (108) (`assigned_users`): (#10) permission denied. Checks that conclude from missing access are silent for it"),
            "Could not read which people have access to Page “Shop” (108) ((#10) permission denied). Checks that look for missing access say nothing about it."
        );
        // Asset edges by the type the importer reads them as.
        for (path, words) in [
            ("/1/owned_pixels?fields=id", "pixels"),
            ("/1/client_ad_accounts", "ad accounts"),
            ("/1/instagram_business_accounts", "Instagram accounts"),
            ("/1/owned_apps", "apps"),
        ] {
            let w = plain_warning(&format!("capture incomplete: `{path}` has more pages"));
            assert!(
                w.contains(&format!("Meta had more {words} than")),
                "{path}: {w}"
            );
        }
        assert_eq!(plain_warning("asset `9` is odd"), "asset “9” is odd");
        assert_eq!(plain_warning("capture incomplete: `"), "The export is incomplete: Meta had more entries than it holds. Fetch again (or add the missing pages) to see them all.");
    }
}
