//! `/api/1/organizations/`: the creator is its admin; members are managed by org admins and site
//! admins.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::people::ada_lovelace;

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

#[tokio::test]
async fn an_organization_has_udatas_shape_with_its_counters() {
    let app = TestApp::new().await;
    let ada = ada_lovelace(&app).await;
    let admin = app.user("Root", Role::Admin).await;
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Ville de Lyon", "acronym": " VdL ", "business_number_id": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let id = org["id"].as_str().unwrap().to_owned();
    assert_eq!(org["class"], "Organization");
    assert_eq!(org["acronym"], "VdL");
    assert_eq!(org["badges"], json!([]));
    assert!(org["deleted"].is_null() && org["business_number_id"].is_null());
    assert_eq!(org["extras"], json!({}));
    assert!(org["logo"].is_null() && org["logo_thumbnail"].is_null());
    assert_eq!(org["members"][0]["user"]["first_name"], "Ada");
    assert_eq!(org["members"][0]["user"]["class"], "User");
    for counter in ["datasets", "reuses", "followers", "views"] {
        assert_eq!(org["metrics"][counter], 0, "{counter}: {org}");
    }
    assert_eq!(org["metrics"]["members"], 1);

    for n in 0..2 {
        app.call_ok(
            Method::POST,
            "/api/1/datasets/",
            &admin,
            Some(
                json!({"id": format!("lyon-{n}"), "title": format!("Lyon {n}"),
                        "organization": id}),
            ),
        )
        .await;
    }
    app.call_ok(
        Method::POST,
        "/api/1/datasets/",
        &admin,
        Some(json!({"id": "elsewhere", "title": "Ailleurs"})),
    )
    .await;
    app.call_ok(
        Method::POST,
        "/api/1/reuses/",
        &ada,
        Some(
            json!({"title": "Carte", "description": "Une carte.", "type": "visualization",
                    "topic": "others", "url": "https://carte.example", "datasets": ["lyon-0"],
                    "organization": id}),
        ),
    )
    .await;
    let (_, shown) = app.get("/api/1/organizations/ville-de-lyon/").await;
    assert_eq!(shown["metrics"]["datasets"], 2, "{shown}");
    assert_eq!(shown["metrics"]["reuses"], 1, "{shown}");
    let (_, listed) = app.get("/api/1/organizations/?q=lyon").await;
    assert_eq!(listed["data"][0]["metrics"]["datasets"], 2, "{listed}");

    let (_, changed) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{id}/"),
            Some(&ada),
            Some(json!({"acronym": ""})),
        )
        .await;
    assert!(changed["acronym"].is_null(), "{changed}");
    assert_eq!(changed["name"], "Ville de Lyon", "the rest stays");
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{id}/"),
            Some(&ada),
            Some(json!({"acronym": "A".repeat(129)})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errors"]["acronym"].is_array(), "{body}");
}

#[tokio::test]
async fn an_organization_lists_its_datasets_and_its_discussions() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let asker = app.user("Camille", Role::User).await;
    let admin = app.user("Root", Role::Admin).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    let id = org["id"].as_str().unwrap().to_owned();
    for (dataset, organization) in [
        ("lyon-0", json!(id)),
        ("lyon-1", json!(id)),
        ("other", json!("")),
    ] {
        app.call_ok(
            Method::POST,
            "/api/1/datasets/",
            &admin,
            Some(json!({"id": dataset, "title": format!("Jeu {dataset}"),
                        "organization": organization})),
        )
        .await;
    }

    let (status, page) = app
        .get("/api/1/organizations/ville-de-lyon/datasets/?page_size=1")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 2);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["organization"]["id"], id.as_str());
    assert!(page["next_page"].as_str().unwrap().contains("page=2"));
    let (_, found) = app
        .get(&format!("/api/1/organizations/{id}/datasets/?q=lyon-1"))
        .await;
    assert_eq!(found["total"], 1, "{found}");
    let (status, _) = app.get("/api/1/organizations/nowhere/datasets/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for (dataset, title) in [("lyon-1", "Fréquence ?"), ("other", "Ailleurs ?")] {
        app.call_ok(
            Method::POST,
            "/api/1/discussions/",
            &asker,
            Some(json!({"title": title, "comment": "Quand ?",
                        "subject": {"class": "Dataset", "id": dataset}})),
        )
        .await;
    }
    let (status, discussions) = app
        .get(&format!("/api/1/organizations/{id}/discussions/"))
        .await;
    assert_eq!(status, StatusCode::OK, "{discussions}");
    let list = discussions.as_array().expect("a plain list, as udata's");
    assert_eq!(list.len(), 1, "{discussions}");
    assert_eq!(list[0]["title"], "Fréquence ?");
    assert_eq!(list[0]["subject"]["id"], "lyon-1");
    let (status, _) = app.get("/api/1/organizations/nowhere/discussions/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_organization_is_deleted_only_once_it_publishes_nothing() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let admin = app.user("Root", Role::Admin).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&ada),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    let id = org["id"].as_str().unwrap().to_owned();
    let path = format!("/api/1/organizations/{id}/");
    app.call_ok(
        Method::PUT,
        &format!("/api/1/organizations/{id}/member/{}/", bob.id),
        &ada,
        Some(json!({"role": "editor"})),
    )
    .await;
    app.call_ok(
        Method::POST,
        &format!("/api/1/organizations/{id}/followers/"),
        &bob,
        None,
    )
    .await;
    app.call_ok(
        Method::POST,
        "/api/1/datasets/",
        &admin,
        Some(json!({"id": "lyon-0", "title": "Jeu", "organization": id})),
    )
    .await;

    let (status, body) = app.call(Method::DELETE, &path, Some(&bob), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an editor may not: {body}");
    let (status, body) = app.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("1 dataset"), "{message}");
    assert!(body["errors"]["organization"].is_array(), "{body}");
    let (status, _) = app.get(&path).await;
    assert_eq!(status, StatusCode::OK, "a refused delete changes nothing");

    // The dataset moves to another publisher; then the organization goes, with its members
    // and followers.
    app.call_ok(
        Method::PUT,
        "/api/1/datasets/lyon-0/",
        &admin,
        Some(json!({"organization": ""})),
    )
    .await;
    let (status, body) = app.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _) = app.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.call(Method::DELETE, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, me) = app.call(Method::GET, "/api/1/me/", Some(&bob), None).await;
    assert_eq!(me["organizations"], json!([]), "{me}");
    assert_eq!(me["metrics"]["following"], 0, "{me}");
    let (status, dataset) = app.get("/api/1/datasets/lyon-0/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(dataset["organization"].is_null(), "{dataset}");
}
