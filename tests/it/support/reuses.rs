//! `/api/1/reuses/`: reuses to discuss, feature, report, attack.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::api::{create, id_of};
use super::app::{TestApp, TestUser};

/// The body of a map of air quality reusing `ds-air` and `ds-velo`, for the tests that change
/// one field of it.
pub fn reuse_body(title: &str, url: &str) -> Value {
    json!({
        "title": title,
        "description": "Une carte de la **qualité de l'air**.",
        "url": url,
        "type": "visualization",
        "topic": "environment_and_energy",
        "tags": ["Air", "pollution", "air"],
        "datasets": ["ds-air", {"id": "ds-velo"}],
    })
}

/// Creates a map reusing `ds-air` as `by`; `extra` fields (`datasets`, `organization`,
/// `private`…) override; returns its id.
pub async fn reuse(app: &TestApp, by: &TestUser, title: &str, extra: Value) -> String {
    let mut body = json!({
        "title": title,
        "description": "Une carte des données.",
        "url": format!("https://reuse-{}.example/", uuid::Uuid::new_v4().simple()),
        "type": "visualization",
        "topic": "environment_and_energy",
        "tags": ["carte"],
        "datasets": ["ds-air"],
    });
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    id_of(&create(app, by, "/api/1/reuses/", body).await)
}

/// `GET /reuses/{id}/` as `by`, which must succeed.
pub async fn reuse_view(app: &TestApp, by: &TestUser, id: &str) -> Value {
    let (status, body) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), Some(by), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A reuse on a dataset, owned by `owner`; returns (dataset id, reuse id, reuse slug).
pub async fn a_reuse(
    app: &TestApp,
    admin: &TestUser,
    owner: &TestUser,
) -> (String, String, String) {
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(admin),
        Some(json!({"id": "d1", "title": "Jeu de données"})),
    )
    .await;
    let (status, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(owner),
            Some(json!({"title": "Carte", "description": "Une carte.", "url": "https://carte.example",
                        "type": "visualization", "topic": "health", "datasets": ["d1"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reuse}");
    (
        "d1".to_owned(),
        reuse["id"].as_str().unwrap().to_owned(),
        reuse["slug"].as_str().unwrap().to_owned(),
    )
}
