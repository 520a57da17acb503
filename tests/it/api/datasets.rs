//! `/api/1/datasets/`: pushed by site admins, validated, updated field by field, listed as udata
//! lists them.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::create;

#[tokio::test]
async fn only_admins_push_datasets() {
    let app = TestApp::new().await;
    let body = json!({"id": "abc123", "title": "Stations de recharge"});
    let (status, _) = app
        .call(Method::POST, "/api/1/datasets/", None, Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for role in [Role::User, Role::Moderator] {
        let user = app.user("Someone", role).await;
        let (status, error) = app
            .call(
                Method::POST,
                "/api/1/datasets/",
                Some(&user),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?}: {error}");
    }
    let admin = app.user("Admin", Role::Admin).await;
    let created = create(&app, &admin, "/api/1/datasets/", body).await;
    assert_eq!(created["id"], "abc123");
    assert_eq!(created["slug"], "stations-de-recharge");
    assert_eq!(created["uri"], format!("{}api/1/datasets/abc123/", app.url));
    let (status, _) = app.get("/api/1/datasets/abc123/").await;
    assert_eq!(status, StatusCode::OK);
    let (status, by_slug) = app.get("/api/1/datasets/stations-de-recharge/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_slug["id"], "abc123");
}

#[tokio::test]
async fn dataset_input_errors_name_each_field() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"url": "ftp://nope", "organization": "missing", "slug": "Not A Slug"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    for field in ["title", "url", "organization", "slug"] {
        assert!(
            body["errors"][field].is_array(),
            "{field} not named in {body}"
        );
    }
    let (count, _) = app.get("/api/1/datasets/").await;
    assert_eq!(count, StatusCode::OK);
    let (_, list) = app.get("/api/1/datasets/").await;
    assert_eq!(list["total"], 0, "nothing half-written");

    create(
        &app,
        &admin,
        "/api/1/datasets/",
        json!({"id": "dup", "title": "One"}),
    )
    .await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "dup", "title": "Two"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["errors"]["id"].is_array(), "{body}");
}

#[tokio::test]
async fn update_changes_only_given_fields() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    create(&app, &admin, "/api/1/datasets/", json!({"id": "d1", "title": "Bornes", "tags": ["Energie", "IRVE", "irve"], "license": "lov2"})).await;
    let (status, updated) = app
        .call(
            Method::PUT,
            "/api/1/datasets/d1/",
            Some(&admin),
            Some(json!({"title": "Bornes de recharge"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["title"], "Bornes de recharge");
    assert_eq!(updated["license"], "lov2");
    assert_eq!(updated["tags"], json!(["energie", "irve"]));
    let user = app.user("User", Role::User).await;
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/1/datasets/d1/",
            Some(&user),
            Some(json!({"title": "Hijacked"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/1/datasets/nope/",
            Some(&admin),
            Some(json!({"title": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn list_filters_and_pages_like_udata() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&admin),
            Some(json!({"name": "Santé publique France"})),
        )
        .await;
    let org_id = org["id"].as_str().unwrap();
    for (i, (title, tags)) in [
        ("Vaccination COVID-19", vec!["covid", "vaccin"]),
        ("Tests virologiques", vec!["covid", "tests"]),
        ("Qualité de l'air", vec!["air"]),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = json!({
            "id": format!("ds{i}"),
            "title": title,
            "tags": tags,
            "created_at": format!("2021-01-0{}T00:00:00Z", i + 1),
        });
        if i < 2 {
            body["organization"] = json!(org_id);
        }
        create(&app, &admin, "/api/1/datasets/", body).await;
    }
    let ids = |list: &Value| -> Vec<String> {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = app.get("/api/1/datasets/").await;
    assert_eq!(ids(&all), ["ds2", "ds1", "ds0"], "newest first");
    let (_, covid) = app.get("/api/1/datasets/?tag=covid").await;
    assert_eq!(ids(&covid), ["ds1", "ds0"]);
    let (_, both) = app.get("/api/1/datasets/?tag=covid&tag=vaccin").await;
    assert_eq!(ids(&both), ["ds0"]);
    let (_, q) = app.get("/api/1/datasets/?q=VACCINATION%20covid").await;
    assert_eq!(ids(&q), ["ds0"], "every word matches, case-insensitively");
    let (_, q_percent) = app.get("/api/1/datasets/?q=%25").await;
    assert_eq!(q_percent["total"], 0, "% is taken literally");
    let (_, by_org) = app
        .get(&format!(
            "/api/1/datasets/?organization={}",
            org["slug"].as_str().unwrap()
        ))
        .await;
    assert_eq!(ids(&by_org), ["ds1", "ds0"]);
    assert_eq!(
        by_org["data"][0]["organization"]["name"],
        "Santé publique France"
    );

    let (_, page1) = app
        .get("/api/1/datasets/?page_size=2&tag=covid&tag=vaccin&page_size=2")
        .await;
    assert_eq!(page1["total"], 1);
    let (_, page1) = app.get("/api/1/datasets/?page_size=2").await;
    assert_eq!(
        (
            page1["page"].as_u64(),
            page1["page_size"].as_u64(),
            page1["total"].as_u64()
        ),
        (Some(1), Some(2), Some(3))
    );
    assert!(page1["previous_page"].is_null());
    let next = page1["next_page"].as_str().unwrap();
    assert!(
        next.starts_with(&app.url) && next.contains("page=2") && next.contains("page_size=2"),
        "{next}"
    );
    let (_, page2) = app.get(next.strip_prefix(&app.url).unwrap()).await;
    assert_eq!(ids(&page2), ["ds0"]);
    assert!(page2["next_page"].is_null());
    assert!(page2["previous_page"].as_str().unwrap().contains("page=1"));
}
