//! How the API answers what it cannot do: bad paging, unknown things, malformed bodies, each
//! with a JSON message.

use reqwest::StatusCode;

use crate::support::TestApp;

#[tokio::test]
async fn bad_paging_answers_400_naming_the_parameter() {
    let app = TestApp::new().await;
    for (query, field, words) in [
        ("page=0", "page", "at least 1"),
        ("page_size=abc", "page_size", "whole number"),
        ("page_size=0", "page_size", "at least 1"),
        ("page=-3", "page", "whole number"),
    ] {
        let (status, body) = app.get(&format!("/api/1/datasets/?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let message = body["errors"][field][0].as_str().unwrap_or_default();
        assert!(message.contains(words), "{query}: {body}");
        assert!(
            body["message"].as_str().unwrap().starts_with(field),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn unknown_things_answer_404_json() {
    let app = TestApp::new().await;
    for path in [
        "/api/1/datasets/no-such-dataset/",
        "/api/1/organizations/no-such-org/",
        "/api/1/no-such-endpoint/",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body["message"].is_string(), "{path}: {body}");
    }
    let (_, body) = app.get("/api/1/datasets/no-such-dataset/").await;
    assert_eq!(body["message"], "dataset \"no-such-dataset\" not found");
}

#[tokio::test]
async fn malformed_json_bodies_are_refused_with_json() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", vitrine::models::users::Role::Admin).await;
    let response = app
        .request(reqwest::Method::POST, "/api/1/datasets/")
        .header("X-API-KEY", &admin.token)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["message"].is_string());
}
