//! API keys: `/api/1/me/` needs one; keys are shown once, work, expire and are revoked.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::{TestApp, TestUser};

#[tokio::test]
async fn me_needs_a_key_and_shows_the_caller() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/api/1/me/").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["message"].as_str().unwrap().contains("X-API-KEY"));

    let ada = app.user("Ada", Role::User).await;
    let (status, me) = app.call(Method::GET, "/api/1/me/", Some(&ada), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], ada.id.as_str());
    assert_eq!(me["name"], "Ada");
    assert_eq!(me["role"], "user");
}

#[tokio::test]
async fn a_new_key_is_shown_once_works_and_can_be_revoked() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let (status, created) = app
        .call(
            Method::POST,
            "/api/1/me/api_tokens/",
            Some(&ada),
            Some(json!({"name": "my script"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let plaintext = created["token"].as_str().unwrap().to_owned();
    assert!(plaintext.starts_with(created["prefix"].as_str().unwrap()));

    let (_, listed) = app
        .call(Method::GET, "/api/1/me/api_tokens/", Some(&ada), None)
        .await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().all(|token| token.get("token").is_none()),
        "plaintext listed: {listed:?}"
    );
    let stored: Vec<String> = entity::api_tokens::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|token| token.hash)
        .collect();
    assert!(
        !stored.contains(&plaintext),
        "the plaintext must never be stored"
    );

    let script = TestUser {
        token: plaintext,
        ..ada.clone()
    };
    let (status, _) = app
        .call(Method::GET, "/api/1/me/", Some(&script), None)
        .await;
    assert_eq!(status, StatusCode::OK);

    let id = created["id"].as_str().unwrap();
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/me/api_tokens/{id}/"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .call(Method::GET, "/api/1/me/", Some(&script), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().unwrap().contains("revoked"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_and_expired_keys_say_which() {
    let app = TestApp::new().await;
    let wrong = TestUser {
        token: "vtr_0000".into(),
        ..TestUser::default()
    };
    let (status, body) = app
        .call(Method::GET, "/api/1/me/", Some(&wrong), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().unwrap().contains("no such key"),
        "{body}"
    );

    let ada = app.user("Ada", Role::User).await;
    let (_, created) = app
        .call(
            Method::POST,
            "/api/1/me/api_tokens/",
            Some(&ada),
            Some(json!({"name": "short-lived", "expires_at": (Utc::now() + Duration::hours(1)).to_rfc3339()})),
        )
        .await;
    let token = entity::api_tokens::Entity::find_by_id(created["id"].as_str().unwrap().to_owned())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut token = token.into_active_model();
    token.expires_at = Set(Some(Utc::now() - Duration::minutes(1)));
    token.update(app.db()).await.unwrap();
    let expired = TestUser {
        token: created["token"].as_str().unwrap().into(),
        ..ada.clone()
    };
    let (status, body) = app
        .call(Method::GET, "/api/1/me/", Some(&expired), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
}

#[tokio::test]
async fn token_input_is_validated() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/me/api_tokens/",
            Some(&ada),
            Some(json!({"name": "  "})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["name"].is_array(), "{body}");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/me/api_tokens/",
            Some(&ada),
            Some(json!({"name": "past", "expires_at": "2001-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["expires_at"].is_array(), "{body}");
    let other = app.user("Bob", Role::User).await;
    let (_, bobs) = app
        .call(Method::GET, "/api/1/me/api_tokens/", Some(&other), None)
        .await;
    let bob_token = bobs[0]["id"].as_str().unwrap();
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/me/api_tokens/{bob_token}/"),
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "one cannot revoke another's key"
    );
}
