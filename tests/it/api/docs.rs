use reqwest::StatusCode;

use crate::app::TestApp;

#[tokio::test]
async fn health_reports_database_and_cache() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "up");
    let expected_cache = if app.state.config.redis_url.is_some() {
        "up"
    } else {
        "in-process"
    };
    assert_eq!(body["cache"], expected_cache);
}

#[tokio::test]
async fn openapi_document_and_swagger_ui_are_served() {
    let app = TestApp::new().await;
    let (status, spec) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.0.0");
    for path in [
        "/datasets/{id}",
        "/organizations/{id}/member/{user_id}",
        "/me/api_tokens",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(spec["components"]["schemas"].get("ErrorBody").is_some());
    let docs = app
        .request(reqwest::Method::GET, "/api/1/docs")
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

/// The API as clients see it: any change to a path, parameter, schema or status shows in review
/// as a change of `snapshots/it__errors_and_docs__openapi.snap` (accept one with
/// `INSTA_UPDATE=always cargo test --test it openapi`, then read the diff).
#[tokio::test]
async fn the_openapi_document_changes_only_in_review() {
    let app = TestApp::new().await;
    let (status, mut spec) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    // Where this test's app happens to listen is no part of the API.
    if let Some(document) = spec.as_object_mut() {
        document.remove("servers");
    }
    assert!(
        !spec.to_string().contains(app.url.trim_end_matches('/')),
        "the document names the test's own address"
    );
    insta::assert_json_snapshot!("openapi", spec);
}

#[tokio::test]
async fn bad_paging_answers_400_naming_the_parameter() {
    let app = TestApp::new().await;
    for (query, field, words) in [
        ("page=0", "page", "at least 1"),
        ("page_size=abc", "page_size", "whole number"),
        ("page_size=101", "page_size", "at most 100"),
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
