//! The data request pages: a search with no result becomes a request in one click, the form
//! keeps what was typed beside its errors, the request's page supports and withdraws, the
//! animators take it a step further there, the list is sorted by support and filtered by
//! status, and the feed carries the requests.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::{create, id_of};
use crate::support::web::{client, csrf_from, element, page, page_as, signed_in, urlencode};
use crate::support::world::world;

/// A form posted by the browser holding `cookie`: its status, where it leads, and its HTML.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    body: String,
) -> (StatusCode, String, String) {
    let response = client()
        .post(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .header("Accept-Language", "fr")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

#[tokio::test]
async fn a_search_with_no_result_becomes_a_request_in_one_click() {
    let w = world(&[]).await;
    let app = &w.app;
    let (_, html) = page(app, "/datasets/?q=biblioth%C3%A8ques").await;
    assert!(
        html.contains("href=\"/data-requests/new?title=biblioth%C3%A8ques\""),
        "{}",
        element(&html, "no-datasets")
    );
    // Anonymous readers sign in first, and come back to the form.
    let response = client()
        .get(format!("{}data-requests/new?title=Horaires", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with("/login?next=%2Fdata-requests%2Fnew"), "{to}");

    let camille = app.user("Camille", Role::User).await;
    let cookie = signed_in(app, &camille.id).await;
    let form = page_as(
        app,
        "/data-requests/new?title=Horaires%20des%20biblioth%C3%A8ques",
        &cookie,
    )
    .await;
    assert!(
        form.contains("value=\"Horaires des bibliothèques\""),
        "the title is filled in: {form}"
    );
    let token = csrf_from(&form);
    // Without a purpose: the page again, the error beside its field, the title kept.
    let (status, _, html) = post_form(
        app,
        "/data-requests/new",
        &cookie,
        format!("csrf_token={token}&title=Horaires&purpose=&holder="),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("id=\"form-errors\""), "{html}");
    assert!(html.contains("id=\"purpose-error\""), "{html}");
    assert!(html.contains("value=\"Horaires\""), "{html}");
    // Without the token: refused.
    let (status, _, _) = post_form(
        app,
        "/data-requests/new",
        &cookie,
        "title=Horaires&purpose=Pour+une+carte".to_owned(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, location, _) = post_form(
        app,
        "/data-requests/new",
        &cookie,
        format!(
            "csrf_token={token}&title=Horaires&purpose={}&holder=La+ville",
            urlencode("Pour une **carte** <script>alert(1)</script>")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/data-requests/"), "{location}");
    let html = page_as(app, &location, &cookie).await;
    assert!(html.contains("<strong>carte</strong>"), "Markdown rendered");
    assert!(!html.contains("<script>alert(1)"), "and sanitised");
    assert!(element(&html, "supporters").contains("1 soutien"), "{html}");
    assert!(
        html.contains("id=\"withdraw-support\""),
        "its author supports it"
    );
    assert!(!html.contains("id=\"steer-form\""), "not an animator");
}

#[tokio::test]
async fn supporters_vote_once_and_animators_steer_from_the_page() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let body = json!({"title": "Horaires", "purpose": "Pour une carte."});
    let id = id_of(&create(app, &asker, "/api/1/data-requests/", body).await);
    let path = format!("/data-requests/{id}/");
    let bob = app.user("Bob", Role::User).await;
    let cookie = signed_in(app, &bob.id).await;
    let html = page_as(app, &path, &cookie).await;
    assert!(html.contains("id=\"support-request\""), "{html}");
    let token = csrf_from(&html);
    for _ in 0..2 {
        let (status, location, _) = post_form(
            app,
            &format!("{path}support"),
            &cookie,
            format!("csrf_token={token}&action=support"),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("{path}#support"));
    }
    let html = page_as(app, &path, &cookie).await;
    assert!(
        element(&html, "supporters").contains("2 soutiens"),
        "one vote each"
    );
    assert!(html.contains("id=\"withdraw-support\""), "{html}");
    post_form(
        app,
        &format!("{path}support"),
        &cookie,
        format!("csrf_token={token}&action=withdraw"),
    )
    .await;
    let html = page_as(app, &path, &cookie).await;
    assert!(element(&html, "supporters").contains("1 soutien"), "{html}");

    // A plain user posting a step is refused; an animator's missing reason comes back beside
    // its field; a reason declines it.
    let (status, _, _) = post_form(
        app,
        &format!("{path}steer"),
        &cookie,
        format!("csrf_token={token}&status=in_progress"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let modo = signed_in(app, &w.moderator.id).await;
    let html = page_as(app, &path, &modo).await;
    assert!(html.contains("id=\"steer-form\""), "{html}");
    let token = csrf_from(&html);
    let (status, _, html) = post_form(
        app,
        &format!("{path}steer"),
        &modo,
        format!("csrf_token={token}&status=declined&reason="),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("id=\"reason-error\""), "{html}");
    let (status, _, _) = post_form(
        app,
        &format!("{path}steer"),
        &modo,
        format!(
            "csrf_token={token}&status=declined&reason={}",
            urlencode("Données personnelles.")
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = page(app, &path).await;
    assert!(
        element(&html, "request-status").contains("Refusée"),
        "{html}"
    );
    assert!(html.contains("Données personnelles."), "{html}");
    assert!(
        !html.contains("id=\"sign-in-to-support\""),
        "a declined request takes no more support"
    );
    assert!(
        html.contains("/discussions/new?class=DataRequest"),
        "its thread: {html}"
    );
}

#[tokio::test]
async fn the_list_is_sorted_by_support_and_filtered_by_status_with_a_feed() {
    let w = world(&[]).await;
    let app = &w.app;
    let ana = app.user("Ana", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let body = |title: &str| json!({"title": title, "purpose": "Pour voir."});
    let quiet = id_of(&create(app, &ana, "/api/1/data-requests/", body("Peu demandée")).await);
    let wanted = id_of(&create(app, &ana, "/api/1/data-requests/", body("Très demandée")).await);
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            &format!("/api/1/data-requests/{wanted}/support/"),
            bob.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, html) = page(app, "/data-requests/").await;
    assert_eq!(status, StatusCode::OK);
    let first = html.find(&format!("/data-requests/{wanted}/")).unwrap();
    let second = html.find(&format!("/data-requests/{quiet}/")).unwrap();
    assert!(first < second, "the most supported first");
    assert!(
        element(&html, "requests-count").contains("2 demandes"),
        "{html}"
    );
    app.call(
        reqwest::Method::PUT,
        &format!("/api/1/data-requests/{quiet}/"),
        w.moderator.me(),
        Some(json!({"status": "routed", "organization": w.org_id})),
    )
    .await;
    let (_, html) = page(app, "/data-requests/?status=routed").await;
    assert!(html.contains(&format!("/data-requests/{quiet}/")), "{html}");
    assert!(
        !html.contains(&format!("/data-requests/{wanted}/")),
        "{html}"
    );
    assert!(html.contains("Transmise au producteur"), "{html}");
    let (status, feed) = page(app, "/data-requests/feed.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(feed.starts_with("<?xml"), "{feed}");
    // Latest changed first: the routed request, then the other.
    let routed = feed.find("<title>Peu demandée</title>").unwrap();
    let other = feed.find("<title>Très demandée</title>").unwrap();
    assert!(routed < other, "{feed}");
    assert!(feed.contains("term=\"routed\""), "{feed}");
}
