//! The authorization matrix's rules for CKAN's Action API (`/api/3/openapi.json`): each write
//! action keeps Vitrine's rules for what it does, whichever dialect calls it. The matrix itself
//! (actors, subjects, the calls and the database snapshots around them) is `authorization`'s;
//! here the subject is named in the JSON body, and whoever may not is refused with 403.

use serde_json::json;

use super::authorization::{ADMIN, Body, REUSE_EDITORS, Rule, SIGNED_IN, Subject, rule};

/// The rules of a write action, named `POST /api/3/action/{name}`; `None` when there are none,
/// which fails the matrix.
pub(super) fn rules(operation: &str) -> Option<Vec<Rule>> {
    use Body::Json;
    use Subject::{Account, ModeratorAccount, Nothing, Reuse};
    let action = operation.strip_prefix("POST /api/3/action/")?;
    Some(match action {
        "ckanext_showcase_create" => vec![rule(
            "create",
            Nothing,
            Json(|f| {
                json!({"name": format!("showcase-{}", f.unique), "title": "New showcase",
                       "notes": "Made of data.", "url": format!("https://example.org/{}", f.unique)})
            }),
            SIGNED_IN,
        )],
        "ckanext_showcase_update" => vec![rule(
            "retitle",
            Reuse,
            Json(|f| json!({"id": f.id, "title": "Retitled"})),
            REUSE_EDITORS,
        )],
        "ckanext_showcase_delete" => vec![rule(
            "delete",
            Reuse,
            Json(|f| json!({"id": f.id})),
            REUSE_EDITORS,
        )],
        "ckanext_showcase_package_association_create" => vec![rule(
            "link a dataset",
            Reuse,
            Json(|f| json!({"showcase_id": f.id, "package_id": f.second_dataset})),
            REUSE_EDITORS,
        )],
        "ckanext_showcase_package_association_delete" => vec![rule(
            "unlink its dataset",
            Reuse,
            Json(|f| json!({"showcase_id": f.id, "package_id": f.dataset})),
            REUSE_EDITORS,
        )],
        // Showcase admins are Vitrine's moderators, whom only site admins appoint and dismiss.
        "ckanext_showcase_admin_add" => vec![rule(
            "appoint a plain account",
            Account,
            Json(|f| json!({"username": f.id})),
            ADMIN,
        )],
        "ckanext_showcase_admin_remove" => vec![rule(
            "dismiss a moderator",
            ModeratorAccount,
            Json(|f| json!({"username": f.id})),
            ADMIN,
        )],
        _ => return None,
    })
}
