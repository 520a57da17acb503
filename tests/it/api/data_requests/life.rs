//! The life of a request: asked, supported, discussed (with the discussions' spam hold and
//! reports), routed, started and opened, or declined with its reason; its author and
//! supporters hear of each step by mail and in-app.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::{ask, path, step, support};
use crate::support::api::{assert_refused, id_of};
use crate::support::discussions::{fetch, open_on};
use crate::support::mail::WAIT;
use crate::support::moderation::reported;
use crate::support::notifications::inbox;
use crate::support::world::{AIR, world_with_mail};

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
