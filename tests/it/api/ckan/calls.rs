//! Calling an action as CKAN's clients do (the key bare in `Authorization`, a JSON body), and
//! reading its envelope.

use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::support::{TestApp, TestUser};

/// The path of `action` (with its query string, if any).
pub fn path(action: &str) -> String {
    format!("/api/3/action/{action}")
}

/// Sends `request`; its status and JSON body (the text as a string when it is not JSON).
pub async fn answer(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

/// `request` with `by`'s key bare in `Authorization`, as CKAN takes it.
pub fn keyed(request: RequestBuilder, by: Option<&TestUser>) -> RequestBuilder {
    match by {
        Some(user) => request.header("Authorization", &user.token),
        None => request,
    }
}

/// `POST` of `body` (JSON) to `action` as `by`.
pub async fn post(
    app: &TestApp,
    action: &str,
    by: Option<&TestUser>,
    body: Value,
) -> (StatusCode, Value) {
    answer(keyed(app.request(Method::POST, &path(action)), by).json(&body)).await
}

/// `GET` of `action` (with its query string) as `by`.
pub async fn get(app: &TestApp, action: &str, by: Option<&TestUser>) -> (StatusCode, Value) {
    answer(keyed(app.request(Method::GET, &path(action)), by)).await
}

/// The `result` of a successful answer, after checking the envelope.
pub fn result_of(status: StatusCode, body: &Value, case: &str) -> Value {
    assert_eq!(status, StatusCode::OK, "{case}: {body}");
    assert_eq!(body["success"], true, "{case}: {body}");
    body["result"].clone()
}

/// [`post`], which must succeed; its `result`.
pub async fn post_ok(app: &TestApp, action: &str, by: &TestUser, body: Value) -> Value {
    let (status, answer) = post(app, action, Some(by), body).await;
    result_of(status, &answer, action)
}

/// [`get`] as anonymous, which must succeed; its `result`.
pub async fn get_ok(app: &TestApp, action: &str) -> Value {
    let (status, answer) = get(app, action, None).await;
    result_of(status, &answer, action)
}

/// [`get`] as `by`, which must succeed; its `result`.
pub async fn get_as(app: &TestApp, action: &str, by: &TestUser) -> Value {
    let (status, answer) = get(app, action, by.me()).await;
    result_of(status, &answer, action)
}

/// Asserts CKAN's failure: `status`, `success: false` and `error.__type` = `kind`.
pub fn assert_failure(status: StatusCode, body: &Value, expected: StatusCode, kind: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["success"], false, "{body}");
    assert_eq!(body["error"]["__type"], kind, "{body}");
    assert!(body.get("result").is_none(), "{body}");
}

/// Asserts a 409 Validation Error naming `field`.
pub fn assert_invalid(status: StatusCode, body: &Value, field: &str) {
    assert_failure(status, body, StatusCode::CONFLICT, "Validation Error");
    assert!(
        body["error"][field]
            .as_array()
            .is_some_and(|messages| !messages.is_empty()),
        "the error names {field}: {body}"
    );
}

/// The reuse rows in the database, deleted ones included.
pub async fn reuse_rows(app: &TestApp) -> u64 {
    entity::reuses::Entity::find()
        .count(app.db())
        .await
        .unwrap()
}

/// A showcase's fields: `name`, `title`, a description and a URL of its own.
pub fn showcase(name: &str, title: &str) -> Value {
    json!({
        "name": name,
        "title": title,
        "notes": format!("About {title}."),
        "url": format!("https://{name}.example/"),
    })
}

/// Creates showcase `name` as `by`; its dict.
pub async fn create_showcase(app: &TestApp, by: &TestUser, name: &str) -> Value {
    post_ok(
        app,
        "ckanext_showcase_create",
        by,
        showcase(name, &format!("Showcase {name}")),
    )
    .await
}
