//! CORS on `/api/1/` and on CKAN's Action API: preflights answered before routing, scripts of
//! any origin (or of `VITRINE_CORS_ORIGINS`) reading the API and calling it with a key, and a
//! session cookie that never counts from another origin.

use reqwest::header::{COOKIE, ORIGIN};
use reqwest::{Method, Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::reuses::reuse_body;
use crate::support::web::{csrf_from, page_as, signed_in};

/// A page somewhere else, whose scripts call the API.
const ELSEWHERE: &str = "https://reuser.example";

/// The header `name` of `response`, if any.
fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Whether the comma-separated header `name` of `response` lists `item` (in any case).
fn lists(response: &Response, name: &str, item: &str) -> bool {
    header(response, name).is_some_and(|value| {
        value
            .split(',')
            .any(|listed| listed.trim().eq_ignore_ascii_case(item))
    })
}

/// The preflight a browser at `origin` sends before `method path` with `headers`.
async fn preflight(
    app: &TestApp,
    origin: &str,
    path: &str,
    method: &str,
    headers: Option<&str>,
) -> Response {
    let mut request = app
        .request(Method::OPTIONS, path)
        .header(ORIGIN, origin)
        .header("Access-Control-Request-Method", method);
    if let Some(headers) = headers {
        request = request.header("Access-Control-Request-Headers", headers);
    }
    request.send().await.unwrap()
}

/// `GET path` from a page of `origin`.
async fn get_from(app: &TestApp, origin: &str, path: &str) -> Response {
    app.request(Method::GET, path)
        .header(ORIGIN, origin)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn preflights_are_answered_204_before_routing_with_the_api_methods_and_headers() {
    let app = TestApp::new().await;
    for (path, method, asked) in [
        ("/api/1/reuses/", "POST", Some("content-type,x-api-key")),
        ("/api/1/reuses", "POST", Some("Content-Type, X-API-KEY")),
        (
            "/api/1/reuses/some-reuse/",
            "DELETE",
            Some("X-FIELDS,x-api-key"),
        ),
        ("/api/1/datasets/some-dataset/followers", "POST", None),
        ("/api/1/me", "GET", Some("x-api-key")),
    ] {
        let answer = preflight(&app, ELSEWHERE, path, method, asked).await;
        let case = format!("{method} {path} asking {asked:?}");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{case}");
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            Some("*"),
            "{case}"
        );
        for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            assert!(
                lists(&answer, "access-control-allow-methods", method),
                "{case}: {method}"
            );
        }
        for name in ["x-api-key", "content-type", "x-fields"] {
            assert!(
                lists(&answer, "access-control-allow-headers", name),
                "{case}: {name}"
            );
        }
        let max_age = header(&answer, "access-control-max-age").and_then(|v| v.parse::<u32>().ok());
        assert!(max_age.is_some_and(|seconds| seconds > 0), "{case}");
        assert!(lists(&answer, "vary", "origin"), "{case}");
        assert_eq!(
            header(&answer, "access-control-allow-credentials"),
            None,
            "{case}"
        );
    }

    // A header the API does not take (a session's CSRF token) gets no permission.
    let answer = preflight(
        &app,
        ELSEWHERE,
        "/api/1/reuses/",
        "POST",
        Some("content-type,x-csrf-token"),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&answer, "access-control-allow-origin"), None);
    assert_eq!(header(&answer, "access-control-allow-methods"), None);
}

#[tokio::test]
async fn scripts_elsewhere_read_the_api_and_its_errors_but_not_the_pages() {
    let app = TestApp::new().await;
    let answer = get_from(&app, ELSEWHERE, "/api/1/reuses/").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
    assert!(lists(&answer, "vary", "origin"));
    for exposed in ["Retry-After", "Location", "ETag"] {
        assert!(
            lists(&answer, "access-control-expose-headers", exposed),
            "{exposed}"
        );
    }
    assert_eq!(header(&answer, "access-control-allow-credentials"), None);
    let list: serde_json::Value = answer.json().await.unwrap();
    assert!(list["data"].is_array(), "{list}");

    // An error of the API is readable too: the script learns why.
    let answer = get_from(&app, ELSEWHERE, "/api/1/reuses/nothing-here/").await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));

    // Without an Origin (not a browser's cross-origin call), no CORS header but the Vary.
    let answer = app
        .request(Method::GET, "/api/1/reuses/")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&answer, "access-control-allow-origin"), None);
    assert!(lists(&answer, "vary", "origin"));

    // The pages and their errors are this site's own.
    for path in ["/", "/reuses/", "/reuses/nothing-here/", "/nowhere"] {
        let answer = get_from(&app, ELSEWHERE, path).await;
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            None,
            "{path}"
        );
        let answer = preflight(&app, ELSEWHERE, path, "POST", None).await;
        assert_ne!(answer.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            None,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_key_works_from_anywhere_and_a_session_cookie_from_this_site_only() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-air", "Qualité de l’air").await;
    dataset(&app, &admin, "ds-velo", "Comptages vélo").await;
    let own_origin = app.url.trim_end_matches('/').to_owned();
    let reuses_of = async |user_id: &str| {
        entity::reuses::Entity::find()
            .filter(entity::reuses::Column::OwnerId.eq(user_id))
            .count(app.db())
            .await
            .unwrap()
    };

    // With a key, from elsewhere: done, and readable there.
    let scripter = app.user("Scripter", Role::User).await;
    let answer = app
        .request(Method::POST, "/api/1/reuses/")
        .header(ORIGIN, ELSEWHERE)
        .header("X-API-KEY", &scripter.token)
        .json(&reuse_body("Carte d’ailleurs", "https://ailleurs.example/"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
    assert_eq!(reuses_of(&scripter.id).await, 1);

    // With a session cookie and even its CSRF token, from elsewhere (or from an opaque
    // origin): anonymous, so refused, and nothing written as the person signed in here.
    let person = app.account("lea@example.org", "Léa", Role::User).await;
    let cookie = signed_in(&app, &person.id).await;
    let token = csrf_from(&page_as(&app, "me/", &cookie).await);
    for origin in [ELSEWHERE, "null", "http://localhost:1"] {
        let answer = app
            .request(Method::POST, "/api/1/reuses/")
            .header(ORIGIN, origin)
            .header(COOKIE, &cookie)
            .header("X-CSRF-Token", &token)
            .json(&reuse_body("Carte de Léa", "https://lea.example/"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "from {origin}");
        assert_eq!(header(&answer, "access-control-allow-credentials"), None);
        let answer = app
            .request(Method::POST, "/api/1/datasets/ds-air/followers/")
            .header(ORIGIN, origin)
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "from {origin}");
        let answer = app
            .request(Method::GET, "/api/1/me/")
            .header(ORIGIN, origin)
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "from {origin}");
    }
    assert_eq!(reuses_of(&person.id).await, 0);
    let follows = entity::follows::Entity::find()
        .filter(entity::follows::Column::FollowerId.eq(&person.id))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(follows, 0);

    // The same calls from this site's own pages are the person's, CSRF token required.
    let answer = app
        .request(Method::GET, "/api/1/me/")
        .header(ORIGIN, &own_origin)
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = app
        .request(Method::POST, "/api/1/reuses/")
        .header(ORIGIN, &own_origin)
        .header(COOKIE, &cookie)
        .json(&reuse_body("Carte de Léa", "https://lea.example/"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let (status, created) = {
        let answer = app
            .request(Method::POST, "/api/1/reuses/")
            .header(ORIGIN, &own_origin)
            .header(COOKIE, &cookie)
            .header("X-CSRF-Token", &token)
            .json(&reuse_body("Carte de Léa", "https://lea.example/"))
            .send()
            .await
            .unwrap();
        (answer.status(), answer.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(reuses_of(&person.id).await, 1);
}

#[tokio::test]
async fn cors_origins_narrow_who_gets_cors_headers() {
    let app = TestApp::with_env(&[(
        "VITRINE_CORS_ORIGINS",
        "https://listed.example, http://localhost:3000/",
    )])
    .await;
    for origin in ["https://listed.example", "http://localhost:3000"] {
        let answer = get_from(&app, origin, "/api/1/reuses/").await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(header(&answer, "access-control-allow-origin"), Some(origin));
        assert!(lists(&answer, "vary", "origin"), "{origin}");
        let answer = preflight(&app, origin, "/api/1/reuses", "POST", Some("x-api-key")).await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(header(&answer, "access-control-allow-origin"), Some(origin));
        assert!(lists(&answer, "access-control-allow-headers", "X-API-KEY"));
    }
    for origin in [ELSEWHERE, "http://localhost:3001", "null"] {
        let answer = get_from(&app, origin, "/api/1/reuses/").await;
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            None,
            "{origin}"
        );
        assert!(lists(&answer, "vary", "origin"), "{origin}");
        let answer = preflight(&app, origin, "/api/1/reuses/", "POST", Some("x-api-key")).await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            None,
            "{origin}"
        );
        assert_eq!(
            header(&answer, "access-control-allow-methods"),
            None,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn scripts_elsewhere_call_ckans_actions_with_its_key_headers() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    for path in [
        "/api/3/action/ckanext_showcase_create",
        "/api/action/ckanext_showcase_create",
    ] {
        let answer = preflight(
            &app,
            ELSEWHERE,
            path,
            "POST",
            Some("authorization,content-type"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&answer, "access-control-allow-origin"),
            Some("*"),
            "{path}"
        );
        for name in ["authorization", "x-ckan-api-key", "content-type"] {
            assert!(
                lists(&answer, "access-control-allow-headers", name),
                "{path}: {name}"
            );
        }
    }
    // udata's dialect takes no key in Authorization: its preflights do not allow it.
    let answer = preflight(
        &app,
        ELSEWHERE,
        "/api/1/reuses/",
        "POST",
        Some("authorization"),
    )
    .await;
    assert_eq!(header(&answer, "access-control-allow-origin"), None);

    // The real call, key in Authorization: done as Ada, readable by the script.
    let answer = app
        .request(Method::POST, "/api/3/action/ckanext_showcase_create")
        .header(ORIGIN, ELSEWHERE)
        .header("Authorization", &ada.token)
        .json(
            &serde_json::json!({"name": "cors-map", "title": "A map", "notes": "Trees.",
                                  "url": "https://example.org/cors-map"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
    let created: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        created["result"]["creator_user_id"],
        ada.id.as_str(),
        "{created}"
    );

    // A failure is readable too.
    let answer = get_from(&app, ELSEWHERE, "/api/3/action/package_show?id=nowhere").await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
}
