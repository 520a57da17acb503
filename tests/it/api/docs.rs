//! What the API says of itself: its health, its OpenAPI document and Swagger UI.

use reqwest::StatusCode;

use crate::support::TestApp;

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
/// as a change of `snapshots/it__api__docs__openapi.snap` (accept one with
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
