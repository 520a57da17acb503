//! `/api/1/discussions/`: opening a thread, posting in it, reading it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::api::id_of;
use super::app::{TestApp, TestUser};

/// The API path of discussion `id`.
pub fn path_of(id: &str) -> String {
    format!("/api/1/discussions/{id}/")
}

/// The page of discussion `id`, as mails link to it.
pub fn discussion_url(app: &TestApp, id: &str) -> String {
    format!("{}discussions/{id}/", app.url)
}

/// Opens a discussion as `by` about `class` `id`, which must succeed; returns the discussion as
/// its author sees it.
pub async fn open_on(
    app: &TestApp,
    by: &TestUser,
    class: &str,
    id: &str,
    title: &str,
    comment: &str,
) -> Value {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(by),
            Some(json!({
                "title": title,
                "comment": comment,
                "subject": {"class": class, "id": id},
            })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{} opening {title:?} on {class} {id}: {body}",
        by.name
    );
    body
}

/// Opens a discussion as `by` about dataset `dataset`, which must succeed; returns the
/// discussion as its author sees it.
pub async fn open(
    app: &TestApp,
    by: &TestUser,
    dataset: &str,
    title: &str,
    comment: &str,
) -> Value {
    open_on(app, by, "Dataset", dataset, title, comment).await
}

/// `POST /discussions/{id}/` as `user` (a comment, closing, reopening).
pub async fn post(
    app: &TestApp,
    user: Option<&TestUser>,
    id: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.call(Method::POST, &path_of(id), user, Some(body)).await
}

/// `POST /discussions/{id}/` as `by`, which must succeed; returns the discussion.
pub async fn reply(app: &TestApp, by: &TestUser, id: &str, body: Value) -> Value {
    let (status, answer) = post(app, Some(by), id, body.clone()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{} posting {body} on {id}: {answer}",
        by.name
    );
    answer
}

/// A comment on discussion `id`, which must be accepted; returns the discussion as its author
/// sees it.
pub async fn comment(app: &TestApp, by: &TestUser, id: &str, text: &str) -> Value {
    reply(app, by, id, json!({"comment": text})).await
}

/// `GET /discussions/{id}/` as `user`.
pub async fn fetch(app: &TestApp, user: Option<&TestUser>, id: &str) -> (StatusCode, Value) {
    app.call(Method::GET, &path_of(id), user, None).await
}

/// `GET /discussions/{id}/` as `user`, which must succeed.
pub async fn read(app: &TestApp, user: Option<&TestUser>, id: &str) -> Value {
    let (status, body) = fetch(app, user, id).await;
    assert_eq!(status, StatusCode::OK, "GET discussion {id}: {body}");
    body
}

/// The messages of a discussion view.
pub fn messages(discussion: &Value) -> &Vec<Value> {
    discussion["discussion"]
        .as_array()
        .unwrap_or_else(|| panic!("no messages: {discussion}"))
}

/// The last message of a discussion view.
pub fn last_message(discussion: &Value) -> &Value {
    messages(discussion)
        .last()
        .unwrap_or_else(|| panic!("no message: {discussion}"))
}

/// Ids of the messages of a discussion view.
pub fn message_ids(discussion: &Value) -> Vec<String> {
    messages(discussion).iter().map(id_of).collect()
}

/// The id of message `index` of a discussion view.
pub fn message_id(discussion: &Value, index: usize) -> String {
    discussion["discussion"][index]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no message {index}: {discussion}"))
        .to_owned()
}

/// Marks message `index` of discussion `id` as its answer, as `by`, which must succeed.
pub async fn mark_answer(app: &TestApp, by: &TestUser, id: &str, index: usize) {
    let discussion = read(app, Some(by), id).await;
    let message = message_id(&discussion, index);
    let (status, answer) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/answer/"),
            Some(by),
            Some(json!({"message": message})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "marking the answer: {answer}");
}

/// `metrics.discussions` and `metrics.discussions_open` of the dataset or reuse at `path`.
pub async fn counts(app: &TestApp, path: &str) -> (i64, i64) {
    let (status, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    (
        body["metrics"]["discussions"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: {body}")),
        body["metrics"]["discussions_open"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: {body}")),
    )
}
