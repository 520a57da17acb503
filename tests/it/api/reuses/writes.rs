use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::app::{TestApp, TestUser};

/// An app with two datasets of an organization, an org admin and an org editor.
struct World {
    app: TestApp,
    org_id: String,
    org_admin: TestUser,
    org_editor: TestUser,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let org_admin = app.user("Orga", Role::User).await;
    let org_editor = app.user("Edith", Role::User).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&org_admin),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    let org_id = org["id"].as_str().unwrap().to_owned();
    app.call(
        Method::PUT,
        &format!("/api/1/organizations/{org_id}/member/{}/", org_editor.id),
        Some(&org_admin),
        Some(json!({"role": "editor"})),
    )
    .await;
    for (id, title) in [
        ("ds-air", "Qualité de l'air"),
        ("ds-velo", "Comptages vélo"),
    ] {
        let (status, _) = app
            .call(
                Method::POST,
                "/api/1/datasets/",
                Some(&admin),
                Some(json!({"id": id, "title": title, "organization": org_id})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    World {
        app,
        org_id,
        org_admin,
        org_editor,
    }
}

fn reuse_body(title: &str, url: &str) -> Value {
    json!({
        "title": title,
        "description": "Une carte de la **qualité de l'air**.",
        "url": url,
        "type": "visualization",
        "topic": "environment_and_energy",
        "tags": ["Air", "pollution", "air"],
        "datasets": ["ds-air", {"id": "ds-velo"}],
    })
}

async fn create(app: &TestApp, user: &TestUser, body: Value) -> Value {
    let (status, created) = app
        .call(Method::POST, "/api/1/reuses/", Some(user), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

#[tokio::test]
async fn creating_a_reuse_validates_every_field() {
    let w = world().await;
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
    let w = world().await;
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
    let created = create(&w.app, &w.org_editor, body).await;
    assert_eq!(created["organization"]["id"], w.org_id.as_str());
    assert!(created["owner"].is_null());
}

#[tokio::test]
async fn who_may_edit_and_delete_a_reuse() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let admin = app.user("Admin", Role::Admin).await;
    let mut org_body = reuse_body("Reuse of Lyon", "https://lyon.example/r");
    org_body["organization"] = json!(w.org_id);
    let org_reuse = create(app, &w.org_admin, org_body).await;
    let own_reuse = create(app, &owner, reuse_body("Mine", "https://mine.example")).await;
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
async fn visibility_follows_private_deleted_and_datasets() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let mut private = reuse_body("Secret", "https://secret.example");
    private["private"] = json!(true);
    let private = create(app, &owner, private).await;
    let mut lonely = reuse_body("No data yet", "https://lonely.example");
    lonely["datasets"] = json!([]);
    let lonely = create(app, &owner, lonely).await;
    let public = create(app, &owner, reuse_body("Public", "https://public.example")).await;
    let titles = |list: &Value| -> Vec<String> {
        let mut titles: Vec<String> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    };
    let (_, anonymous) = app.get("/api/1/reuses/").await;
    assert_eq!(titles(&anonymous), ["Public"]);
    for hidden in [&private, &lonely] {
        let (status, _) = app
            .get(&format!(
                "/api/1/reuses/{}/",
                hidden["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, mine) = app
        .call(Method::GET, "/api/1/reuses/", Some(&owner), None)
        .await;
    assert_eq!(titles(&mine), ["No data yet", "Public", "Secret"]);
    let (_, moderated) = app
        .call(
            Method::GET,
            "/api/1/reuses/?private=true",
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(titles(&moderated), ["Secret"]);
    let (_, dataset_reuses) = app.get("/api/1/datasets/ds-air/reuses/").await;
    assert_eq!(dataset_reuses.as_array().unwrap().len(), 1);
    assert_eq!(dataset_reuses[0]["id"], public["id"]);
    let (_, dataset) = app.get("/api/1/datasets/ds-air/").await;
    assert_eq!(
        dataset["metrics"]["reuses"], 1,
        "private reuses do not count"
    );
}

#[tokio::test]
async fn renaming_keeps_the_old_slug_as_a_redirect() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let created = create(
        app,
        &owner,
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
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
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
        reuse_body("Première version", "https://v1-again.example"),
    )
    .await;
    assert_eq!(again["slug"], "premiere-version-2");
}

#[tokio::test]
async fn linking_datasets_and_featuring() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let mut body = reuse_body("One dataset", "https://one.example");
    body["datasets"] = json!(["ds-air"]);
    let created = create(app, &owner, body).await;
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
async fn filters_sorts_and_lists() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let mut a = reuse_body("Vaccination en France", "https://a.example");
    a["type"] = json!("application");
    a["topic"] = json!("health");
    a["tags"] = json!(["covid", "vaccin"]);
    a["datasets"] = json!(["ds-air"]);
    create(app, &owner, a).await;
    let mut b = reuse_body("Air de Lyon", "https://b.example");
    b["datasets"] = json!(["ds-velo"]);
    create(app, &owner, b).await;
    let titles = |list: &Value| -> Vec<String> {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, list) = app.get("/api/1/reuses/?sort=title").await;
    assert_eq!(titles(&list), ["Air de Lyon", "Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?sort=-title").await;
    assert_eq!(titles(&list), ["Vaccination en France", "Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?type=application").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?topic=environment_and_energy").await;
    assert_eq!(titles(&list), ["Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?tag=covid&tag=vaccin").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get("/api/1/reuses/?dataset=ds-velo").await;
    assert_eq!(titles(&list), ["Air de Lyon"]);
    let (_, list) = app.get("/api/1/reuses/?q=vaccination%20france").await;
    assert_eq!(titles(&list), ["Vaccination en France"]);
    let (_, list) = app.get(&format!("/api/1/reuses/?owner={}", owner.id)).await;
    assert_eq!(list["total"], 2);
    for (query, field) in [
        ("sort=popularity", "sort"),
        ("type=game", "type"),
        ("topic=space", "topic"),
    ] {
        let (status, body) = app.get(&format!("/api/1/reuses/?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body["errors"][field].is_array(), "{query}: {body}");
    }
    let (_, types) = app.get("/api/1/reuses/types/").await;
    assert_eq!(types.as_array().unwrap().len(), 8);
    let (_, topics) = app.get("/api/1/reuses/topics/").await;
    assert_eq!(topics.as_array().unwrap().len(), 15);
    let (_, suggested) = app.get("/api/1/reuses/suggest/?q=vacc").await;
    assert_eq!(suggested[0]["title"], "Vaccination en France");
    let (_, by_org) = app
        .get(&format!("/api/1/organizations/{}/reuses/", w.org_id))
        .await;
    assert_eq!(by_org.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn full_text_search_in_french_needs_every_word() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let mut a = reuse_body("Suivi de la Vaccination", "https://vacc.example");
    a["description"] =
        json!("Les données hospitalières et les hospitalisations, département par département.");
    a["tags"] = json!(["covid-19"]);
    create(app, &owner, a).await;
    let mut b = reuse_body("Carte des écoles", "https://ecoles.example");
    b["description"] = json!("Toutes les écoles primaires.");
    b["tags"] = json!(["education"]);
    create(app, &owner, b).await;
    let titles = |list: &Value| -> Vec<String> {
        let mut titles: Vec<String> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    };
    for (q, expected) in [
        ("vaccin", vec!["Suivi de la Vaccination"]),
        ("vaccination", vec!["Suivi de la Vaccination"]),
        ("hospitalisations", vec!["Suivi de la Vaccination"]),
        ("donnees HOSPITALIERES", vec!["Suivi de la Vaccination"]),
        ("ecoles", vec!["Carte des écoles"]),
        ("écoles vaccination", vec![]),
        ("covid", vec!["Suivi de la Vaccination"]),
        ("\"; DROP TABLE reuses; --", vec![]),
        ("primaires ecole", vec!["Carte des écoles"]),
        ("*", vec!["Carte des écoles", "Suivi de la Vaccination"]),
    ] {
        let (status, list) = app
            .get(&format!(
                "/api/1/reuses/?q={}",
                url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{q}: {list}");
        assert_eq!(titles(&list), expected, "q={q}");
    }
    let (_, list) = app
        .get("/api/1/reuses/?q=vaccin&type=visualization&sort=title")
        .await;
    assert_eq!(list["total"], 1, "search combines with filters");
    let (_, list) = app.get("/api/1/reuses/?q=vaccin&type=application").await;
    assert_eq!(list["total"], 0);
    // An edit re-indexes: the new words are found, the tag it took away is not (the
    // description, unchanged, still speaks of schools).
    let (_, list) = app.get("/api/1/reuses/?q=ecoles").await;
    let id = list["data"][0]["id"].as_str().unwrap().to_owned();
    let (status, edited) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"title": "Carte des collèges", "tags": ["lycees"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    for (q, expected) in [
        ("colleges", vec!["Carte des collèges"]),
        ("lycees", vec!["Carte des collèges"]),
        ("primaires ecoles", vec!["Carte des collèges"]),
        ("education", vec![]),
    ] {
        let (_, list) = app.get(&format!("/api/1/reuses/?q={q}")).await;
        assert_eq!(titles(&list), expected, "after the edit, q={q}");
    }
}

#[tokio::test]
async fn following_my_reuses_and_the_atom_feed() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Owner", Role::User).await;
    let fan = app.user("Fan", Role::User).await;
    let created = create(
        app,
        &owner,
        reuse_body("Suivie <&>", "https://followed.example"),
    )
    .await;
    let mut private = reuse_body("Brouillon", "https://draft.example");
    private["private"] = json!(true);
    create(app, &owner, private).await;
    let id = created["id"].as_str().unwrap();
    let followers = format!("/api/1/reuses/{id}/followers/");
    let (status, _) = app.call(Method::POST, &followers, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for _ in 0..2 {
        let (status, body) = app.call(Method::POST, &followers, Some(&fan), None).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(body["followers"], 1, "following twice is following once");
    }
    let (_, list) = app.get(&followers).await;
    assert_eq!(list[0]["follower"]["id"], fan.id.as_str());
    let (_, reuse) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(reuse["metrics"]["followers"], 1);
    let (_, body) = app.call(Method::DELETE, &followers, Some(&fan), None).await;
    assert_eq!(body["followers"], 0);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/ds-air/followers/",
            Some(&fan),
            None,
        )
        .await;
    assert_eq!(
        (status, body["followers"].as_u64()),
        (StatusCode::CREATED, Some(1))
    );

    let (_, mine) = app
        .call(Method::GET, "/api/1/me/reuses/", Some(&owner), None)
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 2, "private ones included");
    let (_, theirs) = app
        .call(Method::GET, "/api/1/me/reuses/", Some(&w.org_admin), None)
        .await;
    assert_eq!(theirs.as_array().unwrap().len(), 0);

    let feed = app
        .request(Method::GET, "/api/1/reuses/recent.atom")
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.unwrap();
    assert!(xml.contains("<title>Suivie &lt;&amp;&gt;</title>"), "{xml}");
    assert!(
        !xml.contains("Brouillon"),
        "private reuses stay out of the feed"
    );
}

#[tokio::test]
async fn the_permission_matrix_of_every_reuse_write() {
    let w = world().await;
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
                create(app, &w.org_admin, body).await
            } else {
                create(app, &owner, body).await
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
async fn every_page_of_a_filtered_list_tells_the_same_total() {
    let w = world().await;
    let app = &w.app;
    let owner = app.user("Camille", Role::User).await;
    for n in 0..5 {
        let mut body = reuse_body(&format!("Carte {n}"), &format!("https://c{n}.example"));
        body["tags"] = json!(if n < 3 { vec!["velo"] } else { vec!["air"] });
        body["type"] = json!(if n % 2 == 0 { "api" } else { "application" });
        create(app, &owner, body).await;
    }
    // A tag (read, counted and sorted at once) and a type (walked in sort order, counted
    // apart), anonymous and signed in, on every page and past the last one.
    let cases = [
        ("tag=velo", 3, vec!["Carte 0", "Carte 1", "Carte 2"]),
        ("tag=velo&type=api", 2, vec!["Carte 0", "Carte 2"]),
        ("type=application", 2, vec!["Carte 1", "Carte 3"]),
        ("tag=nothing", 0, vec![]),
    ];
    for who in [None, Some(&owner)] {
        for (query, total, titles) in &cases {
            let mut seen = Vec::new();
            for page in 1..=4 {
                let path = format!("/api/1/reuses/?{query}&sort=title&page_size=1&page={page}");
                let (status, list) = app.call(Method::GET, &path, who, None).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                assert_eq!(list["total"], *total, "{path}: {list}");
                for item in list["data"].as_array().unwrap() {
                    seen.push(item["title"].as_str().unwrap().to_owned());
                }
            }
            assert_eq!(&seen, titles, "{query}");
        }
    }
}

/// The ids of one list page, as the API answers it.
async fn page_ids(app: &TestApp, who: Option<&TestUser>, path: &str) -> (Vec<String>, u64) {
    let (status, list) = app.call(Method::GET, path, who, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {list}");
    let ids = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, list["total"].as_u64().unwrap())
}

#[tokio::test]
async fn the_gallery_index_lists_what_the_database_lists_in_its_order() {
    use vitrine::models::paging::Paging;
    use vitrine::models::reuses::index::{GalleryIndex, SORT_KEYS};
    use vitrine::models::reuses::list::ReuseFilter;

    let w = world().await;
    let app = &w.app;
    let owner = app.user("Camille", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    // Titles the database's collation orders its own way (case, accents, digits), and ties in
    // every other sort (followers, views: broken by id).
    let titles = [
        "zèbre",
        "Zoo",
        "école",
        "Ecole",
        "Été",
        "abc",
        "ABD",
        "10 cartes",
        "9 cartes",
        "Éa",
        "ea",
        "Œuvre",
        "oeuvre",
        "_tiret",
        "Carte",
        "carte",
    ];
    let types = ["api", "application", "visualization"];
    let topics = ["others", "health"];
    let mut ids = Vec::new();
    for (n, title) in titles.iter().enumerate() {
        let mut body = reuse_body(title, &format!("https://r{n}.example"));
        body["type"] = json!(types[n % 3]);
        body["topic"] = json!(topics[n % 2]);
        body["tags"] = json!(match n % 4 {
            0 => vec!["velo", "air"],
            1 => vec!["velo"],
            2 => vec!["air"],
            _ => vec![],
        });
        body["datasets"] = json!(if n % 3 == 0 {
            vec!["ds-air"]
        } else {
            vec!["ds-air", "ds-velo"]
        });
        if n % 5 == 0 {
            body["organization"] = json!(w.org_id);
        }
        let author = if n % 5 == 0 { &w.org_admin } else { &owner };
        ids.push(
            create(app, author, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/1/reuses/{}/featured/", ids[3]),
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Hidden from anonymous visitors: a private one, a deleted one.
    let (status, _) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{}/", ids[4]),
            Some(&owner),
            Some(json!({"private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{}/", ids[6]),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let index = GalleryIndex::build(app.db(), 0).await.unwrap();
    // Someone who owns none of them sees what anonymous visitors see, always from the database.
    let stranger = app.user("Stranger", Role::User).await;
    let filters: Vec<(String, ReuseFilter)> = vec![
        (String::new(), ReuseFilter::default()),
        (
            "type=api".into(),
            ReuseFilter {
                kind: Some("api".into()),
                ..Default::default()
            },
        ),
        (
            "topic=health".into(),
            ReuseFilter {
                topic: Some("health".into()),
                ..Default::default()
            },
        ),
        (
            "tag=velo".into(),
            ReuseFilter {
                tags: vec!["velo".into()],
                ..Default::default()
            },
        ),
        (
            "tag=velo&tag=air&type=application".into(),
            ReuseFilter {
                tags: vec!["velo".into(), "air".into()],
                kind: Some("application".into()),
                ..Default::default()
            },
        ),
        (
            "tag=none".into(),
            ReuseFilter {
                tags: vec!["none".into()],
                ..Default::default()
            },
        ),
        (
            "dataset=ds-velo".into(),
            ReuseFilter {
                dataset: Some("ds-velo".into()),
                ..Default::default()
            },
        ),
        (
            format!("organization={}", w.org_id),
            ReuseFilter {
                organization: Some(w.org_id.clone()),
                ..Default::default()
            },
        ),
        (
            format!("owner={}", owner.id),
            ReuseFilter {
                owner: Some(owner.id.clone()),
                ..Default::default()
            },
        ),
        (
            "featured=true".into(),
            ReuseFilter {
                featured: Some(true),
                ..Default::default()
            },
        ),
        (
            "featured=false&archived=false".into(),
            ReuseFilter {
                featured: Some(false),
                archived: Some(false),
                ..Default::default()
            },
        ),
        (
            "archived=true".into(),
            ReuseFilter {
                archived: Some(true),
                ..Default::default()
            },
        ),
        (
            "private=true".into(),
            ReuseFilter {
                private: Some(true),
                ..Default::default()
            },
        ),
        (
            "private=false".into(),
            ReuseFilter {
                private: Some(false),
                ..Default::default()
            },
        ),
    ];
    // Words (on PostgreSQL, whose lexemes the index keeps): prefixes, accents, stop words.
    let mut filters = filters;
    for (q, tag) in [
        ("carte", None),
        ("zebre", None),
        ("cart qualit", Some("velo")),
        ("oeuvre", None),
        ("de", None),
        ("ecole", Some("air")),
    ] {
        let mut filter = ReuseFilter {
            q: Some(q.into()),
            ..Default::default()
        };
        let mut query = format!("q={}", q.replace(' ', "+"));
        if let Some(tag) = tag {
            filter.tags = vec![tag.into()];
            query += &format!("&tag={tag}");
        }
        filters.push((query, filter));
    }
    let postgres =
        sea_orm::ConnectionTrait::get_database_backend(app.db()) == sea_orm::DbBackend::Postgres;
    let mut compared = 0;
    for (query, filter) in &filters {
        for (sort, key) in SORT_KEYS.iter().enumerate() {
            for descending in [false, true] {
                let sign = if descending { "-" } else { "" };
                for page in 1..=4 {
                    let path =
                        format!("/api/1/reuses/?{query}&sort={sign}{key}&page_size=4&page={page}");
                    let (expected, total) = page_ids(app, Some(&stranger), &path).await;
                    let paging = Paging::new(Some(page), Some(4)).unwrap();
                    let lexemes = match &filter.q {
                        Some(q) => vitrine::search::lexemes_of(app.db(), q).await.unwrap(),
                        None => None,
                    };
                    let Some(found) =
                        index.page(filter, lexemes.as_deref(), sort, descending, paging)
                    else {
                        assert!(
                            !postgres && filter.q.is_some(),
                            "{path}: the index did not answer"
                        );
                        continue;
                    };
                    assert_eq!(found.ids, expected, "{path}");
                    assert_eq!(found.total, total, "{path}");
                    compared += expected.len();
                }
            }
        }
    }
    assert!(compared > 500, "only {compared} reuses compared");
    // Served to anonymous visitors once built: the first list starts the build.
    let generation = app.state.cache.generation("gallery").await.unwrap();
    let (first, _) = page_ids(app, None, "/api/1/reuses/?sort=title&page_size=50").await;
    let mut built = false;
    for _ in 0..100 {
        if app.state.gallery.of(generation).is_some() {
            built = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(built, "the gallery index was never built");
    for path in [
        "/api/1/reuses/?sort=-title&page_size=50",
        "/api/1/reuses/?tag=velo&sort=views",
    ] {
        assert_eq!(
            page_ids(app, None, path).await,
            page_ids(app, Some(&stranger), path).await,
            "{path}"
        );
    }
    assert_eq!(first.len(), 14);
}
