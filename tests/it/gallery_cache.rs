//! The gallery cache: hits, invalidation on every instance, and life without the cache.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::app::{TestApp, TestUser};

async fn get_with_cache_state(app: &TestApp, path: &str) -> (String, serde_json::Value) {
    let response = app.request(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let state = response
        .headers()
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (state, response.json().await.unwrap())
}

async fn publish(app: &TestApp, user: &TestUser, title: &str) {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(user),
            Some(json!({"title": title, "description": "x", "url": format!("https://{}.example", title.to_lowercase()), "type": "api", "topic": "others", "datasets": ["d1"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn a_new_reuse_shows_at_once_on_every_instance() {
    let first = TestApp::new().await;
    let admin = first.user("Admin", Role::Admin).await;
    first
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "d1", "title": "Jeu"})),
        )
        .await;
    publish(&first, &admin, "Alpha").await;
    let second = first.sibling().await;

    let (state, page) = get_with_cache_state(&second, "/api/1/reuses/").await;
    assert_eq!((state.as_str(), page["total"].as_u64()), ("miss", Some(1)));
    let (state, _) = get_with_cache_state(&second, "/api/1/reuses/").await;
    assert_eq!(state, "hit");

    publish(&first, &admin, "Beta").await;
    let (_, page) = get_with_cache_state(&second, "/api/1/reuses/").await;
    if second.state.config.redis_url.is_some() {
        assert_eq!(
            page["total"], 2,
            "the other instance sees the new reuse at once through Redis"
        );
    } else {
        // Without Redis each instance has its own cache: only one instance is supported then.
        let (_, page) = get_with_cache_state(&first, "/api/1/reuses/").await;
        assert_eq!(page["total"], 2);
    }
    let html = first
        .request(Method::GET, "/reuses/")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Beta"));
}

#[tokio::test]
async fn signed_in_callers_are_never_served_the_anonymous_page() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Owner", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&owner),
            Some(json!({"title": "Private", "description": "x", "url": "https://p.example", "type": "api", "topic": "others", "datasets": ["d1"], "private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, anonymous) = get_with_cache_state(&app, "/api/1/reuses/").await;
    assert_eq!(anonymous["total"], 0);
    let (_, mine) = app
        .call(Method::GET, "/api/1/reuses/", Some(&owner), None)
        .await;
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn without_its_cache_the_gallery_still_answers_from_the_database() {
    // A Redis that is not there: requests must not fail, health says the cache is down.
    let app = TestApp::with_env(&[("VITRINE_REDIS_URL", "redis://127.0.0.1:1/")]).await;
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    publish(&app, &admin, "Gamma").await;
    for _ in 0..3 {
        let (_, page) = get_with_cache_state(&app, "/api/1/reuses/").await;
        assert_eq!(page["total"], 1);
    }
    let response = app.request(Method::GET, "/reuses/").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (status, health) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["cache"], "down");
}
