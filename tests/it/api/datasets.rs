//! `/api/1/datasets/`: pushed by site admins, validated, updated field by field, listed as udata
//! lists them.

use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
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

/// A dataset in udata's fuller shape, as a catalog pushes it.
fn full_dataset() -> Value {
    json!({
        "id": "irve",
        "title": "Bornes de recharge",
        "acronym": "IRVE",
        "description": "Les points de recharge pour véhicules électriques, mis à jour chaque jour par les opérateurs et consolidés nationalement.",
        "license": "lov2",
        "frequency": "daily",
        "tags": ["irve"],
        "badges": [{"kind": "pivotal-data"}],
        "featured": true,
        "private": false,
        "extras": {"source": "consolidation"},
        "temporal_coverage": {"start": "2020-01-01", "end": "2024-12-31"},
        "spatial": {"zones": ["country:fr"], "granularity": "fr:commune", "geom": null},
        "last_update": "2024-06-01T00:00:00Z",
        "resources": [
            {"id": "r-csv", "title": "irve.csv", "description": "Le fichier consolidé",
             "type": "main", "format": "CSV", "url": "https://example.org/irve.csv",
             "filesize": 123456, "mime": "text/csv",
             "created_at": "2020-01-02T00:00:00Z", "last_modified": "2024-06-01T00:00:00Z",
             "extras": {"check:available": true}},
            {"title": "Schéma", "type": "documentation", "url": "https://example.org/schema"}
        ]
    })
}

#[tokio::test]
async fn a_dataset_with_resources_round_trips_in_udata_shape() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let created = create(&app, &admin, "/api/1/datasets/", full_dataset()).await;
    let (status, dataset) = app.get("/api/1/datasets/irve/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dataset, created, "GET answers what POST answered");
    assert_eq!(dataset["class"], "Dataset");
    assert_eq!(dataset["acronym"], "IRVE");
    assert_eq!(dataset["badges"], json!([{"kind": "pivotal-data"}]));
    assert_eq!(
        (&dataset["featured"], &dataset["private"]),
        (&json!(true), &json!(false))
    );
    assert_eq!(dataset["extras"], json!({"source": "consolidation"}));
    assert_eq!(
        dataset["temporal_coverage"],
        json!({"start": "2020-01-01", "end": "2024-12-31"})
    );
    assert_eq!(
        dataset["spatial"],
        json!({"zones": ["country:fr"], "granularity": "fr:commune", "geom": null})
    );
    assert_eq!(dataset["last_update"], "2024-06-01T00:00:00+00:00");
    assert!(dataset["archived"].is_null() && dataset["deleted"].is_null());
    assert!(dataset["organization"].is_null() && dataset["owner"].is_null());
    assert_eq!(dataset["contact_points"], json!([]));
    let resources = dataset["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2);
    assert_eq!(
        resources[0],
        json!({
            "id": "r-csv", "title": "irve.csv", "description": "Le fichier consolidé",
            "type": "main", "format": "csv", "url": "https://example.org/irve.csv",
            "filesize": 123456, "mime": "text/csv",
            "created_at": "2020-01-02T00:00:00+00:00", "last_modified": "2024-06-01T00:00:00+00:00",
            "extras": {"check:available": true}, "filetype": "remote", "checksum": null,
            "schema": null, "harvest": null, "preview_url": null,
            "internal": {"created_at_internal": "2020-01-02T00:00:00+00:00",
                         "last_modified_internal": "2024-06-01T00:00:00+00:00"}
        })
    );
    let schema = &resources[1];
    assert_eq!(
        (&schema["type"], &schema["format"]),
        (&json!("documentation"), &json!(null))
    );
    assert_eq!(
        schema["id"].as_str().unwrap().len(),
        36,
        "a UUID is generated"
    );
    let quality = &dataset["quality"];
    for met in [
        "license",
        "temporal_coverage",
        "spatial",
        "update_frequency",
        "dataset_description_quality",
        "has_resources",
        "has_open_format",
        "all_resources_available",
        "resources_documentation",
    ] {
        assert_eq!(quality[met], true, "{met}: {quality}");
    }
    assert!(
        quality["update_fulfilled_in_time"].is_boolean(),
        "{quality}"
    );
    assert!(quality["score"].as_f64().unwrap() >= 8.0 / 9.0, "{quality}");
    let (_, list) = app.get("/api/1/datasets/").await;
    assert_eq!(list["data"][0]["resources"], dataset["resources"]);

    // Sending back what GET answered changes nothing but the last modification.
    let (status, again) = app
        .call(
            Method::PUT,
            "/api/1/datasets/irve/",
            Some(&admin),
            Some(dataset.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    for field in [
        "resources",
        "badges",
        "extras",
        "temporal_coverage",
        "spatial",
        "archived",
    ] {
        assert_eq!(again[field], dataset[field], "{field}");
    }

    // Resources given replace the current ones; a kept id keeps its dates.
    let (_, replaced) = app
        .call(
            Method::PUT,
            "/api/1/datasets/irve/",
            Some(&admin),
            Some(json!({"resources": [
                {"id": "r-csv", "title": "irve-v2.csv", "url": "https://example.org/irve-v2.csv"}
            ], "temporal_coverage": null, "spatial": null})),
        )
        .await;
    let resources = replaced["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 1, "{replaced}");
    assert_eq!(resources[0]["title"], "irve-v2.csv");
    assert_eq!(resources[0]["created_at"], "2020-01-02T00:00:00+00:00");
    assert!(replaced["temporal_coverage"].is_null() && replaced["spatial"].is_null());
    assert_eq!(replaced["acronym"], "IRVE", "fields not given stay");
}

#[tokio::test]
async fn a_dataset_without_resources_lists_none_and_archived_is_a_date_or_null() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let created = create(
        &app,
        &admin,
        "/api/1/datasets/",
        json!({"id": "bare", "title": "Nu"}),
    )
    .await;
    assert_eq!(created["resources"], json!([]));
    assert_eq!(created["badges"], json!([]));
    assert_eq!(created["extras"], json!({}));
    assert!(created["archived"].is_null());
    assert!(created["temporal_coverage"].is_null() && created["spatial"].is_null());
    let quality = &created["quality"];
    assert_eq!(quality["score"], 0.0, "{quality}");
    assert_eq!(quality["license"], false);
    assert!(
        quality.get("has_resources").is_none() && quality.get("update_fulfilled_in_time").is_none(),
        "left out as udata does: {quality}"
    );

    let put = |body: Value| {
        let app = &app;
        let admin = &admin;
        async move {
            let (status, dataset) = app
                .call(
                    Method::PUT,
                    "/api/1/datasets/bare/",
                    Some(admin),
                    Some(body),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{dataset}");
            dataset
        }
    };
    let archived = put(json!({"archived": "2024-03-01T12:00:00Z"})).await;
    assert_eq!(archived["archived"], "2024-03-01T12:00:00+00:00");
    let again = put(json!({"archived": true})).await;
    assert_eq!(
        again["archived"], "2024-03-01T12:00:00+00:00",
        "still archived since then"
    );
    let restored = put(json!({"archived": null})).await;
    assert!(restored["archived"].is_null());
    let by_flag = put(json!({"archived": true})).await;
    assert!(by_flag["archived"].is_string(), "{by_flag}");
    let unflagged = put(json!({"archived": false})).await;
    assert!(unflagged["archived"].is_null());
}

#[tokio::test]
async fn resource_errors_name_each_field() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({
                "title": "Erreurs",
                "temporal_coverage": {"start": "2024-01-01", "end": "2020-01-01"},
                "resources": [
                    {"title": "FTP", "url": "ftp://example.org/f"},
                    {"url": "https://example.org/g", "type": "weird", "filesize": -1},
                    {"id": "x", "title": "A", "url": "https://example.org/a"},
                    {"id": "x", "title": "B", "url": "https://example.org/b"}
                ]
            })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    for field in [
        "temporal_coverage",
        "resources[0].url",
        "resources[1].title",
        "resources[1].type",
        "resources[1].filesize",
        "resources[3].id",
    ] {
        assert!(
            body["errors"][field].is_array(),
            "{field} not named in {body}"
        );
    }
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"title": "Date", "archived": "yesterday"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["archived"].is_array(), "{body}");

    create(&app, &admin, "/api/1/datasets/", full_dataset()).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"title": "Vol", "resources": [
                {"id": "r-csv", "title": "Pris", "url": "https://example.org/x"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["errors"]["resources[0].id"].is_array(), "{body}");
    let (_, list) = app.get("/api/1/datasets/").await;
    assert_eq!(list["total"], 1, "nothing half-written");
}

#[tokio::test]
async fn deleting_a_dataset_marks_it_deleted_and_keeps_its_reuses_link() {
    let w = crate::support::world::world(&[]).await;
    let app = &w.app;
    let reuse = crate::support::reuses::reuse(
        app,
        &w.org_editor,
        "Carte",
        json!({"datasets": ["ds-air", "ds-velo"]}),
    )
    .await;
    for who in [None, Some(&w.org_admin), Some(&w.moderator)] {
        let (status, body) = app
            .call(Method::DELETE, "/api/1/datasets/ds-air/", who, None)
            .await;
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN,
            "{status} {body}"
        );
    }
    let (status, body) = app
        .call(
            Method::DELETE,
            "/api/1/datasets/ds-air/",
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, gone) = app.get("/api/1/datasets/ds-air/").await;
    assert_eq!(status, StatusCode::GONE, "{gone}");
    let (status, again) = app
        .call(
            Method::DELETE,
            "/api/1/datasets/ds-air/",
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::GONE, "{again}");
    let (status, unknown) = app
        .call(
            Method::DELETE,
            "/api/1/datasets/nope/",
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    // The row stays, marked since when; the reuse keeps its link.
    let row = entity::datasets::Entity::find_by_id("ds-air".to_owned())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.deleted && row.deleted_at.is_some(), "{row:?}");
    let links = entity::reuse_datasets::Entity::find()
        .filter(entity::reuse_datasets::Column::ReuseId.eq(reuse.as_str()))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(links, 2);
}
