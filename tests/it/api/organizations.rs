//! `/api/1/organizations/`: the creator is its admin; members are managed by org admins and site
//! admins.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;

#[tokio::test]
async fn the_creator_of_an_organization_is_its_admin() {
    let app = TestApp::new().await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            None,
            Some(json!({"name": "Anon"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let ada = app.user("Ada", Role::User).await;
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Mairie de Lyon", "url": "https://lyon.fr"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    assert_eq!(org["slug"], "mairie-de-lyon");
    assert_eq!(org["members"][0]["user"]["id"], ada.id.as_str());
    assert_eq!(org["members"][0]["role"], "admin");
    let (_, me) = app.call(Method::GET, "/api/1/me/", Some(&ada), None).await;
    assert_eq!(me["organizations"][0]["role"], "admin");

    let (status, again) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Mairie de Lyon"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again["slug"], "mairie-de-lyon-2", "slugs stay unique");

    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"url": "lyon"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"]["name"].is_array() && body["errors"]["url"].is_array(),
        "{body}"
    );
}

#[tokio::test]
async fn members_are_managed_by_org_admins_and_site_admins() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let eve = app.user("Eve", Role::User).await;
    let site_admin = app.user("Root", Role::Admin).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Data Lyon"})),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    let member = |user: &str| format!("/api/1/organizations/{org_id}/member/{user}/");

    let (status, added) = app
        .call(
            Method::PUT,
            &member(&bob.id),
            Some(&ada),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["role"], "editor");

    // An editor, or an outsider, cannot manage members or edit the organization.
    for outsider in [&bob, &eve] {
        let (status, _) = app
            .call(
                Method::PUT,
                &member(&eve.id),
                Some(outsider),
                Some(json!({"role": "admin"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .call(
                Method::PUT,
                &format!("/api/1/organizations/{org_id}/"),
                Some(outsider),
                Some(json!({"name": "Mine"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = app.call(Method::DELETE, &member(&bob.id), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, body) = app
        .call(
            Method::PUT,
            &member(&bob.id),
            Some(&ada),
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["role"].is_array());
    let (status, _) = app
        .call(
            Method::PUT,
            &member("no-such-user"),
            Some(&ada),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, changed) = app
        .call(
            Method::PUT,
            &member(&bob.id),
            Some(&site_admin),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed["role"], "admin");
    let (status, _) = app
        .call(Method::DELETE, &member(&ada.id), Some(&bob), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // The last admin stays.
    let (status, body) = app
        .call(Method::DELETE, &member(&bob.id), Some(&bob), None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, shown) = app.get(&format!("/api/1/organizations/{org_id}/")).await;
    let members = shown["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["user"]["id"], bob.id.as_str());

    let (status, renamed) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{org_id}/"),
            Some(&bob),
            Some(json!({"name": "Data Grand Lyon"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(renamed["name"], "Data Grand Lyon");
    let (_, listed) = app.get("/api/1/organizations/?q=grand").await;
    assert_eq!(listed["total"], 1);
}
