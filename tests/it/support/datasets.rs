//! `/api/1/datasets/`: pushing datasets, following them.

use reqwest::Method;
use serde_json::{Value, json};

use super::api::create;
use super::app::{TestApp, TestUser};

/// Pushes dataset `id` titled `title` as `admin`, which must succeed.
pub async fn dataset(app: &TestApp, admin: &TestUser, id: &str, title: &str) -> Value {
    create(
        app,
        admin,
        "/api/1/datasets/",
        json!({"id": id, "title": title}),
    )
    .await
}

/// `by` follows dataset `dataset`, which must succeed.
pub async fn follow(app: &TestApp, by: &TestUser, dataset: &str) {
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/datasets/{dataset}/followers/"),
            Some(by),
            None,
        )
        .await;
    assert!(status.is_success(), "following {dataset}: {status} {body}");
}
