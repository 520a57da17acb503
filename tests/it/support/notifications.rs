//! Notifications by API: the inbox and the settings.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::app::{TestApp, TestUser};

/// The first 100 of `GET /api/1/notifications/{query}` as `by`: newest first.
pub async fn inbox(app: &TestApp, by: &TestUser, query: &str) -> Vec<Value> {
    let separator = if query.is_empty() { "?" } else { "&" };
    let (status, page) = app
        .call(
            Method::GET,
            &format!("/api/1/notifications/{query}{separator}page_size=100"),
            Some(by),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{} inbox: {page}", by.name);
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .clone()
}

/// Kinds of `by`'s in-app notifications, sorted.
pub async fn kinds(app: &TestApp, by: &TestUser) -> Vec<String> {
    let mut kinds: Vec<String> = inbox(app, by, "")
        .await
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

/// `PUT /api/1/me/notification-settings/`.
pub async fn put_settings(app: &TestApp, by: &TestUser, body: Value) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        "/api/1/me/notification-settings/",
        Some(by),
        Some(body),
    )
    .await
}

/// `PUT` settings that must be accepted.
pub async fn set(app: &TestApp, by: &TestUser, body: Value) -> Value {
    let (status, settings) = put_settings(app, by, body.clone()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{} setting {body}: {settings}",
        by.name
    );
    settings
}

/// `GET /api/1/me/notification-settings/`, which must succeed.
pub async fn settings(app: &TestApp, by: &TestUser) -> Value {
    let (status, settings) = app
        .call(
            Method::GET,
            "/api/1/me/notification-settings/",
            Some(by),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    settings
}

/// `(kind, email, in_app)` of every kind.
pub fn kind_table(settings: &Value) -> Vec<(String, String, bool)> {
    settings["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("no kinds: {settings}"))
        .iter()
        .map(|setting| {
            (
                setting["kind"].as_str().unwrap().to_owned(),
                setting["email"].as_str().unwrap().to_owned(),
                setting["in_app"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// What a user who chose nothing has.
pub fn default_table() -> Vec<(String, String, bool)> {
    [
        ("new_discussion", "immediate"),
        ("new_comment", "immediate"),
        ("discussion_closed", "immediate"),
        ("answer_marked", "immediate"),
        ("reuse_linked", "immediate"),
        ("content_removed", "immediate"),
        ("followed_reuse", "daily"),
        ("followed_discussion", "daily"),
        ("dataset_changed", "immediate"),
        ("followed_dataset_changed", "daily"),
        ("link_broken", "immediate"),
        ("question_escalated", "immediate"),
        ("data_request_updated", "immediate"),
    ]
    .into_iter()
    .map(|(kind, email)| (kind.to_owned(), email.to_owned(), true))
    .collect()
}
