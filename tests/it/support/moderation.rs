//! Moderation by API: the held queue, reports, the showcase.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::app::{TestApp, TestUser};

/// `GET /moderation/held/` as `by`, which must succeed.
pub async fn held(app: &TestApp, by: &TestUser) -> Vec<Value> {
    let (status, list) = app
        .call(Method::GET, "/api/1/moderation/held/", Some(by), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{} listing held: {list}", by.name);
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .clone()
}

/// `POST /moderation/held/{id}/approve/` as `by`.
pub async fn approve(app: &TestApp, by: &TestUser, message: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/1/moderation/held/{message}/approve/"),
        Some(by),
        None,
    )
    .await
}

/// `POST /moderation/held/{id}/remove/` as `by`.
pub async fn remove(
    app: &TestApp,
    by: &TestUser,
    message: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/1/moderation/held/{message}/remove/"),
        Some(by),
        Some(body),
    )
    .await
}

/// `POST /reports/` as `by`.
pub async fn report(app: &TestApp, by: Option<&TestUser>, body: Value) -> (StatusCode, Value) {
    app.call(Method::POST, "/api/1/reports/", by, Some(body))
        .await
}

/// `POST /reports/` as `by`, which must be accepted; returns the report.
pub async fn reported(app: &TestApp, by: Option<&TestUser>, body: Value) -> Value {
    let (status, created) = report(app, by, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "reporting {body}: {created}");
    created
}

/// `GET /reports/{id}/` as a moderator.
pub async fn report_view(app: &TestApp, moderator: &TestUser, id: &str) -> Value {
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/api/1/reports/{id}/"),
            Some(moderator),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Features reuse `id` (or stops featuring it) as `by`, which must succeed.
pub async fn set_featured(app: &TestApp, by: &TestUser, id: &str, featured: bool) -> Value {
    let method = if featured {
        Method::POST
    } else {
        Method::DELETE
    };
    let (status, body) = app
        .call(
            method.clone(),
            &format!("/api/1/reuses/{id}/featured/"),
            Some(by),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{method} featured {id}: {body}");
    assert_eq!(body["featured"], featured, "{body}");
    body
}

/// `PUT /reuses/featured/` (the showcase's order) as `by`.
pub async fn put_order(app: &TestApp, by: &TestUser, order: Value) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        "/api/1/reuses/featured/",
        Some(by),
        Some(json!({"order": order})),
    )
    .await
}

/// Whether `user`'s API key still opens `GET /me/`.
pub async fn key_works(app: &TestApp, user: &TestUser) -> StatusCode {
    app.call(Method::GET, "/api/1/me/", Some(user), None)
        .await
        .0
}
