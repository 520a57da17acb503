//! The counters discussions keep right, the lists (filters, sorts, pages) and
//! `me/org_discussions`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::id_of;
use crate::support::discussions::{counts, message_id, open_on, path_of, reply};
use crate::support::reuses::reuse;
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .or_else(|| list["data"].as_array())
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn counters_follow_every_create_close_reopen_and_delete() {
    let w = world(&[]).await;
    let app = &w.app;
    let author = app.user("Auteur", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let romain = app.user("Romain", Role::User).await;
    let reuse_id = reuse(app, &romain, "Carte", json!({})).await;
    let reuse_path = format!("/api/1/reuses/{reuse_id}/");
    let velo = "/api/1/datasets/ds-velo/";
    for (class, id, path) in [
        ("Dataset", "ds-air", "/api/1/datasets/ds-air/".to_owned()),
        ("Reuse", reuse_id.as_str(), reuse_path.clone()),
    ] {
        let step = |what: &str| format!("{class} {id} after {what}");
        assert_eq!(counts(app, &path).await, (0, 0), "{}", step("nothing"));
        let a = id_of(&open_on(app, &author, class, id, "Première", "Question : Première").await);
        assert_eq!(counts(app, &path).await, (1, 1), "{}", step("one opened"));
        let b = id_of(&open_on(app, &other, class, id, "Seconde", "Question : Seconde").await);
        assert_eq!(counts(app, &path).await, (2, 2), "{}", step("two opened"));
        reply(app, &author, &a, json!({"close": true})).await;
        assert_eq!(counts(app, &path).await, (2, 1), "{}", step("closing"));
        reply(app, &other, &b, json!({"comment": "Up"})).await;
        assert_eq!(counts(app, &path).await, (2, 1), "{}", step("a comment"));
        reply(app, &moderator, &a, json!({"close": false})).await;
        assert_eq!(counts(app, &path).await, (2, 2), "{}", step("reopening"));
        reply(app, &other, &b, json!({"comment": "Réglé", "close": true})).await;
        assert_eq!(
            counts(app, &path).await,
            (2, 1),
            "{}",
            step("closing with a comment")
        );
        let body = reply(app, &other, &a, json!({"comment": "Éphémère"})).await;
        let (status, _) = app
            .call(
                Method::DELETE,
                &format!("{}comments/{}/", path_of(&a), message_id(&body, 1)),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (2, 1),
            "{}",
            step("deleting a message")
        );
        let (status, _) = app
            .call(Method::DELETE, &path_of(&b), Some(&other), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (1, 1),
            "{}",
            step("deleting the closed one")
        );
        reply(app, &author, &a, json!({"close": true})).await;
        assert_eq!(counts(app, &path).await, (1, 0), "{}", step("closing"));
        let (status, _) = app
            .call(Method::DELETE, &path_of(&a), Some(&moderator), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(counts(app, &path).await, (0, 0), "{}", step("deleting all"));
        let c = id_of(&open_on(app, &author, class, id, "Troisième", "Question : Troisième").await);
        assert_eq!(counts(app, &path).await, (1, 1), "{}", step("a new one"));
        let (status, _) = app
            .call(Method::DELETE, &path_of(&c), Some(&w.admin), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            counts(app, &path).await,
            (0, 0),
            "{}",
            step("deleting an open one")
        );
        assert_eq!(counts(app, velo).await, (0, 0), "another dataset");
    }
    // Discussions on the reuse are not the dataset's, nor the other way round.
    open_on(
        app,
        &author,
        "Reuse",
        &reuse_id,
        "Sur la carte",
        "Question : Sur la carte",
    )
    .await;
    assert_eq!(counts(app, &reuse_path).await, (1, 1));
    assert_eq!(counts(app, "/api/1/datasets/ds-air/").await, (0, 0));
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    let w = world(&[]).await;
    let app = &w.app;
    let u1 = app.user("Ugo", Role::User).await;
    let u2 = app.user("Ursula", Role::User).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de Lyon",
        json!({"organization": w.org_id}),
    )
    .await;
    let private = reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;
    let mut ids = Vec::new();
    for (user, class, subject, title, comment) in [
        (
            &u1,
            "Dataset",
            "ds-air",
            "Alpha",
            "Question sur la qualité de l'air",
        ),
        (&u2, "Dataset", "ds-velo", "Bravo", "Question sur les vélos"),
        (
            &u1,
            "Reuse",
            org_reuse.as_str(),
            "Charlie",
            "Il manque un lampadaire",
        ),
        (&u2, "Dataset", "ds-perso", "Echo", "Des relevés manquent"),
        (&w.owner, "Reuse", private.as_str(), "Delta", "Note privée"),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(user),
                Some(json!({
                    "title": title,
                    "comment": comment,
                    "subject": {"class": class, "id": subject},
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{title}: {body}");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    let (alpha, bravo, delta) = (&ids[0], &ids[1], &ids[4]);
    reply(app, &u2, alpha, json!({"comment": "Une LANTERNE rouge"})).await;
    reply(app, &w.org_editor, bravo, json!({"close": true})).await;

    let list = |query: &str| {
        let query = query.to_owned();
        async move {
            let (status, body) = app.get(&format!("/api/1/discussions/?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            body
        }
    };
    let by_u1 = format!("user={}&sort=title", u1.id);
    let by_u2 = format!("user={}&sort=title", u2.id);
    let by_org = format!("org={}&sort=title", w.org_id);
    let for_reuse = format!("for={org_reuse}");
    let for_private = format!("for={private}");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        ("sort=-created", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        ("sort=created", vec!["Alpha", "Bravo", "Charlie", "Echo"]),
        ("sort=title", vec!["Alpha", "Bravo", "Charlie", "Echo"]),
        ("sort=-title", vec!["Echo", "Charlie", "Bravo", "Alpha"]),
        (
            "sort=discussion.posted_on",
            vec!["Bravo", "Charlie", "Echo", "Alpha"],
        ),
        (
            "sort=-discussion.posted_on",
            vec!["Alpha", "Echo", "Charlie", "Bravo"],
        ),
        ("for=ds-air", vec!["Alpha"]),
        ("for=ds-air&for=ds-velo&sort=title", vec!["Alpha", "Bravo"]),
        (&for_reuse, vec!["Charlie"]),
        (&for_private, vec![]),
        ("for=ds-missing", vec![]),
        ("closed=true", vec!["Bravo"]),
        ("closed=false&sort=title", vec!["Alpha", "Charlie", "Echo"]),
        (&by_u1, vec!["Alpha", "Charlie"]),
        (&by_u2, vec!["Bravo", "Echo"]),
        (&by_org, vec!["Alpha", "Bravo", "Charlie"]),
        ("q=ALPHA", vec!["Alpha"]),
        ("q=lanterne", vec!["Alpha"]),
        ("q=Lampadaire", vec!["Charlie"]),
        ("q=question&sort=title", vec!["Alpha", "Bravo"]),
        ("q=question&closed=false", vec!["Alpha"]),
        ("q=priv", vec![]),
        ("q=zzz", vec![]),
        ("q=100%25", vec![]),
    ];
    for (query, expected) in cases {
        let body = list(query).await;
        assert_eq!(titles(&body), expected, "?{query}: {body}");
        assert_eq!(body["total"], expected.len(), "?{query}: {body}");
    }
    let (status, error) = app.get("/api/1/discussions/?sort=popularity").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert!(error["errors"]["sort"].is_array(), "{error}");

    // The udata envelope.
    let first = list("sort=title&page_size=3").await;
    assert_eq!(titles(&first), ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(first["page"], 1);
    assert_eq!(first["page_size"], 3);
    assert_eq!(first["total"], 4);
    assert!(first["previous_page"].is_null(), "{first}");
    let next = first["next_page"].as_str().unwrap();
    assert!(next.starts_with(&app.url), "{next}");
    assert!(
        next.contains("page=2") && next.contains("sort=title"),
        "{next}"
    );
    let (status, second) = app.get(next.strip_prefix(&app.url).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(titles(&second), ["Echo"]);
    assert_eq!(second["page"], 2);
    assert!(second["next_page"].is_null(), "{second}");
    assert!(
        second["previous_page"]
            .as_str()
            .is_some_and(|url| url.contains("page=1")),
        "{second}"
    );
    let beyond = list("sort=title&page_size=3&page=3").await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["total"], 4);

    // Discussions on a private reuse: its owner and moderators only.
    let (_, theirs) = app
        .call(Method::GET, "/api/1/discussions/", Some(&u1), None)
        .await;
    assert_eq!(theirs["total"], 4, "{theirs}");
    assert!(!titles(&theirs).contains(&"Delta".to_owned()));
    for (name, user) in [("owner", &w.owner), ("moderator", &moderator)] {
        let (_, seen) = app
            .call(
                Method::GET,
                "/api/1/discussions/?sort=title",
                Some(user),
                None,
            )
            .await;
        assert_eq!(
            titles(&seen),
            ["Alpha", "Bravo", "Charlie", "Delta", "Echo"],
            "{name}: {seen}"
        );
    }
    let (status, _) = app.get(&path_of(delta)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(Method::GET, &path_of(delta), Some(&u1), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// `GET /me/org_discussions/` as `user`.
async fn mine(app: &TestApp, user: &TestUser) -> (StatusCode, Value) {
    app.call(Method::GET, "/api/1/me/org_discussions/", Some(user), None)
        .await
}

#[tokio::test]
async fn my_org_discussions_are_the_open_questions_about_what_i_publish() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Asker", Role::User).await;
    let other = app.user("Other", Role::User).await;
    let romain = app.user("Romain", Role::User).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de Lyon",
        json!({"organization": w.org_id}),
    )
    .await;
    let romains = reuse(app, &romain, "Carte de Romain", json!({})).await;
    let a = id_of(
        &open_on(
            app,
            &asker,
            "Dataset",
            "ds-air",
            "Sur l'air",
            "Question : Sur l'air",
        )
        .await,
    );
    open_on(
        app,
        &asker,
        "Dataset",
        "ds-perso",
        "Sur les relevés",
        "Question : Sur les relevés",
    )
    .await;
    open_on(
        app,
        &asker,
        "Reuse",
        &org_reuse,
        "Sur la carte de Lyon",
        "Question : Sur la carte de Lyon",
    )
    .await;
    open_on(
        app,
        &asker,
        "Reuse",
        &romains,
        "Sur la carte de Romain",
        "Question : Sur la carte de Romain",
    )
    .await;
    let closed = id_of(
        &open_on(
            app,
            &asker,
            "Dataset",
            "ds-velo",
            "Sur les vélos",
            "Question : Sur les vélos",
        )
        .await,
    );
    reply(app, &w.org_editor, &closed, json!({"close": true})).await;

    let (status, _) = app.get("/api/1/me/org_discussions/").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (name, user, expected) in [
        (
            "org editor",
            &w.org_editor,
            vec!["Sur la carte de Lyon", "Sur l'air"],
        ),
        (
            "org admin",
            &w.org_admin,
            vec!["Sur la carte de Lyon", "Sur l'air"],
        ),
        ("dataset owner", &w.owner, vec!["Sur les relevés"]),
        ("reuse owner", &romain, vec!["Sur la carte de Romain"]),
        ("other user", &other, vec![]),
        ("asker", &asker, vec![]),
        ("site admin", &w.admin, vec![]),
    ] {
        let (status, body) = mine(app, user).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert!(body.is_array(), "a plain list: {body}");
        assert_eq!(titles(&body), expected, "{name}: {body}");
    }
    reply(
        app,
        &w.org_admin,
        &a,
        json!({"comment": "Voir la notice", "close": true}),
    )
    .await;
    let (_, body) = mine(app, &w.org_editor).await;
    assert_eq!(titles(&body), ["Sur la carte de Lyon"], "closed ones leave");
    reply(app, &asker, &a, json!({"close": false})).await;
    let (_, body) = mine(app, &w.org_editor).await;
    assert_eq!(
        titles(&body),
        ["Sur la carte de Lyon", "Sur l'air"],
        "reopened ones come back"
    );
}
