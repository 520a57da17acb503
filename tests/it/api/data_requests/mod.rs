//! `/api/1/data-requests/`: asking for data, supporting it (one vote each), the animators'
//! steps and who may take them, validation naming the field, and the list most supported
//! first. The whole life of a request, with its thread and mails, is in [`life`].

mod life;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, create, id_of, ids};
use crate::support::app::{TestApp, TestUser};
use crate::support::world::world;

/// Asks for data as `by`; returns the request.
pub(super) async fn ask(app: &TestApp, by: &TestUser, title: &str) -> Value {
    create(
        app,
        by,
        "/api/1/data-requests/",
        json!({"title": title, "purpose": "Pour une **carte** des horaires.", "holder": "La ville"}),
    )
    .await
}

/// The API path of request `id`.
pub(super) fn path(id: &str) -> String {
    format!("/api/1/data-requests/{id}/")
}

/// `POST …/support/` as `by`, which must succeed; returns the request.
pub(super) async fn support(app: &TestApp, by: &TestUser, id: &str) -> Value {
    let (status, body) = app
        .call(
            Method::POST,
            &format!("{}support/", path(id)),
            Some(by),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{} supporting: {body}",
        by.name
    );
    body
}

/// `PUT` of a step as `by`: its status and answer.
pub(super) async fn step(
    app: &TestApp,
    by: &TestUser,
    id: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.call(Method::PUT, &path(id), Some(by), Some(body)).await
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let post = |body: Value| {
        let asker = asker.clone();
        async move {
            app.call(
                Method::POST,
                "/api/1/data-requests/",
                asker.me(),
                Some(body),
            )
            .await
        }
    };
    let (status, body) = post(json!({"purpose": "Pour voir."})).await;
    assert_refused(status, &body, "title", "no title");
    let (status, body) = post(json!({"title": "x".repeat(201), "purpose": "Pour voir."})).await;
    assert_refused(status, &body, "title", "a title of 201 characters");
    let (status, body) = post(json!({"title": "Horaires", "purpose": "  "})).await;
    assert_refused(status, &body, "purpose", "a blank purpose");
    let (status, body) = post(json!({"title": "Horaires\u{7}", "purpose": "Pour voir."})).await;
    assert_refused(status, &body, "title", "a control character in the title");
    let (status, body) = post(json!({"title": "Horaires", "purpose": "Ligne 1\nLigne 2",
                                      "holder": "La mairie\n"}))
    .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a purpose of two lines: {body}"
    );
    let id = id_of(&ask(app, &asker, "Horaires").await);
    for (body, field, case) in [
        (
            json!({"status": "routed"}),
            "organization",
            "routing nowhere",
        ),
        (
            json!({"status": "routed", "organization": "nobody-here"}),
            "organization",
            "routing to no organization",
        ),
        (
            json!({"status": "opened"}),
            "dataset",
            "opened without a dataset",
        ),
        (
            json!({"status": "opened", "dataset": "ds-nowhere"}),
            "dataset",
            "opened as no dataset",
        ),
        (json!({"status": "closed"}), "status", "an unknown status"),
        (
            json!({"organization": w.org_id}),
            "status",
            "a step without status",
        ),
    ] {
        let (status, answer) = step(app, &w.moderator, &id, body).await;
        assert_refused(status, &answer, field, case);
    }
    // Words and a step go together or not at all.
    let both = json!({"title": " ", "status": "in_progress"});
    let (status, answer) = step(app, &w.moderator, &id, both).await;
    assert_refused(status, &answer, "title", "a blank title with a step");
    let (_, kept) = app.get(&path(&id)).await;
    assert_eq!(
        (&kept["title"], &kept["status"]),
        (&json!("Horaires"), &json!("open"))
    );
    let (status, body) = app.get("/api/1/data-requests/?status=someday").await;
    assert_refused(status, &body, "status", "listing an unknown status");
}

#[tokio::test]
async fn only_animators_steer_and_only_signed_in_people_ask_or_support() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let other = app.user("Bob", Role::User).await;
    let id = id_of(&ask(app, &asker, "Horaires").await);
    let route = json!({"status": "routed", "organization": w.org_id});
    for who in [&asker, &other, &w.org_admin] {
        let (status, body) = step(app, who, &id, route.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", who.name);
    }
    let (status, body) = step(app, &w.admin, &id, route).await;
    assert_eq!(status, StatusCode::OK, "admins steer too: {body}");
    let support_path = format!("{}support/", path(&id));
    for method in [Method::POST, Method::DELETE] {
        let (status, body) = app.call(method.clone(), &support_path, None, None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method}: {body}"
        );
    }
    let new = json!({"title": "Horaires", "purpose": "Pour voir."});
    let (status, _) = app
        .call(Method::POST, "/api/1/data-requests/", None, Some(new))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The words: its author and the animators, nobody else.
    let (status, body) = step(app, &other, &id, json!({"title": "Autre"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = step(app, &asker, &id, json!({"title": "Horaires d'ouverture"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["title"], "Horaires d'ouverture");
    assert_eq!(
        body["status"], "routed",
        "the words leave the step as it is"
    );
    let (status, body) = step(app, &w.moderator, &id, json!({"holder": ""})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["holder"].is_null(), "{body}");
    let (status, _) = app.get("/api/1/data-requests/nothing-here/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_puts_the_most_supported_first_in_udatas_envelope() {
    let w = world(&[]).await;
    let app = &w.app;
    let people = [
        app.user("Ana", Role::User).await,
        app.user("Bob", Role::User).await,
        app.user("Chloé", Role::User).await,
    ];
    let one = id_of(&ask(app, &people[0], "Une voix").await);
    let three = id_of(&ask(app, &people[0], "Trois voix").await);
    let two = id_of(&ask(app, &people[0], "Deux voix").await);
    for person in &people[1..] {
        support(app, person, &three).await;
    }
    support(app, &people[1], &two).await;
    let (status, page) = app.get("/api/1/data-requests/").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        ids(page["data"].as_array().unwrap()),
        [three.as_str(), two.as_str(), one.as_str()]
    );
    assert_eq!(page["total"], 3);
    assert_eq!(page["page"], 1);
    assert_eq!(page["page_size"], 20);
    assert!(page["next_page"].is_null() && page["previous_page"].is_null());
    let (_, first) = app.get("/api/1/data-requests/?page_size=1").await;
    assert_eq!(ids(first["data"].as_array().unwrap()), [three.as_str()]);
    assert!(
        first["next_page"]
            .as_str()
            .is_some_and(|next| next.contains("page=2")),
        "{first}"
    );
    // Declined ones drop out of the open list.
    step(
        app,
        &w.moderator,
        &three,
        json!({"status": "declined", "reason": "Déjà ouvert ailleurs."}),
    )
    .await;
    let (_, open) = app.get("/api/1/data-requests/?status=open").await;
    assert_eq!(
        ids(open["data"].as_array().unwrap()),
        [two.as_str(), one.as_str()]
    );
    let (_, declined) = app.get("/api/1/data-requests/?status=declined").await;
    assert_eq!(ids(declined["data"].as_array().unwrap()), [three.as_str()]);
}
