//! Requests every resource's tests make: creating things, reading ids, comparing lists.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::app::{TestApp, TestUser};

/// `POST path` as `by`, which must answer 201 Created; returns what was created.
pub async fn create(app: &TestApp, by: &TestUser, path: &str, body: Value) -> Value {
    let (status, created) = app.call(Method::POST, path, Some(by), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {created}");
    created
}

/// The `id` of an answer.
pub fn id_of(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {value}"))
        .to_owned()
}

/// The ids of a list.
pub fn ids(list: &[Value]) -> Vec<String> {
    list.iter().map(id_of).collect()
}

/// `items`, owned and sorted: to compare with a sorted answer.
pub fn sorted(items: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
    items.sort();
    items
}

/// `(a, b)` pairs, owned and sorted.
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    items.sort();
    items
}

/// Asserts a 400 whose `errors` name `field`.
pub fn assert_refused(status: StatusCode, body: &Value, field: &str, case: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {body}");
    assert!(
        body["errors"][field].is_array(),
        "{case}: the error names {field}: {body}"
    );
}
