//! `/api/1/data-requests/`: asking for data, supporting it (one vote each), its thread with the
//! discussions' spam hold and reports, the animators' steps told to author and supporters by
//! mail and in-app, and the list most supported first.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, create, id_of, ids};
use crate::support::app::{TestApp, TestUser};
use crate::support::discussions::{fetch, open_on};
use crate::support::mail::WAIT;
use crate::support::moderation::reported;
use crate::support::notifications::inbox;
use crate::support::world::{AIR, world, world_with_mail};

/// Asks for data as `by`; returns the request.
async fn ask(app: &TestApp, by: &TestUser, title: &str) -> Value {
    create(
        app,
        by,
        "/api/1/data-requests/",
        json!({"title": title, "purpose": "Pour une **carte** des horaires.", "holder": "La ville"}),
    )
    .await
}

fn path(id: &str) -> String {
    format!("/api/1/data-requests/{id}/")
}

/// `POST …/support/` as `by`, which must succeed; returns the request.
async fn support(app: &TestApp, by: &TestUser, id: &str) -> Value {
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
async fn step(app: &TestApp, by: &TestUser, id: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::PUT, &path(id), Some(by), Some(body)).await
}

#[tokio::test]
async fn a_request_goes_from_asking_to_its_dataset_and_its_supporters_hear_each_step() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let chloe = app.user("Chloé", Role::User).await;
    let created = ask(app, &asker, "Horaires des bibliothèques").await;
    let id = id_of(&created);
    assert_eq!(created["class"], "DataRequest");
    assert_eq!(created["status"], "open");
    assert_eq!(created["holder"], "La ville");
    assert_eq!(created["author"]["id"], asker.id.as_str());
    assert_eq!(
        created["supporters"], 1,
        "its author supports it: {created}"
    );
    assert_eq!(created["supported"], true);

    // Two others support it; a second support by the same person is the same vote.
    assert_eq!(support(app, &bob, &id).await["supporters"], 2);
    let twice = support(app, &bob, &id).await;
    assert_eq!(twice["supporters"], 2, "one vote each: {twice}");
    assert_eq!(twice["supported"], true);
    assert_eq!(support(app, &chloe, &id).await["supporters"], 3);
    let (_, anonymous) = app.get(&path(&id)).await;
    assert_eq!(anonymous["supporters"], 3);
    assert_eq!(anonymous["supported"], false);

    // Its thread is a discussion like any other: published, held when spam, reportable.
    let thread = open_on(
        app,
        &bob,
        "DataRequest",
        &id,
        "Quel format ?",
        "Un CSV suffirait.",
    )
    .await;
    assert_eq!(thread["subject"]["class"], "DataRequest", "{thread}");
    assert_eq!(thread["pending"], false, "{thread}");
    let spam = open_on(
        app,
        &chloe,
        "DataRequest",
        &id,
        "Gagnez au CASINO",
        "Venez.",
    )
    .await;
    assert_eq!(spam["pending"], true, "held for a moderator: {spam}");
    let (status, _) = fetch(app, None, &id_of(&spam)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a held thread is hidden");
    reported(
        app,
        asker.me(),
        json!({"subject": {"class": "Discussion", "id": id_of(&thread)}, "reason": "spam"}),
    )
    .await;

    // The animators' steps.
    let (status, routed) = step(
        app,
        &w.moderator,
        &id,
        json!({"status": "routed", "organization": w.org_id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{routed}");
    assert_eq!(routed["status"], "routed");
    assert_eq!(routed["organization"]["id"], w.org_id.as_str());
    let (status, started) = step(app, &w.moderator, &id, json!({"status": "in_progress"})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["status"], "in_progress");
    let (status, opened) = step(
        app,
        &w.moderator,
        &id,
        json!({"status": "opened", "dataset": "ds-air"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(opened["status"], "opened");
    assert_eq!(opened["dataset"]["id"], "ds-air");
    assert_eq!(opened["dataset"]["title"], AIR);
    assert_eq!(opened["organization"]["id"], w.org_id.as_str(), "kept");

    // Author and supporters each got the three steps, by mail and in the inbox; the animator
    // who acted, nothing.
    let title = "Horaires des bibliothèques";
    // Sorted: the steps arrive in any order.
    let expected = [
        format!("[Vitrine] Demande de données « {title} » : données publiées"),
        format!("[Vitrine] Demande de données « {title} » : en cours d'ouverture"),
        format!("[Vitrine] Demande de données « {title} » : transmise au producteur"),
    ];
    for person in [&asker, &bob, &chloe] {
        let mails = smtp.wait_for_to(&person.email, 3, WAIT).await;
        let mut subjects: Vec<&str> = mails.iter().map(|mail| mail.subject.as_str()).collect();
        subjects.sort_unstable();
        assert_eq!(subjects, expected, "{}", person.name);
        let published = mails
            .iter()
            .find(|mail| mail.subject.ends_with("données publiées"))
            .unwrap();
        assert!(
            published
                .text
                .contains("ses données sont publiées dans le catalogue"),
            "{}",
            published.text
        );
        assert!(
            published.text.contains(&format!("data-requests/{id}/")),
            "{}",
            published.text
        );
        let updates: Vec<Value> = inbox(app, person, "")
            .await
            .into_iter()
            .filter(|row| row["kind"] == "data_request_updated")
            .collect();
        assert_eq!(updates.len(), 3, "{}: {updates:?}", person.name);
    }
    assert!(smtp.mails_to(&w.moderator.email).is_empty());
}

#[tokio::test]
async fn a_declined_request_says_why_and_takes_no_more_support() {
    let Some((w, smtp)) = world_with_mail(&[]).await else {
        return;
    };
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    let id = id_of(&ask(app, &asker, "Fichier des salaires nominatifs").await);
    support(app, &bob, &id).await;
    let (status, body) = step(app, &w.moderator, &id, json!({"status": "declined"})).await;
    assert_refused(status, &body, "reason", "declining without a reason");
    let reason = "Ces données sont **personnelles** : elles ne peuvent pas être ouvertes.";
    let (status, declined) = step(
        app,
        &w.moderator,
        &id,
        json!({"status": "declined", "reason": reason}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{declined}");
    assert_eq!(declined["status"], "declined");
    assert_eq!(declined["decline_reason"], reason);
    let mails = smtp.wait_for_to(&bob.email, 1, WAIT).await;
    assert!(
        mails[0]
            .subject
            .ends_with("« Fichier des salaires nominatifs » : refusée"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0].text.contains("elle a été refusée"),
        "{}",
        mails[0].text
    );
    assert!(
        mails[0].text.contains("elles ne peuvent pas être ouvertes"),
        "the reason goes with it: {}",
        mails[0].text
    );
    let late = app.user("Lucie", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            &format!("{}support/", path(&id)),
            late.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Withdrawing still works, and counts.
    let (status, left) = app
        .call(
            Method::DELETE,
            &format!("{}support/", path(&id)),
            bob.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{left}");
    assert_eq!(left["supporters"], 1);
    assert_eq!(left["supported"], false);
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
    assert_eq!(ids(page["data"].as_array().unwrap()), [three.as_str(), two.as_str(), one.as_str()]);
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
    assert_eq!(ids(open["data"].as_array().unwrap()), [two.as_str(), one.as_str()]);
    let (_, declined) = app.get("/api/1/data-requests/?status=declined").await;
    assert_eq!(ids(declined["data"].as_array().unwrap()), [three.as_str()]);
}
