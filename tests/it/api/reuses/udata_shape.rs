//! A reuse in udata's shape, as data.gouv.fr's clients and front ends read it: ObjectId-like
//! ids, people and organizations as udata's references, badges, extras given back as they
//! came, what the caller may do, full datasets on the reuse's own endpoint and light ones in
//! lists, and timestamps to the microsecond.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::reuses::{reuse, reuse_view};
use crate::support::world::world;

/// Whether `text` is a timestamp with at most six fractional digits, as udata writes them.
fn udata_time(text: &Value) -> bool {
    let Some(text) = text.as_str() else {
        return false;
    };
    let digits = text.split_once('.').map_or(0, |(_, rest)| {
        rest.chars().take_while(char::is_ascii_digit).count()
    });
    chrono::DateTime::parse_from_rfc3339(text).is_ok() && digits <= 6
}

fn is_object_id(text: &Value) -> bool {
    text.as_str().is_some_and(|id| {
        id.len() == 24
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[tokio::test]
async fn a_reuse_reads_as_udata_writes_it() {
    let w = world(&[]).await;
    let app = &w.app;
    let extras = json!({"app:stars": 4, "source": {"repo": "https://git.example/carte"}});
    let id = reuse(
        app,
        &w.org_editor,
        "Carte de l'air",
        json!({"organization": {"id": w.org_id}, "datasets": ["ds-air", "ds-velo"], "extras": extras}),
    )
    .await;
    assert!(is_object_id(&json!(id)), "{id}");

    // Its own endpoint: full datasets, with their resources, as udata gives them.
    let full = reuse_view(app, &w.org_editor, &id).await;
    assert_eq!(full["class"], "Reuse");
    assert_eq!(full["extras"], extras, "{full}");
    assert_eq!(full["badges"], json!([]));
    assert_eq!(full["permissions"], json!({"edit": true, "delete": true}));
    let datasets = full["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), 2, "{full}");
    assert_eq!(datasets[0]["class"], "Dataset");
    assert!(datasets[0]["resources"].is_array(), "{full}");
    assert!(datasets[0]["quality"].is_object(), "{full}");
    let org = &full["organization"];
    for key in ["id", "name", "slug", "uri", "page"] {
        assert!(org[key].is_string(), "organization.{key}: {org}");
    }
    assert_eq!(org["class"], "Organization");
    assert_eq!(org["badges"], json!([]));
    assert!(
        org.get("acronym").is_some() && org.get("logo_thumbnail").is_some(),
        "{org}"
    );
    for key in ["created_at", "last_modified"] {
        assert!(udata_time(&full[key]), "{key}: {}", full[key]);
    }

    // Lists stay light: dataset references, and what each caller may do.
    let (status, list) = app.get("/api/1/reuses/?page_size=100").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let item = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id.as_str())
        .unwrap_or_else(|| panic!("{list}"));
    let light = &item["datasets"][0];
    assert_eq!(light["class"], "Dataset");
    assert!(
        light["slug"].is_string() && light["uri"].is_string(),
        "{light}"
    );
    assert!(
        light.get("resources").is_none(),
        "lists carry references: {light}"
    );
    assert_eq!(item["permissions"], json!({"edit": false, "delete": false}));
    assert_eq!(item["extras"], extras);

    // Another signed-in person may do nothing to it; a moderator may.
    let stranger = app.user("Sam", Role::User).await;
    let seen = reuse_view(app, &stranger, &id).await;
    assert_eq!(seen["permissions"], json!({"edit": false, "delete": false}));
    let seen = reuse_view(app, &w.moderator, &id).await;
    assert_eq!(seen["permissions"], json!({"edit": true, "delete": true}));

    // Extras are replaced by a PUT, kept when it gives none, and must be an object.
    let (status, updated) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&w.org_editor),
            Some(json!({"extras": {"app:stars": 5}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["extras"], json!({"app:stars": 5}));
    let (status, updated) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&w.org_editor),
            Some(json!({"title": "Carte de l'air (2)"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["extras"], json!({"app:stars": 5}));
    let (status, refused) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&w.org_editor),
            Some(json!({"extras": ["not", "an", "object"]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, refused) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&w.org_editor),
            Some(json!({"extras": {"big": "x".repeat(20_000)}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(refused["errors"]["extras"].is_array(), "{refused}");
    let kept = reuse_view(app, &w.org_editor, &id).await;
    assert_eq!(
        kept["extras"],
        json!({"app:stars": 5}),
        "nothing half-written"
    );
}

#[tokio::test]
async fn people_read_as_udata_references() {
    let w = world(&[]).await;
    let app = &w.app;
    let ada = app.user("Ada Lovelace", Role::User).await;
    let id = reuse(app, &ada, "Carte d'Ada", json!({})).await;
    let full = reuse_view(app, &ada, &id).await;
    let owner = &full["owner"];
    assert_eq!(owner["class"], "User", "{owner}");
    assert_eq!(owner["id"], ada.id.as_str());
    assert_eq!(owner["first_name"], "Ada", "{owner}");
    assert_eq!(owner["last_name"], "Lovelace", "{owner}");
    for key in ["slug", "uri", "page"] {
        assert!(owner[key].is_string(), "owner.{key}: {owner}");
    }
    for key in ["avatar", "avatar_thumbnail"] {
        assert!(owner.get(key).is_some(), "owner.{key}: {owner}");
    }
    assert!(owner.get("email").is_none(), "never the address: {owner}");
    assert!(full["organization"].is_null());
    assert_eq!(full["permissions"], json!({"edit": true, "delete": true}));
}
