//! The showcase actions over Vitrine's reuses: what create, update and delete write, as the
//! udata dialect then shows it, with the same checks and permissions.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::calls::{
    assert_failure, assert_invalid, create_showcase, get, get_as, get_ok, post, post_ok, result_of,
    reuse_rows, showcase,
};
use crate::support::web::client;
use crate::support::{TestApp, TestUser};

/// The udata view of reuse `id`, which must answer 200.
async fn udata_view(app: &TestApp, by: &TestUser, id: &str) -> Value {
    let (status, reuse) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{reuse}");
    reuse
}

#[tokio::test]
async fn a_created_showcase_is_the_reuse_udata_shows() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let created = post_ok(
        &app,
        "ckanext_showcase_create",
        &ada,
        json!({
            "name": "air-quality-map",
            "title": "Air quality map",
            "notes": "A map of **air quality**.",
            "url": "https://air.example/map",
            "tags": [{"name": "air"}, {"name": "Pollution"}],
            "extras": [
                {"key": "reuse_type", "value": "visualization"},
                {"key": "reuse_topic", "value": "environment_and_energy"},
                {"key": "source", "value": "ckan"},
            ],
        }),
    )
    .await;
    assert_eq!(created["name"], "air-quality-map");
    assert_eq!(created["type"], "showcase");
    assert_eq!(created["creator_user_id"], ada.id.as_str());
    assert!(created["owner_org"].is_null(), "{created}");
    let extras: Vec<(&str, &str)> = created["extras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|extra| {
            (
                extra["key"].as_str().unwrap(),
                extra["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        extras,
        [
            ("reuse_type", "visualization"),
            ("reuse_topic", "environment_and_energy"),
            ("source", "ckan"),
        ]
    );
    let time = created["metadata_created"].as_str().unwrap();
    assert_eq!(time.len(), "2024-05-01T09:30:00.000000".len(), "{time}");
    let id = created["id"].as_str().unwrap();
    let reuse = udata_view(&app, &ada, id).await;
    assert_eq!(reuse["slug"], "air-quality-map");
    assert_eq!(reuse["title"], "Air quality map");
    assert_eq!(reuse["description"], "A map of **air quality**.");
    assert_eq!(reuse["type"], "visualization");
    assert_eq!(reuse["topic"], "environment_and_energy");
    assert_eq!(reuse["tags"], json!(["air", "pollution"]));
    assert_eq!(reuse["extras"]["source"], "ckan");
    assert_eq!(reuse["owner"]["id"], ada.id.as_str());
    let listed = get_as(&app, "ckanext_showcase_list", &ada).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], id);
    // Until a dataset is linked, only its owner sees it, as on the site.
    assert_eq!(get_ok(&app, "ckanext_showcase_list").await, json!([]));
    let (status, answer) = get(&app, "ckanext_showcase_show?id=air-quality-map", None).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");

    // Without type and topic: CKAN's showcases have none; Vitrine's defaults are taken.
    let plain = create_showcase(&app, &ada, "plain").await;
    let reuse = udata_view(&app, &ada, plain["id"].as_str().unwrap()).await;
    assert_eq!(
        (&reuse["type"], &reuse["topic"]),
        (&json!("application"), &json!("others"))
    );
}

#[tokio::test]
async fn a_refused_showcase_is_named_by_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    create_showcase(&app, &ada, "taken").await;
    let with = |changes: Value| {
        let mut body = showcase("fresh-name", "Fresh");
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let mut no_url = showcase("no-url", "No URL");
    no_url.as_object_mut().unwrap().remove("url");
    let cases = [
        ("no url", no_url, "url"),
        (
            "url not http",
            with(json!({"url": "ftp://files.example/"})),
            "url",
        ),
        ("name taken", with(json!({"name": "taken"})), "name"),
        (
            "uppercase name",
            with(json!({"name": "Fresh-Name"})),
            "name",
        ),
        ("name of one letter", with(json!({"name": "f"})), "name"),
        (
            "unknown organization",
            with(json!({"owner_org": "no-such-org"})),
            "owner_org",
        ),
        (
            "unknown type",
            with(json!({"extras": [{"key": "reuse_type", "value": "game"}]})),
            "reuse_type",
        ),
        (
            "foreign image",
            with(json!({"image_url": "https://elsewhere.example/logo.png"})),
            "image_url",
        ),
        ("no notes", with(json!({"notes": ""})), "notes"),
    ];
    for (case, body, field) in cases {
        let (status, answer) = post(&app, "ckanext_showcase_create", ada.me(), body).await;
        assert_invalid(status, &answer, field);
        assert_eq!(reuse_rows(&app).await, 1, "{case}: nothing half-written");
    }
    let (status, answer) = post(
        &app,
        "ckanext_showcase_create",
        ada.me(),
        with(json!({"url": "https://taken.example/"})),
    )
    .await;
    assert_invalid(status, &answer, "url");
    assert_eq!(reuse_rows(&app).await, 1, "a URL is registered once");
}

#[tokio::test]
async fn an_update_changes_what_is_given_and_a_new_name_keeps_the_old_one() {
    let app = TestApp::new().await;
    let ada = app.user("Ada", Role::User).await;
    let mut body = showcase("first-name", "First title");
    body["tags"] = json!([{"name": "air"}]);
    body["extras"] = json!([
        {"key": "reuse_type", "value": "api"},
        {"key": "reuse_topic", "value": "health"},
    ]);
    let created = post_ok(&app, "ckanext_showcase_create", &ada, body).await;
    let id = created["id"].as_str().unwrap();

    let changed = post_ok(
        &app,
        "ckanext_showcase_update",
        &ada,
        json!({"id": id, "notes": "New notes."}),
    )
    .await;
    assert_eq!(changed["notes"], "New notes.");
    for field in ["name", "title", "url", "tags", "extras", "creator_user_id"] {
        assert_eq!(changed[field], created[field], "{field} kept");
    }

    // What show gave, sent back whole with one change (as ckanapi clients do).
    let (_, shown) = get(&app, &format!("ckanext_showcase_show?id={id}"), ada.me()).await;
    let mut round_trip = shown["result"].clone();
    round_trip["title"] = json!("Second title");
    let updated = post_ok(&app, "ckanext_showcase_update", &ada, round_trip.clone()).await;
    for (key, value) in round_trip.as_object().unwrap() {
        if key != "metadata_modified" {
            assert_eq!(&updated[key], value, "{key} as sent back");
        }
    }
    let reuse = udata_view(&app, &ada, id).await;
    assert_eq!(
        (
            &reuse["slug"],
            &reuse["title"],
            &reuse["type"],
            &reuse["topic"]
        ),
        (
            &json!("first-name"),
            &json!("Second title"),
            &json!("api"),
            &json!("health")
        )
    );

    let renamed = post_ok(
        &app,
        "ckanext_showcase_update",
        &ada,
        json!({"id": id, "name": "second-name"}),
    )
    .await;
    assert_eq!(renamed["name"], "second-name");
    let old = client()
        .get(format!("{}api/1/reuses/first-name/", app.url))
        .header("X-API-KEY", &ada.token)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.headers()["location"],
        format!("{}api/1/reuses/second-name/", app.url)
    );
    let by_old_name = get_as(&app, "ckanext_showcase_show?id=first-name", &ada).await;
    assert_eq!(by_old_name["id"], id);
    // The name alone names the showcase to change.
    let by_name = post_ok(
        &app,
        "ckanext_showcase_update",
        &ada,
        json!({"name": "second-name", "tag_string": "air, bikes"}),
    )
    .await;
    assert_eq!(by_name["id"], id);
    assert_eq!(
        udata_view(&app, &ada, id).await["tags"],
        json!(["air", "bikes"])
    );
    let (status, answer) = post(
        &app,
        "ckanext_showcase_update",
        ada.me(),
        json!({"id": "no-such-showcase", "notes": "x"}),
    )
    .await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
}

#[tokio::test]
async fn only_those_who_may_edit_update_or_delete_and_a_deleted_one_is_gone() {
    let app = TestApp::new().await;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let created = create_showcase(&app, &owner, "owned").await;
    let id = created["id"].as_str().unwrap();
    let attempts: [(Option<&TestUser>, &str, Value); 4] = [
        (
            other.me(),
            "ckanext_showcase_update",
            json!({"id": id, "title": "Taken over"}),
        ),
        (other.me(), "ckanext_showcase_delete", json!({"id": id})),
        (
            None,
            "ckanext_showcase_update",
            json!({"id": id, "title": "Taken over"}),
        ),
        (None, "ckanext_showcase_delete", json!({"id": id})),
    ];
    for (by, action, body) in attempts {
        let (status, answer) = post(&app, action, by, body).await;
        assert_failure(
            status,
            &answer,
            StatusCode::FORBIDDEN,
            "Authorization Error",
        );
        let shown = get_as(&app, &format!("ckanext_showcase_show?id={id}"), &owner).await;
        assert_eq!(shown, created, "{action}: nothing changed");
    }
    // A moderator may, as on the site.
    let edited = post_ok(
        &app,
        "ckanext_showcase_update",
        &moderator,
        json!({"id": id, "notes": "Checked."}),
    )
    .await;
    assert_eq!(edited["notes"], "Checked.");

    let (status, answer) = post(
        &app,
        "ckanext_showcase_delete",
        owner.me(),
        json!({"id": "owned"}),
    )
    .await;
    assert_eq!(result_of(status, &answer, "delete"), Value::Null);
    let (status, answer) = get(&app, &format!("ckanext_showcase_show?id={id}"), owner.me()).await;
    assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
    let (status, _) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(
        get_as(&app, "ckanext_showcase_list", &owner).await,
        json!([])
    );
    for action in ["ckanext_showcase_delete", "ckanext_showcase_update"] {
        let (status, answer) =
            post(&app, action, owner.me(), json!({"id": id, "notes": "x"})).await;
        assert_failure(status, &answer, StatusCode::NOT_FOUND, "Not Found Error");
    }
}
