//! Notifications against a real SMTP server: who hears about each event, in the app and
//! by mail, and who does not; preferences, watches and mutes; well-formed mails; one-click
//! unsubscribe; the daily digest; the notifications API; writes while the worker sends.
//!
//! A mail that must not go out is checked once the outbox is drained (nothing pending or being
//! sent): everything written before then has reached the server or never will.

use std::time::Duration;

use chrono::Timelike;
use entity::outbox;
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use vitrine::models::users::{Role, find_user};

use crate::app::{TestApp, TestUser};
use crate::smtp::{Received, SmtpServer};

/// Seconds to wait for a mail.
const WAIT: u64 = 15;
const AIR: &str = "Qualité de l’air";
const VELO: &str = "Comptages vélo";
const PERSO: &str = "Mes relevés";

/// A user and their address.
struct Person {
    user: TestUser,
    name: String,
    email: String,
}

impl Person {
    fn me(&self) -> Option<&TestUser> {
        Some(&self.user)
    }
}

async fn person(app: &TestApp, name: &str, role: Role) -> Person {
    let user = app.user(name, role).await;
    let email = find_user(app.db(), &user.id).await.unwrap().email;
    Person {
        user,
        name: name.to_owned(),
        email,
    }
}

/// An app mailing through its own SMTP server, with an organization (an admin and an editor)
/// publishing `ds-air` and `ds-velo`, and Olivia publishing `ds-perso` alone.
struct World {
    app: TestApp,
    smtp: SmtpServer,
    admin: Person,
    org_admin: Person,
    org_editor: Person,
    owner: Person,
}

/// The world, or `None` when the suite has no SMTP server to start (skipped).
async fn world() -> Option<World> {
    let smtp = SmtpServer::start().await?;
    let url = smtp.url();
    // Daily digests are due twelve hours from now: the app's own worker writes none during
    // the test, only `vitrine digest` does.
    let digest_hour = ((chrono::Utc::now().hour() + 12) % 24).to_string();
    let app = TestApp::with_env(&[
        ("VITRINE_SMTP_URL", url.as_str()),
        ("VITRINE_DIGEST_HOUR", digest_hour.as_str()),
    ])
    .await;
    let admin = person(&app, "Root", Role::Admin).await;
    let org_admin = person(&app, "Orga", Role::User).await;
    let org_editor = person(&app, "Edith", Role::User).await;
    let owner = person(&app, "Olivia", Role::User).await;
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            org_admin.me(),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap().to_owned();
    let (status, member) = app
        .call(
            Method::PUT,
            &format!(
                "/api/1/organizations/{org_id}/member/{}/",
                org_editor.user.id
            ),
            org_admin.me(),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert!(status.is_success(), "{member}");
    for body in [
        json!({"id": "ds-air", "title": AIR, "organization": org_id}),
        json!({"id": "ds-velo", "title": VELO, "organization": org_id}),
        json!({"id": "ds-perso", "title": PERSO, "owner": owner.user.id}),
    ] {
        let (status, created) = app
            .call(Method::POST, "/api/1/datasets/", admin.me(), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    Some(World {
        app,
        smtp,
        admin,
        org_admin,
        org_editor,
        owner,
    })
}

/// Opens a discussion about dataset `dataset`; returns its id.
async fn open(app: &TestApp, by: &Person, dataset: &str, title: &str, question: &str) -> String {
    open_on(app, by, "Dataset", dataset, title, question).await
}

/// Opens a discussion about `class` `id`; returns its id.
async fn open_on(
    app: &TestApp,
    by: &Person,
    class: &str,
    id: &str,
    title: &str,
    question: &str,
) -> String {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            by.me(),
            Some(json!({
                "title": title,
                "comment": question,
                "subject": {"class": class, "id": id},
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "opening {title:?}: {body}");
    body["id"].as_str().unwrap().to_owned()
}

/// `POST /discussions/{id}/` (comment, close), which must succeed; returns the discussion.
async fn reply(app: &TestApp, by: &Person, id: &str, body: Value) -> Value {
    let (status, answer) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            by.me(),
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{} posting {body}: {answer}",
        by.name
    );
    answer
}

/// Marks message `index` of discussion `id` as its answer.
async fn mark_answer(app: &TestApp, by: &Person, id: &str, index: usize) {
    let (_, discussion) = app
        .call(
            Method::GET,
            &format!("/api/1/discussions/{id}/"),
            by.me(),
            None,
        )
        .await;
    let message = discussion["discussion"][index]["id"].clone();
    assert!(message.is_string(), "no message {index}: {discussion}");
    let (status, answer) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/answer/"),
            by.me(),
            Some(json!({"message": message})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "marking the answer: {answer}");
}

async fn follow(app: &TestApp, by: &Person, dataset: &str) {
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/datasets/{dataset}/followers/"),
            by.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "following {dataset}: {status} {body}");
}

/// Creates a reuse of `datasets` as `by`; returns its id.
async fn reuse(
    app: &TestApp,
    by: &Person,
    title: &str,
    datasets: &[&str],
    private: bool,
) -> String {
    let (status, created) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            by.me(),
            Some(json!({
                "title": title,
                "description": "Une carte des données.",
                "url": format!("https://reuse-{}.example/", uuid::Uuid::new_v4().simple()),
                "type": "visualization",
                "topic": "environment_and_energy",
                "tags": ["carte"],
                "datasets": datasets,
                "private": private,
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// `PUT /api/1/me/notification-settings/`.
async fn put_settings(app: &TestApp, by: &Person, body: Value) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        "/api/1/me/notification-settings/",
        by.me(),
        Some(body),
    )
    .await
}

/// `PUT` settings that must be accepted.
async fn set(app: &TestApp, by: &Person, body: Value) -> Value {
    let (status, settings) = put_settings(app, by, body.clone()).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{} setting {body}: {settings}",
        by.name
    );
    settings
}

async fn settings(app: &TestApp, by: &Person) -> Value {
    let (status, settings) = app
        .call(
            Method::GET,
            "/api/1/me/notification-settings/",
            by.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    settings
}

/// One kind's setting in a settings answer.
fn kind_setting<'a>(settings: &'a Value, kind: &str) -> &'a Value {
    settings["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("no kinds: {settings}"))
        .iter()
        .find(|setting| setting["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {settings}"))
}

/// `(kind, email, in_app)` of every kind.
fn kind_table(settings: &Value) -> Vec<(String, String, bool)> {
    settings["kinds"]
        .as_array()
        .unwrap_or_else(|| panic!("no kinds: {settings}"))
        .iter()
        .map(|setting| {
            (
                setting["kind"].as_str().unwrap().to_owned(),
                setting["email"].as_str().unwrap().to_owned(),
                setting["in_app"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// What a user who chose nothing has.
fn default_table() -> Vec<(String, String, bool)> {
    [
        ("new_discussion", "immediate"),
        ("new_comment", "immediate"),
        ("discussion_closed", "immediate"),
        ("answer_marked", "immediate"),
        ("reuse_linked", "immediate"),
        ("content_removed", "immediate"),
        ("followed_reuse", "daily"),
        ("followed_discussion", "daily"),
    ]
    .into_iter()
    .map(|(kind, email)| (kind.to_owned(), email.to_owned(), true))
    .collect()
}

/// `GET /api/1/notifications/{query}` as `by`: newest first.
async fn inbox(app: &TestApp, by: &Person, query: &str) -> Vec<Value> {
    let (status, list) = app
        .call(
            Method::GET,
            &format!("/api/1/notifications/{query}"),
            by.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{} inbox: {list}", by.name);
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .clone()
}

/// Kinds of `by`'s notifications, sorted.
async fn kinds(app: &TestApp, by: &Person) -> Vec<String> {
    let mut kinds: Vec<String> = inbox(app, by, "")
        .await
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

fn sorted(items: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
    items.sort();
    items
}

/// Waits until `to` received at least `count` mails; returns theirs.
async fn wait_mails_to(smtp: &SmtpServer, to: &Person, count: usize) -> Vec<Received> {
    for _ in 0..WAIT * 10 {
        let mails = smtp.mails_to(&to.email);
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mails = smtp.mails_to(&to.email);
    assert!(
        mails.len() >= count,
        "{} got {} mails after {WAIT} s, expected {count}: {:?}",
        to.name,
        mails.len(),
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    mails
}

/// Waits until the outbox has nothing left to send (pending or being sent): every mail written
/// so far has then reached the server, or is held for a digest, or was never written.
async fn settle(app: &TestApp) {
    let mut left = Vec::new();
    for _ in 0..WAIT * 10 {
        left = outbox::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .into_iter()
            .filter(|row| row.status == "pending" || row.status == "sending")
            .map(|row| (row.recipient, row.template, row.status, row.last_error))
            .collect();
        if left.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the outbox still has mails to send after {WAIT} s: {left:?}");
}

/// Sorted subjects of the mails `to` received.
fn subjects(smtp: &SmtpServer, to: &Person) -> Vec<String> {
    let mut subjects: Vec<String> = smtp
        .mails_to(&to.email)
        .into_iter()
        .map(|mail| mail.subject)
        .collect();
    subjects.sort();
    subjects
}

/// A header of a mail (any case), its folding undone.
fn header(mail: &Received, name: &str) -> Option<String> {
    mail.headers
        .as_object()
        .unwrap()
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| {
            value
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
}

/// `(status, template)` of the outbox rows for `to`.
async fn outbox_of(app: &TestApp, to: &Person) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = outbox::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.recipient == to.email)
        .map(|row| (row.status, row.template))
        .collect();
    rows.sort();
    rows
}

fn discussion_url(app: &TestApp, id: &str) -> String {
    format!("{}discussions/{id}/", app.url)
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    items.sort();
    items
}

#[tokio::test]
async fn each_discussion_event_reaches_its_audience_and_nobody_else() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let outsider = person(app, "Xavier", Role::User).await;
    let follower = person(app, "Fanny", Role::User).await;
    let moderator = person(app, "Modo", Role::Moderator).await;
    follow(app, &follower, "ds-air").await;

    // A question: the organization's members hear of it, the follower as a follower.
    let id = open(
        app,
        &asker,
        "ds-air",
        "Données 2023",
        "Où sont les relevés de 2023 ?",
    )
    .await;
    for producer in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, producer, "").await;
        assert_eq!(list.len(), 1, "{}: {list:?}", producer.name);
        assert_eq!(list[0]["kind"], "new_discussion", "{}", list[0]);
        let details = &list[0]["details"];
        assert_eq!(details["key"], format!("discussion:{id}"), "{details}");
        assert_eq!(details["title"], "Données 2023", "{details}");
        assert_eq!(details["subject"], AIR, "{details}");
        assert_eq!(details["actor"], "Camille", "{details}");
        assert_eq!(details["url"], discussion_url(app, &id), "{details}");
        assert!(
            details["excerpt"]
                .as_str()
                .is_some_and(|e| e.contains("relevés de 2023")),
            "{details}"
        );
        assert!(list[0]["handled_at"].is_null(), "{}", list[0]);
    }
    assert_eq!(kinds(app, &asker).await, Vec::<String>::new(), "the asker");
    assert_eq!(kinds(app, &outsider).await, Vec::<String>::new());
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_discussion"],
        "a follower hears of it as a follower only"
    );
    wait_mails_to(&w.smtp, &w.org_admin, 1).await;
    wait_mails_to(&w.smtp, &w.org_editor, 1).await;
    settle(app).await;
    let question = format!("[Vitrine] Nouvelle question sur « {AIR} »");
    assert_eq!(subjects(&w.smtp, &w.org_admin), [question.as_str()]);
    assert_eq!(subjects(&w.smtp, &w.org_editor), [question.as_str()]);
    assert_eq!(subjects(&w.smtp, &asker), Vec::<String>::new());
    assert_eq!(subjects(&w.smtp, &outsider), Vec::<String>::new());
    assert_eq!(
        subjects(&w.smtp, &follower),
        Vec::<String>::new(),
        "followed_discussion mail is daily by default"
    );
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[("held", "followed_discussion")]),
        "held for the follower's digest"
    );

    // A reply by a producer: the asker and the other producer, not the one replying.
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Ils sont dans la ressource 2023."}),
    )
    .await;
    let asker_inbox = inbox(app, &asker, "").await;
    assert_eq!(asker_inbox.len(), 1, "{asker_inbox:?}");
    assert_eq!(asker_inbox[0]["kind"], "new_comment");
    assert_eq!(asker_inbox[0]["details"]["actor"], "Edith");
    assert!(
        asker_inbox[0]["details"]["excerpt"]
            .as_str()
            .is_some_and(|e| e.contains("ressource 2023")),
        "{}",
        asker_inbox[0]
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment"])
    );
    assert_eq!(
        kinds(app, &w.org_editor).await,
        ["new_discussion"],
        "not told of their own reply"
    );
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    wait_mails_to(&w.smtp, &asker, 1).await;

    // The answer marked, then the thread closed (by the organization's admin) and reopened by
    // the asker.
    mark_answer(app, &w.org_admin, &id, 1).await;
    reply(app, &w.org_admin, &id, json!({"close": true})).await;
    reply(app, &asker, &id, json!({"close": false})).await;
    assert_eq!(
        kinds(app, &asker).await,
        sorted(&["new_comment", "answer_marked", "discussion_closed"]),
        "the asker is not told of their own reopening"
    );
    assert_eq!(
        kinds(app, &w.org_editor).await,
        sorted(&[
            "new_discussion",
            "answer_marked",
            "discussion_closed",
            "discussion_closed"
        ]),
        "a participant: the answer, the closing, the reopening"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment", "discussion_closed"]),
        "the producer hears of the reopening only"
    );

    // A moderator removes the thread: its author is told.
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/discussions/{id}/"),
            moderator.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    let removed: Vec<Value> = inbox(app, &asker, "")
        .await
        .into_iter()
        .filter(|n| n["kind"] == "content_removed")
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0]["details"]["actor"], "Modo", "{}", removed[0]);
    assert_eq!(removed[0]["details"]["title"], "Données 2023");
    assert_eq!(removed[0]["details"]["key"], format!("removed:{id}"));
    assert_eq!(kinds(app, &moderator).await, Vec::<String>::new());
    assert_eq!(kinds(app, &outsider).await, Vec::<String>::new());
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    assert_eq!(
        kinds(app, &w.org_admin).await.len(),
        3,
        "nothing about the removal for the producers"
    );

    wait_mails_to(&w.smtp, &asker, 4).await;
    settle(app).await;
    let about = |what: &str| format!("[Vitrine] {what}");
    let mut expected = vec![
        about("Nouvelle réponse : Données 2023"),
        about("Réponse retenue : Données 2023"),
        about("Discussion close : Données 2023"),
        about("Votre discussion « Données 2023 » a été retirée"),
    ];
    expected.sort();
    assert_eq!(subjects(&w.smtp, &asker), expected, "the asker's mails");
    let mut expected = vec![
        question.clone(),
        about("Réponse retenue : Données 2023"),
        about("Discussion close : Données 2023"),
        about("Discussion rouverte : Données 2023"),
    ];
    expected.sort();
    assert_eq!(subjects(&w.smtp, &w.org_editor), expected, "Edith's mails");
    let mut expected = vec![
        question.clone(),
        about("Nouvelle réponse : Données 2023"),
        about("Discussion rouverte : Données 2023"),
    ];
    expected.sort();
    assert_eq!(subjects(&w.smtp, &w.org_admin), expected, "Orga's mails");
    // An author deleting their own discussion is told nothing.
    let own = open(app, &asker, "ds-velo", "Doublon", "Déjà posée.").await;
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/discussions/{own}/"),
            asker.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    assert_eq!(
        kinds(app, &asker).await,
        sorted(&[
            "new_comment",
            "answer_marked",
            "discussion_closed",
            "content_removed"
        ])
    );
    wait_mails_to(&w.smtp, &w.org_editor, 5).await;
    settle(app).await;
    assert_eq!(w.smtp.mails_to(&asker.email).len(), 4);
    for nobody in [&outsider, &follower, &moderator, &w.owner, &w.admin] {
        assert_eq!(
            subjects(&w.smtp, nobody),
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
}

#[tokio::test]
async fn a_reuse_tells_each_producer_once_and_a_private_one_nobody() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let reuser = person(app, "Rémi", Role::User).await;
    let follower = person(app, "Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;
    follow(app, &follower, "ds-velo").await;
    let linked = |list: &[Value], reuse: &str| -> usize {
        list.iter()
            .filter(|n| {
                n["kind"] == "reuse_linked"
                    && n["details"]["key"]
                        .as_str()
                        .is_some_and(|key| key.starts_with(&format!("reuse_linked:{reuse}:")))
            })
            .count()
    };

    // Created on two datasets of the same organization: one notice per member.
    let first = reuse(
        app,
        &reuser,
        "Carte air et vélo",
        &["ds-air", "ds-velo"],
        false,
    )
    .await;
    for member in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, member, "").await;
        assert_eq!(list.len(), 1, "{}: {list:?}", member.name);
        assert_eq!(linked(&list, &first), 1, "{}: {list:?}", member.name);
        let details = &list[0]["details"];
        assert_eq!(details["title"], "Carte air et vélo", "{details}");
        assert_eq!(details["actor"], "Rémi", "{details}");
        assert!(
            details["url"]
                .as_str()
                .is_some_and(|url| url.starts_with(&format!("{}reuses/", app.url))),
            "{details}"
        );
    }
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_reuse"],
        "once, though following both datasets"
    );
    assert_eq!(kinds(app, &reuser).await, Vec::<String>::new());
    assert_eq!(kinds(app, &w.owner).await, Vec::<String>::new());

    // Created on one, then the second dataset of the same organization added: still once;
    // a dataset of another publisher added: that publisher hears of it.
    let second = reuse(app, &reuser, "Tableau de bord", &["ds-air"], false).await;
    for dataset in ["ds-velo", "ds-perso"] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/reuses/{second}/datasets/"),
                reuser.me(),
                Some(json!({"id": dataset})),
            )
            .await;
        assert!(status.is_success(), "adding {dataset}: {status} {body}");
    }
    for member in [&w.org_admin, &w.org_editor] {
        let list = inbox(app, member, "").await;
        assert_eq!(linked(&list, &second), 1, "{}: {list:?}", member.name);
        assert_eq!(list.len(), 2, "{}: {list:?}", member.name);
    }
    let list = inbox(app, &w.owner, "").await;
    assert_eq!(linked(&list, &second), 1, "{list:?}");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_reuse", "followed_reuse"]
    );

    // A private reuse: nobody, until it is made public.
    let hidden = reuse(app, &reuser, "Brouillon", &["ds-air", "ds-perso"], true).await;
    for nobody in [&w.org_admin, &w.org_editor, &w.owner, &follower, &reuser] {
        let list = inbox(app, nobody, "").await;
        assert_eq!(
            linked(&list, &hidden),
            0,
            "{} about a private reuse: {list:?}",
            nobody.name
        );
    }
    assert_eq!(kinds(app, &follower).await.len(), 2);
    settle(app).await;
    let before: Vec<(String, usize)> = [&w.org_admin, &w.org_editor, &w.owner]
        .into_iter()
        .map(|p| (p.name.clone(), w.smtp.mails_to(&p.email).len()))
        .collect();
    assert_eq!(
        before,
        [
            ("Orga".to_owned(), 2),
            ("Edith".to_owned(), 2),
            ("Olivia".to_owned(), 1)
        ],
        "one mail per reuse and producer; none for the private reuse"
    );
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{hidden}/"),
            reuser.me(),
            Some(json!({"private": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for producer in [&w.org_admin, &w.org_editor, &w.owner] {
        let list = inbox(app, producer, "").await;
        assert_eq!(
            linked(&list, &hidden),
            1,
            "{} once it is public: {list:?}",
            producer.name
        );
    }

    wait_mails_to(&w.smtp, &w.owner, 2).await;
    settle(app).await;
    for (producer, count) in [(&w.org_admin, 3), (&w.org_editor, 3), (&w.owner, 2)] {
        let mails = w.smtp.mails_to(&producer.email);
        assert_eq!(
            mails.len(),
            count,
            "{}: {:?}",
            producer.name,
            subjects(&w.smtp, producer)
        );
        for mail in &mails {
            assert!(
                mail.subject
                    .starts_with("[Vitrine] Une réutilisation utilise « "),
                "{}",
                mail.subject
            );
            assert_eq!(header(mail, "In-Reply-To"), None, "no thread: {mail:?}");
        }
    }
    assert_eq!(subjects(&w.smtp, &follower), Vec::<String>::new(), "daily");
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[
            ("held", "followed_reuse"),
            ("held", "followed_reuse"),
            ("held", "followed_reuse")
        ]),
        "one held mail per reuse"
    );
    assert_eq!(subjects(&w.smtp, &reuser), Vec::<String>::new());

    // A question about a reuse: its owner, and its followers as followers.
    let fan = person(app, "Lou", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/reuses/{first}/followers/"),
            fan.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    open_on(
        app,
        &follower,
        "Reuse",
        &first,
        "Mise à jour ?",
        "La carte sera-t-elle mise à jour ?",
    )
    .await;
    let list = inbox(app, &reuser, "").await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "new_discussion");
    assert_eq!(list[0]["details"]["subject"], "Carte air et vélo");
    assert_eq!(kinds(app, &fan).await, ["followed_discussion"]);
    for member in [&w.org_admin, &w.org_editor] {
        assert_eq!(inbox(app, member, "").await.len(), 3, "{}", member.name);
    }
    wait_mails_to(&w.smtp, &reuser, 1).await;
    settle(app).await;
    assert_eq!(
        subjects(&w.smtp, &reuser),
        ["[Vitrine] Nouvelle question sur « Carte air et vélo »"]
    );
    assert_eq!(subjects(&w.smtp, &fan), Vec::<String>::new(), "daily");
    assert_eq!(w.smtp.mails_to(&w.org_admin.email).len(), 3);
}

#[tokio::test]
async fn preferences_watches_and_mutes_are_honoured() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let bruno = person(app, "Bruno", Role::User).await;
    let outsider = person(app, "Xavier", Role::User).await;

    // Mail off for replies: no mail, still in the inbox.
    let id = open(app, &asker, "ds-air", "Horaires", "À quelle heure ?").await;
    // Someone watching the thread hears of everything in it.
    let wanda = person(app, "Wanda", Role::User).await;
    set(
        app,
        &wanda,
        json!({"watches": [{"class": "Discussion", "id": id, "mode": "watch"}]}),
    )
    .await;
    reply(
        app,
        &w.org_admin,
        &id,
        json!({"comment": "Première réponse"}),
    )
    .await;
    wait_mails_to(&w.smtp, &asker, 1).await;
    let answer = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "off"}]}),
    )
    .await;
    assert_eq!(kind_setting(&answer, "new_comment")["email"], "off");
    assert_eq!(kind_setting(&answer, "new_comment")["in_app"], true);
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Deuxième réponse"}),
    )
    .await;
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "mail off keeps the in-app notification"
    );

    // In-app off for closings: a mail, no notification.
    set(
        app,
        &asker,
        json!({"kinds": [{"kind": "discussion_closed", "in_app": false}]}),
    )
    .await;
    reply(app, &w.org_admin, &id, json!({"close": true})).await;
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "in_app false writes no notification"
    );
    wait_mails_to(&w.smtp, &asker, 2).await;
    settle(app).await;
    assert_eq!(
        subjects(&w.smtp, &asker),
        [
            "[Vitrine] Discussion close : Horaires",
            "[Vitrine] Nouvelle réponse : Horaires"
        ],
        "the second reply sent no mail"
    );

    assert_eq!(
        kinds(app, &wanda).await,
        sorted(&["new_comment", "new_comment", "discussion_closed"]),
        "watching a thread"
    );
    wait_mails_to(&w.smtp, &wanda, 3).await;

    // A muted thread: nothing at all, while the other producer hears everything.
    let muted = open(app, &bruno, "ds-velo", "Vélos", "Des données 2024 ?").await;
    set(
        app,
        &w.org_admin,
        json!({"watches": [{"class": "Discussion", "id": muted, "mode": "mute"}]}),
    )
    .await;
    reply(app, &bruno, &muted, json!({"comment": "Des nouvelles ?"})).await;
    reply(
        app,
        &w.org_editor,
        &muted,
        json!({"comment": "Les voici.", "close": true}),
    )
    .await;
    mark_answer(app, &w.org_editor, &muted, 2).await;
    let about_muted = |list: &[Value]| -> Vec<String> {
        let mut kinds: Vec<String> = list
            .iter()
            .filter(|n| n["details"]["url"] == discussion_url(app, &muted))
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(
        about_muted(&inbox(app, &w.org_admin, "").await),
        ["new_discussion"],
        "only what came before the mute"
    );
    assert_eq!(
        about_muted(&inbox(app, &w.org_editor, "").await),
        ["new_comment", "new_discussion"]
    );
    assert_eq!(
        about_muted(&inbox(app, &bruno, "").await),
        sorted(&["new_comment", "discussion_closed", "answer_marked"])
    );

    // A muted dataset: not even its new questions.
    set(
        app,
        &w.org_admin,
        json!({"watches": [{"class": "Dataset", "id": "ds-velo", "mode": "mute"}]}),
    )
    .await;
    let quiet = open(app, &bruno, "ds-velo", "Stationnement", "Et les arceaux ?").await;
    let titled = |list: &[Value], title: &str| -> usize {
        list.iter()
            .filter(|n| n["details"]["title"] == title)
            .count()
    };
    assert_eq!(
        titled(&inbox(app, &w.org_admin, "").await, "Stationnement"),
        0
    );
    assert_eq!(
        titled(&inbox(app, &w.org_editor, "").await, "Stationnement"),
        1
    );
    reply(app, &w.org_editor, &quiet, json!({"comment": "Bientôt."})).await;
    assert_eq!(
        titled(&inbox(app, &w.org_admin, "").await, "Stationnement"),
        0,
        "a reply on a muted dataset"
    );

    // An outsider watching a dataset hears of its questions and replies, until they stop.
    let watching = set(
        app,
        &outsider,
        json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "watch"}]}),
    )
    .await;
    assert_eq!(
        watching["watches"],
        json!([{"class": "Dataset", "id": "ds-air", "mode": "watch"}])
    );
    let watched = open(app, &bruno, "ds-air", "Capteurs", "Où sont les capteurs ?").await;
    reply(
        app,
        &w.org_editor,
        &watched,
        json!({"comment": "Sur la carte."}),
    )
    .await;
    let list = inbox(app, &outsider, "").await;
    let mut seen: Vec<(String, String)> = list
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["details"]["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        pairs(&[("new_comment", "Capteurs"), ("new_discussion", "Capteurs")]),
        "{list:?}"
    );
    wait_mails_to(&w.smtp, &outsider, 2).await;
    let stopped = set(
        app,
        &outsider,
        json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "none"}]}),
    )
    .await;
    assert_eq!(stopped["watches"], json!([]));
    open(app, &bruno, "ds-air", "Pollens", "Et les pollens ?").await;
    assert_eq!(
        inbox(app, &outsider, "").await.len(),
        2,
        "no longer watching"
    );

    settle(app).await;
    assert_eq!(
        subjects(&w.smtp, &outsider),
        [
            format!("[Vitrine] Nouvelle question sur « {AIR} »"),
            "[Vitrine] Nouvelle réponse : Capteurs".to_owned()
        ]
    );
    let admin_subjects = subjects(&w.smtp, &w.org_admin);
    for subject in &admin_subjects {
        assert!(
            !subject.contains("Vélos") && !subject.contains("Stationnement"),
            "a mail about a muted thread or dataset: {admin_subjects:?}"
        );
    }
    assert_eq!(
        admin_subjects.iter().filter(|s| s.contains(VELO)).count(),
        1,
        "only the question before the mute: {admin_subjects:?}"
    );
    let editor_subjects = subjects(&w.smtp, &w.org_editor);
    assert!(
        editor_subjects
            .iter()
            .any(|s| s == "[Vitrine] Nouvelle réponse : Vélos"),
        "{editor_subjects:?}"
    );
    assert_eq!(
        editor_subjects.iter().filter(|s| s.contains(VELO)).count(),
        2,
        "{editor_subjects:?}"
    );
}

#[tokio::test]
async fn mails_are_multipart_in_the_readers_language_threaded_and_unsubscribable() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    // Edith reads the site in English (remembered for her mails); Orga never chose: French.
    let switched = app
        .request(Method::GET, "/lang/en?next=/")
        .header("X-API-KEY", &w.org_editor.user.token)
        .send()
        .await
        .unwrap();
    assert!(switched.status().is_success(), "{}", switched.status());
    let id = open(
        app,
        &asker,
        "ds-air",
        "Fréquence des relevés",
        "Quelle est la fréquence des relevés de **2023** ?",
    )
    .await;
    let link = discussion_url(app, &id);
    let thread = format!("<discussion-{id}@127.0.0.1>");
    let mut ids = Vec::new();
    let french = [
        format!("[Vitrine] Nouvelle question sur « {AIR} »"),
        "fr".to_owned(),
        "Bonjour Orga,".to_owned(),
        format!("Camille a posé une question sur « {AIR} » : « Fréquence des relevés »."),
        "Voir la discussion".to_owned(),
    ];
    let english = [
        format!("[Vitrine] New question about “{AIR}”"),
        "en".to_owned(),
        "Hello Edith,".to_owned(),
        format!("Camille asked a question about “{AIR}”: “Fréquence des relevés”."),
        "Open the discussion".to_owned(),
    ];
    for (producer, words) in [(&w.org_admin, &french), (&w.org_editor, &english)] {
        let [subject, lang, greeting, intro, action] = words;
        let mails = wait_mails_to(&w.smtp, producer, 1).await;
        let mail = &mails[0];
        assert_eq!(mail.to, [producer.email.as_str()]);
        assert_eq!(&mail.subject, subject, "{}", producer.name);
        assert!(
            header(mail, "To").is_some_and(|to| to.contains(&producer.email)),
            "{mail:?}"
        );
        assert!(
            header(mail, "Content-Type").is_some_and(|t| t.starts_with("multipart/alternative")),
            "{mail:?}"
        );
        assert_eq!(header(mail, "Content-Language").as_ref(), Some(lang));
        // The text part.
        for expected in [greeting, intro, action] {
            assert!(mail.text.contains(expected), "{expected} in {}", mail.text);
        }
        assert!(
            mail.text
                .contains("Quelle est la fréquence des relevés de 2023 ?"),
            "the question, as text: {}",
            mail.text
        );
        assert!(mail.text.contains(&link), "{}", mail.text);
        // The HTML part.
        assert!(
            mail.html.contains(&format!("<html lang=\"{lang}\">")),
            "{}",
            mail.html
        );
        for expected in [greeting, action] {
            assert!(mail.html.contains(expected), "{expected} in {}", mail.html);
        }
        assert!(
            mail.html.contains(&format!("href=\"{link}\"")),
            "{}",
            mail.html
        );
        assert!(
            mail.html.contains("Quelle est la fréquence des relevés de"),
            "{}",
            mail.html
        );
        assert!(
            mail.html.contains("<strong>2023</strong>"),
            "the question's Markdown rendered: {}",
            mail.html
        );
        // Threading.
        let message_id = header(mail, "Message-ID").unwrap_or_default();
        assert!(
            message_id.starts_with('<') && message_id.ends_with("@127.0.0.1>"),
            "{message_id}"
        );
        assert_ne!(message_id, thread);
        assert_eq!(
            header(mail, "In-Reply-To").as_deref(),
            Some(thread.as_str())
        );
        assert_eq!(header(mail, "References").as_deref(), Some(thread.as_str()));
        ids.push(message_id);
        // Unsubscribing.
        let unsubscribe = header(mail, "List-Unsubscribe").unwrap_or_default();
        let prefix = format!(
            "<{}unsubscribe/{}/new_discussion/",
            app.url, producer.user.id
        );
        assert!(
            unsubscribe.starts_with(&prefix) && unsubscribe.ends_with('>'),
            "{unsubscribe} should start with {prefix}"
        );
        assert_eq!(
            header(mail, "List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
        assert!(mail.text.contains(url), "{}", mail.text);
        assert!(mail.html.contains(url), "{}", mail.html);
    }
    assert_ne!(ids[0], ids[1], "one Message-ID per mail");

    // A reply belongs to the same thread, with a Message-ID of its own.
    reply(
        app,
        &w.org_editor,
        &id,
        json!({"comment": "Tous les quarts d’heure."}),
    )
    .await;
    let mails = wait_mails_to(&w.smtp, &asker, 1).await;
    let mail = &mails[0];
    assert_eq!(
        mail.subject,
        "[Vitrine] Nouvelle réponse : Fréquence des relevés"
    );
    assert!(
        mail.text.contains("Tous les quarts d’heure."),
        "{}",
        mail.text
    );
    assert!(
        mail.html.contains("Tous les quarts d’heure."),
        "{}",
        mail.html
    );
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert_eq!(
        header(mail, "In-Reply-To").as_deref(),
        Some(thread.as_str())
    );
    assert_eq!(header(mail, "References").as_deref(), Some(thread.as_str()));
    let reply_id = header(mail, "Message-ID").unwrap_or_default();
    assert!(!ids.contains(&reply_id) && reply_id != thread, "{reply_id}");
    assert!(
        header(mail, "List-Unsubscribe").is_some_and(|u| u.starts_with(&format!(
            "<{}unsubscribe/{}/new_comment/",
            app.url, asker.user.id
        ))),
        "{mail:?}"
    );
}

#[tokio::test]
async fn one_click_unsubscribe_is_anonymous_and_only_for_its_recipient_and_kind() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    open(app, &asker, "ds-air", "Premier", "Une question ?").await;
    let mails = wait_mails_to(&w.smtp, &w.org_admin, 1).await;
    let unsubscribe = header(&mails[0], "List-Unsubscribe").unwrap();
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
    let path = url
        .strip_prefix(&app.url)
        .unwrap_or_else(|| panic!("{url} is not on {}", app.url))
        .to_owned();
    let token = path.rsplit('/').next().unwrap().to_owned();
    assert!(!token.is_empty(), "{path}");
    let one_click = |path: String| {
        app.request(Method::POST, &path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };

    // Following the link only asks to confirm.
    let page = app.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<form") && html.contains("method=\"post\""),
        "a confirmation form: {html}"
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        default_table()
    );

    // Tampered links: another token, another kind, another person.
    let mut forged = token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let base = format!("unsubscribe/{}", w.org_admin.user.id);
    for bad in [
        format!("{base}/new_discussion/{forged}"),
        format!("{base}/new_comment/{token}"),
        format!("{base}/no_such_kind/{token}"),
        format!(
            "unsubscribe/{}/new_discussion/{token}",
            w.org_editor.user.id
        ),
    ] {
        let answer = one_click(bad.clone()).await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "POST {bad}");
        let answer = app.request(Method::GET, &bad).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "GET {bad}");
    }
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        default_table()
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_editor).await),
        default_table()
    );

    // The one-click POST, without any cookie or key.
    let answer = one_click(path.clone()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let mut expected = default_table();
    expected[0].1 = "off".to_owned();
    assert_eq!(
        kind_table(&settings(app, &w.org_admin).await),
        expected,
        "that kind's mail only"
    );
    assert_eq!(
        kind_table(&settings(app, &w.org_editor).await),
        default_table(),
        "nobody else"
    );
    let again = one_click(path.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK, "twice is fine");
    assert_eq!(kind_table(&settings(app, &w.org_admin).await), expected);

    // The next question: a mail for the editor only, a notification for both.
    open(app, &asker, "ds-air", "Second", "Une autre question ?").await;
    wait_mails_to(&w.smtp, &w.org_editor, 2).await;
    settle(app).await;
    assert_eq!(w.smtp.mails_to(&w.org_admin.email).len(), 1, "unsubscribed");
    assert_eq!(
        kinds(app, &w.org_admin).await,
        ["new_discussion", "new_discussion"]
    );
    // Other kinds still mail.
    let id = open(app, &w.org_admin, "ds-perso", "Chez Olivia", "Bonjour ?").await;
    reply(app, &w.owner, &id, json!({"comment": "Bonjour !"})).await;
    let mails = wait_mails_to(&w.smtp, &w.org_admin, 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "[Vitrine] Nouvelle réponse : Chez Olivia"),
        "{:?}",
        subjects(&w.smtp, &w.org_admin)
    );
}

#[tokio::test]
async fn daily_mails_go_out_once_in_a_single_digest() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let follower = person(app, "Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;
    follow(app, &follower, "ds-velo").await;
    set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "daily"}]}),
    )
    .await;

    // Two held mails each: the follower's questions (daily by default), the asker's replies.
    let first = open(app, &asker, "ds-air", "Question air", "Air ?").await;
    let second = open(app, &asker, "ds-velo", "Question vélo", "Vélo ?").await;
    reply(app, &w.org_admin, &first, json!({"comment": "Réponse une"})).await;
    reply(
        app,
        &w.org_admin,
        &first,
        json!({"comment": "Réponse deux"}),
    )
    .await;
    assert_eq!(
        kinds(app, &follower).await,
        ["followed_discussion", "followed_discussion"],
        "in the app at once"
    );
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "in the app at once"
    );
    // The editor's immediate mails pass; the daily ones wait.
    wait_mails_to(&w.smtp, &w.org_editor, 4).await;
    settle(app).await;
    assert_eq!(subjects(&w.smtp, &follower), Vec::<String>::new());
    assert_eq!(subjects(&w.smtp, &asker), Vec::<String>::new());
    assert_eq!(
        outbox_of(app, &follower).await,
        pairs(&[
            ("held", "followed_discussion"),
            ("held", "followed_discussion")
        ])
    );
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[("held", "new_comment"), ("held", "new_comment")])
    );

    // `vitrine digest`, twice.
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 2"),
        "{output:?}"
    );
    wait_mails_to(&w.smtp, &follower, 1).await;
    wait_mails_to(&w.smtp, &asker, 1).await;
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 0"),
        "{output:?}"
    );
    settle(app).await;

    let mails = w.smtp.mails_to(&follower.email);
    assert_eq!(
        mails.len(),
        1,
        "one digest: {:?}",
        subjects(&w.smtp, &follower)
    );
    let digest = &mails[0];
    assert_eq!(digest.subject, "[Vitrine] Votre résumé quotidien (2)");
    for line in [
        format!("Nouvelle question sur « {AIR} »"),
        format!("Nouvelle question sur « {VELO} »"),
        discussion_url(app, &first),
        discussion_url(app, &second),
    ] {
        assert!(digest.text.contains(&line), "{line} in {}", digest.text);
        assert!(digest.html.contains(&line), "{line} in {}", digest.html);
    }
    assert!(digest.text.contains("Bonjour Fanny,"), "{}", digest.text);

    let mails = w.smtp.mails_to(&asker.email);
    assert_eq!(
        mails.len(),
        1,
        "one digest: {:?}",
        subjects(&w.smtp, &asker)
    );
    let digest = &mails[0];
    assert_eq!(digest.subject, "[Vitrine] Votre résumé quotidien (2)");
    assert_eq!(
        digest
            .text
            .matches("Nouvelle réponse : Question air")
            .count(),
        2,
        "both replies: {}",
        digest.text
    );
    assert!(
        digest.text.contains(&discussion_url(app, &first)),
        "{}",
        digest.text
    );
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[
            ("digested", "new_comment"),
            ("digested", "new_comment"),
            ("sent", "digest")
        ])
    );

    // Once a day: what is held later waits for tomorrow's digest.
    reply(
        app,
        &w.org_admin,
        &first,
        json!({"comment": "Réponse trois"}),
    )
    .await;
    let output = app.command(&["digest"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("digests written 0"),
        "{output:?}"
    );
    wait_mails_to(&w.smtp, &w.org_editor, 5).await;
    settle(app).await;
    assert_eq!(
        w.smtp.mails_to(&asker.email).len(),
        1,
        "a single digest a day"
    );
    assert_eq!(kinds(app, &asker).await.len(), 3, "in the app at once");
    assert_eq!(
        outbox_of(app, &asker).await,
        pairs(&[
            ("digested", "new_comment"),
            ("digested", "new_comment"),
            ("held", "new_comment"),
            ("sent", "digest")
        ]),
        "the third reply waits for tomorrow's digest"
    );
}

#[tokio::test]
async fn the_notifications_api_lists_filters_reads_and_validates() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;

    // Anonymous callers.
    for (method, path, body) in [
        (Method::GET, "/api/1/notifications/", None),
        (Method::POST, "/api/1/notifications/abc/read/", None),
        (Method::GET, "/api/1/me/notification-settings/", None),
        (
            Method::PUT,
            "/api/1/me/notification-settings/",
            Some(json!({"kinds": []})),
        ),
        (Method::GET, "/api/1/outbox/failed/", None),
    ] {
        let (status, answer) = app.call(method.clone(), path, None, body).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}: {answer}"
        );
    }

    let id = open(app, &asker, "ds-air", "Horaires", "À quelle heure ?").await;
    reply(app, &w.org_editor, &id, json!({"comment": "À midi."})).await;
    let all = inbox(app, &w.org_admin, "").await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0]["kind"], "new_comment", "newest first: {all:?}");
    assert_eq!(all[1]["kind"], "new_discussion", "{all:?}");
    for notification in &all {
        for field in ["id", "kind", "created_at"] {
            assert!(notification[field].is_string(), "{field}: {notification}");
        }
        assert!(notification["handled_at"].is_null(), "{notification}");
        let details = &notification["details"];
        for field in ["title", "subject", "actor", "url", "excerpt", "key"] {
            assert!(details[field].is_string(), "{field}: {notification}");
        }
        assert_eq!(details["title"], "Horaires");
        assert_eq!(details["subject"], AIR);
        assert_eq!(details["url"], discussion_url(app, &id));
    }
    assert_eq!(all[0]["details"]["actor"], "Edith");
    assert_eq!(all[0]["details"]["excerpt"], "À midi.");
    assert_eq!(all[1]["details"]["actor"], "Camille");
    assert_eq!(all[1]["details"]["excerpt"], "À quelle heure ?");
    assert_eq!(inbox(app, &w.org_admin, "?handled=false").await.len(), 2);
    assert_eq!(inbox(app, &w.org_admin, "?handled=true").await.len(), 0);

    // Reading one.
    let question = all[1]["id"].as_str().unwrap().to_owned();
    let (status, read) = app
        .call(
            Method::POST,
            &format!("/api/1/notifications/{question}/read/"),
            w.org_admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["id"], question.as_str());
    assert!(read["handled_at"].is_string(), "{read}");
    let handled = inbox(app, &w.org_admin, "?handled=true").await;
    assert_eq!(handled.len(), 1, "{handled:?}");
    assert_eq!(handled[0]["id"], question.as_str());
    assert_eq!(handled[0]["handled_at"], read["handled_at"]);
    let unhandled = inbox(app, &w.org_admin, "?handled=false").await;
    assert_eq!(unhandled.len(), 1, "{unhandled:?}");
    assert_eq!(unhandled[0]["id"], all[0]["id"]);
    let (status, again) = app
        .call(
            Method::POST,
            &format!("/api/1/notifications/{question}/read/"),
            w.org_admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["handled_at"], read["handled_at"], "read once");

    // Someone else's, or nobody's.
    let reply_id = all[0]["id"].as_str().unwrap();
    for (who, id) in [
        (&w.org_editor, reply_id),
        (&asker, reply_id),
        (&w.org_admin, "nope"),
    ] {
        let (status, answer) = app
            .call(
                Method::POST,
                &format!("/api/1/notifications/{id}/read/"),
                who.me(),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{} reading {id}: {answer}",
            who.name
        );
    }
    assert!(
        inbox(app, &w.org_admin, "?handled=false").await[0]["handled_at"].is_null(),
        "still unread"
    );
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment"],
        "not told of their own question"
    );

    // Settings: defaults, partial changes, validation.
    let current = settings(app, &asker).await;
    assert_eq!(kind_table(&current), default_table());
    assert_eq!(current["watches"], json!([]));
    let changed = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "email": "daily"}]}),
    )
    .await;
    let mut expected = default_table();
    expected[1].1 = "daily".to_owned();
    assert_eq!(kind_table(&changed), expected);
    let changed = set(
        app,
        &asker,
        json!({"kinds": [{"kind": "new_comment", "in_app": false}]}),
    )
    .await;
    expected[1].2 = false;
    assert_eq!(kind_table(&changed), expected, "email kept");
    let changed = set(
        app,
        &asker,
        json!({"watches": [{"class": "Discussion", "id": id, "mode": "watch"}]}),
    )
    .await;
    assert_eq!(kind_table(&changed), expected, "kinds kept");
    assert_eq!(
        changed["watches"],
        json!([{"class": "Discussion", "id": id, "mode": "watch"}])
    );
    for (case, body, field) in [
        (
            "unknown kind",
            json!({"kinds": [{"kind": "nope", "email": "off"}]}),
            "kind",
        ),
        (
            "unknown mail mode",
            json!({"kinds": [{"kind": "new_comment", "email": "weekly"}]}),
            "email",
        ),
        (
            "unknown watch mode",
            json!({"watches": [{"class": "Dataset", "id": "ds-air", "mode": "loud"}]}),
            "mode",
        ),
        (
            "unwatchable class",
            json!({"watches": [{"class": "Organization", "id": "x", "mode": "watch"}]}),
            "watches",
        ),
        (
            "a good change with a bad one",
            json!({
                "kinds": [{"kind": "answer_marked", "email": "off"}],
                "watches": [{"class": "Dataset", "id": "ds-air", "mode": "loud"}],
            }),
            "mode",
        ),
    ] {
        let (status, error) = put_settings(app, &asker, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {error}");
        assert!(error["errors"][field].is_array(), "{case}: {error}");
    }
    let after = settings(app, &asker).await;
    assert_eq!(kind_table(&after), expected, "nothing changed by a 400");
    assert_eq!(after["watches"], changed["watches"]);

    // Failed mails: site admins only.
    let (status, failed) = app
        .call(Method::GET, "/api/1/outbox/failed/", w.admin.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{failed}");
    assert_eq!(failed, json!([]));
    for who in [&asker, &w.org_admin] {
        let (status, answer) = app
            .call(Method::GET, "/api/1/outbox/failed/", who.me(), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {answer}", who.name);
    }
}

#[tokio::test]
async fn hostile_titles_and_messages_add_no_header_nor_markup_to_mails() {
    let Some(w) = world().await else {
        return;
    };
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    open(
        app,
        &asker,
        "ds-air",
        "Ligne\r\nBcc: evil@example.org\r\nX-Evil: yes",
        "<script>alert(1)</script><img src=x onerror=alert(2)> [lien](javascript:alert(3))",
    )
    .await;
    wait_mails_to(&w.smtp, &w.org_admin, 1).await;
    wait_mails_to(&w.smtp, &w.org_editor, 1).await;
    settle(app).await;
    let mails = w.smtp.mails();
    assert_eq!(mails.len(), 2, "the two producers only: {mails:?}");
    for mail in &mails {
        assert_eq!(mail.to.len(), 1, "{mail:?}");
        assert!(
            [&w.org_admin.email, &w.org_editor.email].contains(&&mail.to[0]),
            "{mail:?}"
        );
        for name in ["Bcc", "X-Evil"] {
            assert_eq!(header(mail, name), None, "{name} injected: {mail:?}");
        }
        assert!(
            mail.subject.starts_with("[Vitrine] Nouvelle question sur"),
            "{}",
            mail.subject
        );
        for markup in ["<script", "<img", "href=\"javascript:"] {
            assert!(!mail.html.contains(markup), "{markup} in {}", mail.html);
        }
        assert!(
            mail.html.contains("alert(1)"),
            "shown as text: {}",
            mail.html
        );
    }
    assert!(w.smtp.mails_to("evil@example.org").is_empty());
}

#[tokio::test]
async fn replies_keep_working_while_the_worker_marks_mails_sent() {
    // No SMTP server: the worker writes `.eml` files, fast enough to commit `sent` marks all
    // the time while the replies are written.
    let app = TestApp::new().await;
    let admin = person(&app, "Root", Role::Admin).await;
    let owner = person(&app, "Olivia", Role::User).await;
    let asker = person(&app, "Camille", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            admin.me(),
            Some(json!({"id": "ds-perso", "title": PERSO, "owner": owner.user.id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = open(&app, &asker, "ds-perso", "Fil chargé", "Une question ?").await;
    let mut failed = Vec::new();
    for n in 0..200 {
        let by = if n % 2 == 0 { &owner } else { &asker };
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/discussions/{id}/"),
                by.me(),
                Some(json!({"comment": format!("Message {n}")})),
            )
            .await;
        if status != StatusCode::OK {
            failed.push(format!("reply {n} by {}: {status} {body}", by.name));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of 200 replies failed while the worker sent their mails: {failed:?}",
        failed.len()
    );
    settle(&app).await;
    let (_, discussion) = app.get(&format!("/api/1/discussions/{id}/")).await;
    assert_eq!(
        discussion["discussion"].as_array().map(Vec::len),
        Some(201),
        "{discussion}"
    );
    let sent = outbox::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(sent.len(), 201, "one mail per reply, and the question's");
    assert!(sent.iter().all(|row| row.status == "sent"));
}
