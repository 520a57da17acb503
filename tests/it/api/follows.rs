//! `…/followers/` as udata answers it: 201 for a new follow and 200 for an old one, 404 to stop
//! following what one does not follow, the followers paged in the envelope, people who cannot
//! follow themselves.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, create, id_of};
use crate::support::datasets::dataset;
use crate::support::people::ada_lovelace;
use crate::support::{TestApp, TestUser};

async fn organization(app: &TestApp, by: &TestUser, name: &str) -> String {
    id_of(&create(app, by, "/api/1/organizations/", json!({"name": name})).await)
}

#[tokio::test]
async fn following_an_organization_says_whether_it_is_new_and_lists_who() {
    let app = TestApp::new().await;
    let ada = ada_lovelace(&app).await;
    let bob = app.user("Bob", Role::User).await;
    let org = organization(&app, &ada, "Mairie de Lyon").await;
    let path = format!("/api/1/organizations/{org}/followers/");

    let (status, _) = app.call(Method::POST, &path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::CREATED, Some(1))
    );
    let (status, body) = app.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::OK, Some(1)),
        "following again changes nothing: {body}"
    );
    // By slug too.
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/organizations/mairie-de-lyon/followers/",
            Some(&ada),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, page) = app.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 2);
    assert_eq!(page["page"], 1);
    let follow = &page["data"][1];
    assert!(
        follow["id"].is_string(),
        "udata's follow has its id: {follow}"
    );
    assert!(follow["since"].is_string(), "{follow}");
    assert_eq!(follow["follower"]["id"], bob.id.as_str());
    assert_eq!(follow["follower"]["class"], "User");
    assert_eq!(page["data"][0]["follower"]["first_name"], "Ada");
    assert_eq!(page["data"][0]["follower"]["last_name"], "Lovelace");
    assert!(follow["follower"].get("email").is_none(), "{follow}");

    // udata's `user` filter says whether someone follows.
    let (_, only_bob) = app.get(&format!("{path}?user={}", bob.id)).await;
    assert_eq!(only_bob["total"], 1);
    assert_eq!(only_bob["data"][0]["follower"]["id"], bob.id.as_str());
    let carol = app.user("Carol", Role::User).await;
    let (_, nobody) = app.get(&format!("{path}?user={}", carol.id)).await;
    assert_eq!(nobody["total"], 0);

    let (_, shown) = app.get(&format!("/api/1/organizations/{org}/")).await;
    assert_eq!(shown["metrics"]["followers"], 2, "{shown}");

    let (status, body) = app.call(Method::DELETE, &path, Some(&carol), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not following: {body}");
    assert!(body["message"].is_string(), "{body}");
    let (status, body) = app.call(Method::DELETE, &path, Some(&bob), None).await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::OK, Some(1))
    );
    let (status, _) = app.call(Method::DELETE, &path, Some(&bob), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "once is enough");

    for method in [Method::GET, Method::POST, Method::DELETE] {
        let (status, body) = app
            .call(
                method.clone(),
                "/api/1/organizations/no-such-org/followers/",
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method}: {body}");
    }
}

#[tokio::test]
async fn people_are_followed_by_others_never_by_themselves() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let path = format!("/api/1/users/{}/followers/", ada.id);

    let (status, body) = app.call(Method::POST, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["message"], "You can't follow yourself");
    let (status, body) = app.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::CREATED, Some(1))
    );
    let (status, _) = app.call(Method::POST, &path, Some(&bob), None).await;
    assert_eq!(status, StatusCode::OK);

    let (_, page) = app.get(&path).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["data"][0]["follower"]["id"], bob.id.as_str());
    let (_, profile) = app.get(&format!("/api/1/users/{}/", ada.id)).await;
    assert_eq!(profile["metrics"]["followers"], 1, "{profile}");
    let (_, follower) = app.get(&format!("/api/1/users/{}/", bob.id)).await;
    assert_eq!(follower["metrics"]["following"], 1, "{follower}");

    let (status, _) = app.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "Ada does not follow herself");
    let (status, body) = app.call(Method::DELETE, &path, Some(&bob), None).await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::OK, Some(0))
    );

    let (status, _) = app.get("/api/1/users/no-such-user/followers/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/users/no-such-user/followers/",
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn followers_come_a_page_at_a_time_newest_first() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    dataset(&app, &admin, "ds-air", "Qualité de l'air").await;
    let path = "/api/1/datasets/ds-air/followers/";
    let mut fans = Vec::new();
    for name in ["Ana", "Ben", "Cy"] {
        let fan = app.user(name, Role::User).await;
        let (status, _) = app.call(Method::POST, path, Some(&fan), None).await;
        assert_eq!(status, StatusCode::CREATED);
        fans.push(fan);
    }
    let (_, first) = app.get(&format!("{path}?page_size=2")).await;
    assert_eq!(first["total"], 3);
    assert_eq!(first["page_size"], 2);
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    assert_eq!(first["data"][0]["follower"]["id"], fans[2].id.as_str());
    assert!(first["previous_page"].is_null());
    let next = first["next_page"].as_str().unwrap();
    assert!(
        next.contains("page=2") && next.contains("page_size=2"),
        "{next}"
    );
    let (_, second) = app.get(&format!("{path}?page_size=2&page=2")).await;
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert_eq!(second["data"][0]["follower"]["id"], fans[0].id.as_str());
    assert!(second["next_page"].is_null());

    let (status, body) = app.get(&format!("{path}?page_size=0")).await;
    assert_refused(status, &body, "page_size", "page_size=0");
    let (status, body) = app.get(&format!("{path}?page=0")).await;
    assert_refused(status, &body, "page", "page=0");
}
