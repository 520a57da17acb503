//! Writing reuses: every field validated, who may publish, edit, delete and feature them,
//! renaming (the old slug redirects) and linking datasets.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestUser;
use crate::support::api::create;
use crate::support::reuses::reuse_body;
use crate::support::web::client;
use crate::support::world::world;

#[tokio::test]
async fn creating_a_reuse_validates_every_field() {
    let w = world(&[]).await;
    let app = &w.app;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            None,
            Some(reuse_body("A", "https://a.example")),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let ada = app.user("Ada", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&ada),
            Some(json!({"url": "ftp://x", "type": "game", "topic": "space", "tags": ["ok-tag", "x"], "datasets": ["nope", 3]})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&ada),
            Some(json!({"url": "ftp://x", "type": "game", "topic": "space", "tags": ["ok-tag", "x"], "datasets": ["nope"], "title": "t".repeat(351)})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for field in [
        "title",
        "description",
        "url",
        "type",
        "topic",
        "tags",
        "datasets",
    ] {
        assert!(
            body["errors"][field].is_array(),
            "{field} not named: {body}"
        );
    }
    let created = create(
        app,
        &ada,
        "/api/1/reuses/",
        reuse_body("Carte de l'air à Lyon", "https://air.example/lyon"),
    )
    .await;
    assert_eq!(created["slug"], "carte-de-l-air-a-lyon");
    assert_eq!(created["tags"], json!(["air", "pollution"]));
    assert_eq!(created["owner"]["id"], ada.id.as_str());
    assert!(created["organization"].is_null());
    assert_eq!(created["metrics"]["datasets"], 2);
    assert_eq!(created["datasets"][0]["id"], "ds-air");
    assert_eq!(created["type"], "visualization");
    let (_, dataset) = app.get("/api/1/datasets/ds-air/").await;
    assert_eq!(dataset["metrics"]["reuses"], 1);

    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&ada),
            Some(reuse_body("Twice", "https://air.example/lyon")),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["errors"]["url"].is_array());
    let (_, list) = app.get("/api/1/reuses/").await;
    assert_eq!(list["total"], 1, "nothing half-written");
}

#[tokio::test]
async fn only_members_publish_for_an_organization() {
    let w = world(&[]).await;
    let outsider = w.app.user("Out", Role::User).await;
    let mut body = reuse_body("Pour Lyon", "https://lyon.example/app");
    body["organization"] = json!({"id": w.org_id});
    let (status, error) = w
        .app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&outsider),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["errors"]["organization"].is_array());
    let created = create(&w.app, &w.org_editor, "/api/1/reuses/", body).await;
    assert_eq!(created["organization"]["id"], w.org_id.as_str());
    assert!(created["owner"].is_null());
}

#[tokio::test]
async fn who_may_edit_and_delete_a_reuse() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let admin = app.user("Admin", Role::Admin).await;
    let mut org_body = reuse_body("Reuse of Lyon", "https://lyon.example/r");
    org_body["organization"] = json!(w.org_id);
    let org_reuse = create(app, &w.org_admin, "/api/1/reuses/", org_body).await;
    let own_reuse = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Mine", "https://mine.example"),
    )
    .await;
    let put = |id: &str| format!("/api/1/reuses/{id}/");
    let org_id = org_reuse["id"].as_str().unwrap();
    let own_id = own_reuse["id"].as_str().unwrap();
    let cases: Vec<(Option<&TestUser>, &str, StatusCode)> = vec![
        (None, own_id, StatusCode::UNAUTHORIZED),
        (Some(&other), own_id, StatusCode::FORBIDDEN),
        (Some(&w.org_editor), own_id, StatusCode::FORBIDDEN),
        (Some(&owner), own_id, StatusCode::OK),
        (Some(&moderator), own_id, StatusCode::OK),
        (Some(&admin), own_id, StatusCode::OK),
        (None, org_id, StatusCode::UNAUTHORIZED),
        (Some(&other), org_id, StatusCode::FORBIDDEN),
        (Some(&owner), org_id, StatusCode::FORBIDDEN),
        (Some(&w.org_editor), org_id, StatusCode::OK),
        (Some(&w.org_admin), org_id, StatusCode::OK),
        (Some(&moderator), org_id, StatusCode::OK),
        (Some(&admin), org_id, StatusCode::OK),
    ];
    for (user, id, expected) in cases {
        let (status, body) = app
            .call(Method::PUT, &put(id), user, Some(json!({"private": false})))
            .await;
        assert_eq!(
            status,
            expected,
            "PUT {id} as {:?}: {body}",
            user.map(|u| &u.id)
        );
    }
    let (status, _) = app
        .call(Method::DELETE, &put(own_id), Some(&other), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .call(Method::DELETE, &put(own_id), Some(&owner), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&put(own_id)).await;
    assert_eq!(status, StatusCode::GONE);
    let (_, dataset) = app.get("/api/1/datasets/ds-air/").await;
    assert_eq!(
        dataset["metrics"]["reuses"], 1,
        "the deleted reuse no longer counts"
    );
    let (status, restored) = app
        .call(
            Method::PUT,
            &put(own_id),
            Some(&owner),
            Some(json!({"deleted": null})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{restored}");
    assert!(restored["deleted"].is_null());
    let (status, _) = app.get(&put(own_id)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn renaming_keeps_the_old_slug_as_a_redirect() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let created = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Première version", "https://v1.example"),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let (_, renamed) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"title": "Seconde version"})),
        )
        .await;
    assert_eq!(renamed["slug"], "seconde-version");
    let client = client();
    let old = client
        .get(format!("{}api/1/reuses/premiere-version/", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.headers()["location"],
        format!("{}api/1/reuses/seconde-version/", app.url)
    );
    // A title that slugs the same keeps the slug; a new reuse does not take over the old one.
    let (_, recased) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"title": "SECONDE Version"})),
        )
        .await;
    assert_eq!(recased["slug"], "seconde-version");
    let again = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Première version", "https://v1-again.example"),
    )
    .await;
    assert_eq!(again["slug"], "premiere-version-2");
}

#[tokio::test]
async fn linking_datasets_and_featuring() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let mut body = reuse_body("One dataset", "https://one.example");
    body["datasets"] = json!(["ds-air"]);
    let created = create(app, &owner, "/api/1/reuses/", body).await;
    let id = created["id"].as_str().unwrap();
    let link = format!("/api/1/reuses/{id}/datasets/");
    let (status, linked) = app
        .call(
            Method::POST,
            &link,
            Some(&owner),
            Some(json!({"id": "ds-velo"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(linked["metrics"]["datasets"], 2);
    let (status, _) = app
        .call(
            Method::POST,
            &link,
            Some(&owner),
            Some(json!({"id": "ds-velo"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = app
        .call(
            Method::POST,
            &link,
            Some(&owner),
            Some(json!({"id": "missing"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let (_, velo) = app.get("/api/1/datasets/ds-velo/").await;
    assert_eq!(velo["metrics"]["reuses"], 1);

    let featured = format!("/api/1/reuses/{id}/featured/");
    let (status, _) = app.call(Method::POST, &featured, Some(&owner), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .call(Method::POST, &featured, Some(&moderator), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["featured"], true);
    let (_, list) = app.get("/api/1/reuses/?featured=true").await;
    assert_eq!(list["total"], 1);
    let (_, body) = app
        .call(Method::DELETE, &featured, Some(&moderator), None)
        .await;
    assert_eq!(body["featured"], false);
}

#[tokio::test]
async fn the_permission_matrix_of_every_reuse_write() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let admin = app.user("Admin", Role::Admin).await;
    // Who is who for a reuse of the organization owned through it, and one owned by `owner`.
    let actors: Vec<(&str, Option<&TestUser>)> = vec![
        ("anonymous", None),
        ("other user", Some(&other)),
        ("owner", Some(&owner)),
        ("org editor", Some(&w.org_editor)),
        ("org admin", Some(&w.org_admin)),
        ("moderator", Some(&moderator)),
        ("admin", Some(&admin)),
    ];
    let mut n = 0;
    for (name, actor) in actors {
        for (org_owned, may_edit) in [
            (false, matches!(name, "owner" | "moderator" | "admin")),
            (
                true,
                matches!(name, "org editor" | "org admin" | "moderator" | "admin"),
            ),
        ] {
            n += 1;
            let mut body = reuse_body(
                &format!("Matrice {n}"),
                &format!("https://matrix-{n}.example"),
            );
            body["datasets"] = json!(["ds-air"]);
            let created = if org_owned {
                body["organization"] = json!(w.org_id);
                create(app, &w.org_admin, "/api/1/reuses/", body).await
            } else {
                create(app, &owner, "/api/1/reuses/", body).await
            };
            let id = created["id"].as_str().unwrap();
            let denied = if actor.is_none() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let expect = |ok: StatusCode| if may_edit { ok } else { denied };
            let cases = [
                (
                    Method::POST,
                    format!("/api/1/reuses/{id}/datasets/"),
                    Some(json!({"id": "ds-velo"})),
                    expect(StatusCode::CREATED),
                ),
                (
                    Method::PUT,
                    format!("/api/1/reuses/{id}/"),
                    Some(json!({"title": format!("Renommée {n}")})),
                    expect(StatusCode::OK),
                ),
                (
                    Method::POST,
                    format!("/api/1/reuses/{id}/featured/"),
                    None,
                    if actor.is_none() {
                        StatusCode::UNAUTHORIZED
                    } else if matches!(name, "moderator" | "admin") {
                        StatusCode::OK
                    } else {
                        StatusCode::FORBIDDEN
                    },
                ),
                (
                    Method::DELETE,
                    format!("/api/1/reuses/{id}/"),
                    None,
                    expect(StatusCode::NO_CONTENT),
                ),
            ];
            for (method, path, body, expected) in cases {
                let (status, answer) = app.call(method.clone(), &path, actor, body).await;
                assert_eq!(
                    status, expected,
                    "{method} {path} as {name} (org-owned: {org_owned}): {answer}"
                );
            }
        }
    }
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            None,
            Some(reuse_body("Anon", "https://anon.example")),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "creating needs an account"
    );
}

#[tokio::test]
async fn writes_on_an_old_slug_act_on_the_reuse() {
    let w = world(&[]).await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let asker = app.user("Camille", Role::User).await;
    let created = create(
        app,
        &owner,
        "/api/1/reuses/",
        reuse_body("Première version", "https://v1.example"),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let old = "/api/1/reuses/premiere-version/";
    let renamed = app
        .call_ok(
            Method::PUT,
            old,
            &owner,
            Some(json!({"title": "Seconde version"})),
        )
        .await;
    assert_eq!(renamed["id"], id, "{renamed}");
    assert_eq!(renamed["slug"], "seconde-version");

    // Still the old slug: every write reaches the reuse.
    let changed = app
        .call_ok(
            Method::PUT,
            old,
            &owner,
            Some(json!({"tags": ["ancien-lien"]})),
        )
        .await;
    assert_eq!(changed["id"], id);
    assert_eq!(changed["tags"], json!(["ancien-lien"]));
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/premiere-version/datasets/",
            Some(&owner),
            Some(json!({"id": "ds-perso"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let featured = app
        .call_ok(
            Method::POST,
            "/api/1/reuses/premiere-version/featured/",
            &w.moderator,
            None,
        )
        .await;
    assert_eq!(featured["featured"], true, "{featured}");
    let opened = create(
        app,
        &asker,
        "/api/1/discussions/",
        json!({"title": "Sources ?", "comment": "Lesquelles ?",
               "subject": {"class": "Reuse", "id": "premiere-version"}}),
    )
    .await;
    assert_eq!(opened["subject"], json!({"class": "Reuse", "id": id}));

    // As on its current slug, others may not; then its owner deletes it.
    let (status, _) = app
        .call(
            Method::PUT,
            old,
            Some(&asker),
            Some(json!({"title": "À moi"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call(Method::DELETE, old, Some(&owner), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/1/reuses/never-was/",
            Some(&owner),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
