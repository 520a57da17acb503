//! Moderation by API: spam holds (a held message is pending for its author, invisible to everyone
//! else, counted nowhere and told to nobody until a moderator approves it, or removes it with a
//! reason mailed to its author), reports and how they close, the showcase order and archiving,
//! deactivated accounts, the audit log, rate limits, and who may do each of these.
//!
//! A mail or a notification that must not go out is checked once the outbox is drained (nothing
//! pending or being sent): everything written before then has reached the server or never will.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Timelike, Utc};
use entity::outbox;
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use vitrine::models::users::{Role, find_user};

use crate::app::{TestApp, TestUser};
use crate::smtp::SmtpServer;

/// Seconds to wait for a mail.
const WAIT: u64 = 15;
const AIR: &str = "Qualité de l’air";

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

    fn id(&self) -> &str {
        &self.user.id
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

/// An app with a moderator and an admin, an organization (an admin and an editor) publishing
/// `ds-air`, and Olivia publishing `ds-perso` alone.
struct World {
    app: TestApp,
    org_id: String,
    admin: Person,
    moderator: Person,
    org_admin: Person,
    org_editor: Person,
    /// Publishes `ds-perso` alone.
    owner: Person,
}

async fn world(extra: &[(&str, &str)]) -> World {
    // Daily digests are due twelve hours from now: none is written during the test.
    let digest_hour = ((Utc::now().hour() + 12) % 24).to_string();
    let mut env = vec![("VITRINE_DIGEST_HOUR", digest_hour.as_str())];
    env.extend_from_slice(extra);
    let app = TestApp::with_env(&env).await;
    let admin = person(&app, "Root", Role::Admin).await;
    let moderator = person(&app, "Modo", Role::Moderator).await;
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
            &format!("/api/1/organizations/{org_id}/member/{}/", org_editor.id()),
            org_admin.me(),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert!(status.is_success(), "{member}");
    for body in [
        json!({"id": "ds-air", "title": AIR, "organization": org_id}),
        json!({"id": "ds-perso", "title": "Mes relevés", "owner": owner.id()}),
    ] {
        let (status, created) = app
            .call(Method::POST, "/api/1/datasets/", admin.me(), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    World {
        app,
        org_id,
        admin,
        moderator,
        org_admin,
        org_editor,
        owner,
    }
}

/// `POST /discussions/` about dataset `dataset`, which must succeed; returns the discussion as
/// its author sees it.
async fn open(app: &TestApp, by: &Person, dataset: &str, title: &str, comment: &str) -> Value {
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            by.me(),
            Some(json!({
                "title": title,
                "comment": comment,
                "subject": {"class": "Dataset", "id": dataset},
            })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{} opening {title:?}: {body}",
        by.name
    );
    body
}

/// A comment on discussion `id`, which must be accepted; returns the discussion as its author
/// sees it.
async fn comment(app: &TestApp, by: &Person, id: &str, text: &str) -> Value {
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            by.me(),
            Some(json!({"comment": text})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{} commenting {text:?}: {body}",
        by.name
    );
    body
}

fn id_of(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {value}"))
        .to_owned()
}

/// The messages of a discussion view.
fn messages(discussion: &Value) -> &Vec<Value> {
    discussion["discussion"]
        .as_array()
        .unwrap_or_else(|| panic!("no messages: {discussion}"))
}

/// The last message of a discussion view.
fn last_message(discussion: &Value) -> &Value {
    messages(discussion)
        .last()
        .unwrap_or_else(|| panic!("no message: {discussion}"))
}

/// Ids of the messages of a discussion view.
fn message_ids(discussion: &Value) -> Vec<String> {
    messages(discussion).iter().map(id_of).collect()
}

/// `GET /discussions/{id}/` as `user`.
async fn fetch(app: &TestApp, user: Option<&TestUser>, id: &str) -> (StatusCode, Value) {
    app.call(
        Method::GET,
        &format!("/api/1/discussions/{id}/"),
        user,
        None,
    )
    .await
}

/// `GET /discussions/{id}/` as `user`, which must succeed.
async fn read(app: &TestApp, user: Option<&TestUser>, id: &str) -> Value {
    let (status, body) = fetch(app, user, id).await;
    assert_eq!(status, StatusCode::OK, "GET discussion {id}: {body}");
    body
}

/// `GET /discussions/{query}` as `user`: the total.
async fn listed(app: &TestApp, user: Option<&TestUser>, query: &str) -> u64 {
    let (status, list) = app
        .call(
            Method::GET,
            &format!("/api/1/discussions/{query}"),
            user,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total: {list}"))
}

/// `metrics.discussions` and `metrics.discussions_open` of a dataset.
async fn dataset_counts(app: &TestApp, dataset: &str) -> (i64, i64) {
    let (status, body) = app.get(&format!("/api/1/datasets/{dataset}/")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        body["metrics"]["discussions"].as_i64().unwrap(),
        body["metrics"]["discussions_open"].as_i64().unwrap(),
    )
}

/// Kinds of `by`'s in-app notifications, sorted.
async fn kinds(app: &TestApp, by: &Person) -> Vec<String> {
    let (status, list) = app
        .call(Method::GET, "/api/1/notifications/", by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{} inbox: {list}", by.name);
    let mut kinds: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
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

/// Waits until the outbox has nothing left to send (pending or being sent).
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

/// Subjects of the mails `to` received.
fn subjects(smtp: &SmtpServer, to: &Person) -> Vec<String> {
    smtp.mails_to(&to.email)
        .into_iter()
        .map(|mail| mail.subject)
        .collect()
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

/// `GET /moderation/held/` as `by`, which must succeed.
async fn held(app: &TestApp, by: &Person) -> Vec<Value> {
    let (status, list) = app
        .call(Method::GET, "/api/1/moderation/held/", by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{} listing held: {list}", by.name);
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .clone()
}

fn ids(list: &[Value]) -> Vec<String> {
    list.iter().map(id_of).collect()
}

/// `POST /moderation/held/{id}/approve/` as `by`.
async fn approve(app: &TestApp, by: &Person, message: &str) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/1/moderation/held/{message}/approve/"),
        by.me(),
        None,
    )
    .await
}

/// `POST /moderation/held/{id}/remove/` as `by`.
async fn remove(app: &TestApp, by: &Person, message: &str, body: Value) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/1/moderation/held/{message}/remove/"),
        by.me(),
        Some(body),
    )
    .await
}

/// Creates a reuse of `ds-air` as `by`; `extra` fields (`organization`, `private`) override.
async fn reuse(app: &TestApp, by: &Person, title: &str, extra: Value) -> String {
    let mut body = json!({
        "title": title,
        "description": "Une carte des données.",
        "url": format!("https://reuse-{}.example/", uuid::Uuid::new_v4().simple()),
        "type": "visualization",
        "topic": "environment_and_energy",
        "tags": ["carte"],
        "datasets": ["ds-air"],
    });
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, created) = app
        .call(Method::POST, "/api/1/reuses/", by.me(), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    id_of(&created)
}

/// `GET /reuses/{id}/` as `by`, which must succeed.
async fn reuse_view(app: &TestApp, by: &Person, id: &str) -> Value {
    let (status, body) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), by.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// `POST /reports/` as `by`.
async fn report(app: &TestApp, by: Option<&TestUser>, body: Value) -> (StatusCode, Value) {
    app.call(Method::POST, "/api/1/reports/", by, Some(body))
        .await
}

/// `POST /reports/` as `by`, which must be accepted; returns the report.
async fn reported(app: &TestApp, by: Option<&TestUser>, body: Value) -> Value {
    let (status, created) = report(app, by, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "reporting {body}: {created}");
    created
}

/// `GET /reports/{id}/` as a moderator.
async fn report_view(app: &TestApp, moderator: &Person, id: &str) -> Value {
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/api/1/reports/{id}/"),
            moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Ids of the reports `GET /reports/{query}` lists, in order.
async fn report_ids(app: &TestApp, moderator: &Person, query: &str) -> Vec<String> {
    let (status, list) = app
        .call(
            Method::GET,
            &format!("/api/1/reports/{query}"),
            moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let data = list["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {list}"));
    assert_eq!(list["total"].as_u64(), Some(data.len() as u64), "{list}");
    ids(data)
}

/// Asserts a 400 whose `errors` name `field`.
fn assert_refused(status: StatusCode, body: &Value, field: &str, case: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {body}");
    assert!(
        body["errors"][field].is_array(),
        "{case}: the error names {field}: {body}"
    );
}

/// Titles of the featured cards of the home page, in page order, among `titles`.
async fn home_order(app: &TestApp, titles: &[&str]) -> Vec<String> {
    let (status, page) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let html = page.as_str().unwrap();
    let mut found: Vec<(usize, String)> = titles
        .iter()
        .filter_map(|title| {
            html.find(&format!("class=\"card-title\">{title}</h3>"))
                .map(|at| (at, (*title).to_owned()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, title)| title).collect()
}

/// Titles of `GET /reuses/featured/` as `by`.
async fn featured_titles(app: &TestApp, by: Option<&TestUser>) -> Vec<String> {
    let (status, list) = app
        .call(Method::GET, "/api/1/reuses/featured/", by, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|reuse| reuse["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn set_featured(app: &TestApp, by: &Person, id: &str, featured: bool) -> Value {
    let method = if featured {
        Method::POST
    } else {
        Method::DELETE
    };
    let (status, body) = app
        .call(
            method.clone(),
            &format!("/api/1/reuses/{id}/featured/"),
            by.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{method} featured {id}: {body}");
    assert_eq!(body["featured"], featured, "{body}");
    body
}

async fn put_order(app: &TestApp, by: &Person, order: Value) -> (StatusCode, Value) {
    app.call(
        Method::PUT,
        "/api/1/reuses/featured/",
        by.me(),
        Some(json!({"order": order})),
    )
    .await
}

/// Whether `user`'s API key still opens `GET /me/`.
async fn key_works(app: &TestApp, user: &TestUser) -> StatusCode {
    app.call(Method::GET, "/api/1/me/", Some(user), None)
        .await
        .0
}

/// A request as `user` with its raw answer: status, `Retry-After`, JSON body.
async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    user: Option<&TestUser>,
    body: Value,
) -> (StatusCode, Option<String>, Value) {
    let mut request = app.request(method, path).json(&body);
    if let Some(user) = user {
        request = request.header("X-API-KEY", &user.token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, retry_after, json)
}

/// Waits, if need be, until at least `margin` seconds are left in the current window of `window`
/// seconds: the limits count per fixed window of the clock, so a burst sent now is counted in
/// one window.
async fn clear_of_window_end(window: u64, margin: u64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let window = u128::from(window) * 1000;
    let left = window - now % window;
    if left < u128::from(margin) * 1000 {
        tokio::time::sleep(Duration::from_millis(u64::try_from(left).unwrap() + 500)).await;
    }
}

/// Checks a 429: a `Retry-After` of at most `window` seconds (and more than none), and a message.
fn assert_limited(
    case: &str,
    status: StatusCode,
    retry_after: Option<&str>,
    body: &Value,
    window: u64,
) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{case}: {body}");
    let seconds: u64 = retry_after
        .unwrap_or_else(|| panic!("{case}: no Retry-After header"))
        .parse()
        .unwrap_or_else(|_| panic!("{case}: Retry-After {retry_after:?} is not seconds"));
    assert!(
        seconds > 0 && seconds <= window,
        "{case}: Retry-After {seconds}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| message.contains("Too many")),
        "{case}: {body}"
    );
}

/// Reports `subject` (a message of it: `embed`) anonymously; returns the report's id.
async fn report_subject(app: &TestApp, subject: Value, embed: Option<&str>) -> String {
    let mut body = json!({"subject": subject, "reason": "spam"});
    if let Some(embed) = embed {
        body["subject_embed_id"] = json!(embed);
    }
    id_of(&reported(app, None, body).await)
}

/// `DELETE path` as `by`, which must succeed.
async fn delete_ok(app: &TestApp, path: String, by: &Person) {
    let (status, body) = app.call(Method::DELETE, &path, by.me(), None).await;
    assert!(status.is_success(), "DELETE {path}: {status} {body}");
}

/// Asserts the report `id` was closed as handled.
async fn assert_handled(app: &TestApp, moderator: &Person, id: String) {
    let report = report_view(app, moderator, &id).await;
    assert!(
        report["handled_at"].is_string(),
        "closed by the deletion: {report}"
    );
    assert!(report["dismissed_at"].is_null(), "{report}");
}

#[tokio::test]
async fn a_spam_word_holds_a_new_discussion_until_a_moderator_approves_it() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let w = world(&[("VITRINE_SMTP_URL", &smtp.url())]).await;
    let app = &w.app;
    let spammer = person(app, "Sam", Role::User).await;
    let outsider = person(app, "Xavier", Role::User).await;
    let follower = person(app, "Fanny", Role::User).await;
    follow(app, &follower, "ds-air").await;

    // A new account's ordinary first message goes out at once (first posts are not held by
    // default).
    let plain = open(app, &outsider, "ds-perso", "Relevés 2023", "Où sont-ils ?").await;
    assert_eq!(plain["pending"], false, "{plain}");
    assert_eq!(plain["discussion"][0]["pending"], false, "{plain}");
    assert_eq!(kinds(app, &w.owner).await, ["new_discussion"]);

    // The spam word is in the title only, in capitals.
    let question = "Une offre à ne pas manquer.";
    let created = open(app, &spammer, "ds-air", "Gagnez au CASINO", question).await;
    let id = id_of(&created);
    let message = id_of(&created["discussion"][0]);
    assert_eq!(created["pending"], true, "held, and its author sees so");
    assert_eq!(created["discussion"][0]["pending"], true, "{created}");
    let mine = read(app, spammer.me(), &id).await;
    assert_eq!(mine["pending"], true, "{mine}");
    assert_eq!(message_ids(&mine), [message.as_str()]);
    let seen = read(app, w.moderator.me(), &id).await;
    assert_eq!(seen["pending"], true, "moderators see it: {seen}");

    // Nobody else sees it, replies to it or reports it.
    for (who, user) in [
        ("anonymous", None),
        ("another user", outsider.me()),
        ("a producer", w.org_admin.me()),
        ("a follower", follower.me()),
    ] {
        let (status, body) = fetch(app, user, &id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
        assert_eq!(
            listed(app, user, "?for=ds-air").await,
            0,
            "{who} lists nothing"
        );
    }
    assert_eq!(listed(app, None, "?q=casino").await, 0);
    assert_eq!(listed(app, spammer.me(), "?for=ds-air").await, 1);
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            outsider.me(),
            Some(json!({"comment": "Moi aussi !"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = report(
        app,
        None,
        json!({"subject": {"class": "Discussion", "id": id}, "reason": "spam"}),
    )
    .await;
    assert_refused(status, &body, "subject", "reporting a held discussion");

    // Counted nowhere, told to nobody.
    assert_eq!(dataset_counts(app, "ds-air").await, (0, 0));
    for nobody in [
        &w.org_admin,
        &w.org_editor,
        &follower,
        &w.moderator,
        &w.admin,
    ] {
        assert_eq!(
            kinds(app, nobody).await,
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
    smtp.wait_for_to(&w.owner.email, 1, WAIT).await;
    settle(app).await;
    for nobody in [
        &w.org_admin,
        &w.org_editor,
        &follower,
        &w.moderator,
        &w.admin,
    ] {
        assert_eq!(
            subjects(&smtp, nobody),
            Vec::<String>::new(),
            "{} got a mail about a held discussion",
            nobody.name
        );
    }

    // In the queue, for moderators and admins.
    let queue = held(app, &w.moderator).await;
    assert_eq!(queue.len(), 1, "{queue:?}");
    let item = &queue[0];
    assert_eq!(item["id"], message.as_str(), "{item}");
    assert_eq!(item["discussion"], id.as_str(), "{item}");
    assert_eq!(item["title"], "Gagnez au CASINO", "{item}");
    assert_eq!(item["is_question"], true, "{item}");
    assert_eq!(item["content"], question, "{item}");
    assert!(
        item["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{item}"
    );
    assert_eq!(item["author"]["id"], spammer.id(), "{item}");
    assert_eq!(item["author"]["name"], "Sam", "{item}");
    assert_eq!(item["posted_on"], created["discussion"][0]["posted_on"]);
    assert_eq!(ids(&held(app, &w.admin).await), [message.as_str()]);

    // Approved: visible to all, counted, and told as if just posted.
    let (status, body) = approve(app, &w.moderator, &message).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let public = read(app, None, &id).await;
    assert_eq!(public["pending"], false, "{public}");
    assert_eq!(public["discussion"][0]["pending"], false, "{public}");
    assert_eq!(message_ids(&public), [message.as_str()]);
    assert_eq!(listed(app, None, "?for=ds-air").await, 1);
    assert_eq!(listed(app, outsider.me(), "?for=ds-air").await, 1);
    assert_eq!(dataset_counts(app, "ds-air").await, (1, 1));
    for producer in [&w.org_admin, &w.org_editor] {
        assert_eq!(
            kinds(app, producer).await,
            ["new_discussion"],
            "{}",
            producer.name
        );
    }
    assert_eq!(kinds(app, &follower).await, ["followed_discussion"]);
    assert_eq!(kinds(app, &spammer).await, Vec::<String>::new());
    for producer in [&w.org_admin, &w.org_editor] {
        let mails = smtp.wait_for_to(&producer.email, 1, WAIT).await;
        assert!(
            mails[0].subject.contains(AIR),
            "{}: {}",
            producer.name,
            mails[0].subject
        );
    }
    assert!(held(app, &w.moderator).await.is_empty());
    let (status, body) = approve(app, &w.moderator, &message).await;
    assert!(status.is_client_error(), "approving twice: {status} {body}");
    let (status, body) = approve(app, &w.moderator, "00000000-0000-0000-0000-000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    settle(app).await;
    assert_eq!(subjects(&smtp, &w.org_admin).len(), 1);
    assert_eq!(subjects(&smtp, &spammer), Vec::<String>::new());
}

#[tokio::test]
async fn a_reply_with_too_many_links_is_held_then_approved_or_removed_with_a_reason() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let w = world(&[("VITRINE_SMTP_URL", &smtp.url())]).await;
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let other = person(app, "Xavier", Role::User).await;
    let linker = person(app, "Léo", Role::User).await;
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Données 2023",
            "Où sont les relevés ?",
        )
        .await,
    );

    // Two links are allowed to a new account; three are not (whatever their case).
    let two = comment(
        app,
        &other,
        &id,
        "Voir https://a.example/1 et http://b.example/2",
    )
    .await;
    assert_eq!(last_message(&two)["pending"], false, "{two}");
    let view = comment(
        app,
        &linker,
        &id,
        "Promo zorglub : https://x.example/1 HTTPS://x.example/2 http://x.example/3",
    )
    .await;
    assert_eq!(view["pending"], false, "the discussion is not held: {view}");
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let first_held = id_of(last_message(&view));
    let view = comment(
        app,
        &linker,
        &id,
        "Encore grumpf : https://y.example/1 https://y.example/2 https://y.example/3",
    )
    .await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let second_held = id_of(last_message(&view));
    let visible = message_ids(&two);
    assert_eq!(visible.len(), 2);

    // Only their author and moderators see them.
    let mine = read(app, linker.me(), &id).await;
    let mut all = visible.clone();
    all.extend([first_held.clone(), second_held.clone()]);
    assert_eq!(
        message_ids(&mine),
        all,
        "the author sees their held replies"
    );
    assert_eq!(message_ids(&read(app, w.moderator.me(), &id).await), all);
    for (who, user) in [
        ("anonymous", None),
        ("the asker", asker.me()),
        ("a producer", w.org_admin.me()),
        ("another user", other.me()),
    ] {
        let seen = read(app, user, &id).await;
        assert_eq!(message_ids(&seen), visible, "{who}: {seen}");
    }

    // Told to nobody.
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment"],
        "the 2-link reply"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment"])
    );
    assert_eq!(kinds(app, &other).await, Vec::<String>::new());
    smtp.wait_for_to(&asker.email, 1, WAIT).await;
    settle(app).await;
    assert_eq!(
        subjects(&smtp, &asker).len(),
        1,
        "{:?}",
        subjects(&smtp, &asker)
    );
    assert_eq!(subjects(&smtp, &other), Vec::<String>::new());

    // The queue, newest first.
    let queue = held(app, &w.moderator).await;
    assert_eq!(ids(&queue), [second_held.clone(), first_held.clone()]);
    for item in &queue {
        assert_eq!(item["discussion"], id.as_str(), "{item}");
        assert_eq!(item["title"], "Données 2023", "{item}");
        assert_eq!(item["is_question"], false, "{item}");
        assert_eq!(item["author"]["id"], linker.id(), "{item}");
        assert!(
            item["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{item}"
        );
    }
    assert!(
        queue[1]["content"]
            .as_str()
            .is_some_and(|c| c.contains("zorglub")),
        "{}",
        queue[1]
    );

    // Approving one: everyone sees it, the thread's people are told.
    let (status, body) = approve(app, &w.moderator, &first_held).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let mut after = visible.clone();
    after.push(first_held.clone());
    let public = read(app, None, &id).await;
    assert_eq!(message_ids(&public), after);
    assert_eq!(last_message(&public)["pending"], false, "{public}");
    assert_eq!(
        kinds(app, &asker).await,
        ["new_comment", "new_comment"],
        "the approved reply is told as if just posted"
    );
    assert_eq!(
        kinds(app, &w.org_admin).await,
        sorted(&["new_discussion", "new_comment", "new_comment"])
    );
    assert_eq!(kinds(app, &other).await, ["new_comment"], "a participant");
    smtp.wait_for_to(&asker.email, 2, WAIT).await;

    // Removing the other needs a reason, which its author gets.
    for body in [json!({}), json!({"reason": "  "})] {
        let (status, error) = remove(app, &w.moderator, &second_held, body.clone()).await;
        assert_refused(status, &error, "reason", &format!("removing with {body}"));
    }
    assert_eq!(ids(&held(app, &w.moderator).await), [second_held.as_str()]);
    let reason = "Liens publicitaires répétés";
    let (status, body) = remove(app, &w.admin, &second_held, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        message_ids(&read(app, linker.me(), &id).await),
        after,
        "gone, for its author too"
    );
    assert_eq!(message_ids(&read(app, w.moderator.me(), &id).await), after);
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(kinds(app, &linker).await, ["content_removed"]);
    let mails = smtp.wait_for_to(&linker.email, 1, WAIT).await;
    assert!(
        mails[0].text.contains(reason),
        "the reason is in the mail: {}",
        mails[0].text
    );
    let (status, body) = remove(app, &w.admin, &second_held, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "removing twice: {body}");
    settle(app).await;
    assert_eq!(kinds(app, &asker).await, ["new_comment", "new_comment"]);
    assert_eq!(subjects(&smtp, &asker).len(), 2);
    assert_eq!(subjects(&smtp, &linker).len(), 1);
}

#[tokio::test]
async fn searching_finds_nothing_by_the_text_of_a_held_reply() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let spammer = person(app, "Sam", Role::User).await;
    let id = id_of(
        &open(
            app,
            &asker,
            "ds-air",
            "Données 2023",
            "Où sont les relevés ?",
        )
        .await,
    );
    let view = comment(app, &spammer, &id, "Le meilleur casino zorglub en ligne").await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    assert_eq!(
        listed(app, spammer.me(), "?q=zorglub").await,
        1,
        "its author"
    );
    assert_eq!(listed(app, w.moderator.me(), "?q=zorglub").await, 1);
    for (who, user) in [
        ("anonymous", None),
        ("the asker", asker.me()),
        ("a producer", w.org_admin.me()),
    ] {
        assert_eq!(listed(app, user, "?q=relev").await, 1, "{who}");
        assert_eq!(
            listed(app, user, "?q=zorglub").await,
            0,
            "{who} finds the thread by the text of a held reply"
        );
    }
}

#[tokio::test]
async fn removing_a_held_question_removes_its_discussion_and_tells_its_author_why() {
    let Some(smtp) = SmtpServer::start().await else {
        return;
    };
    let w = world(&[("VITRINE_SMTP_URL", &smtp.url())]).await;
    let app = &w.app;
    let spammer = person(app, "Sam", Role::User).await;
    // One link in the title and two in the question: three in all.
    let created = open(
        app,
        &spammer,
        "ds-air",
        "Voir https://promo.example/",
        "Et https://promo.example/a puis https://promo.example/b",
    )
    .await;
    assert_eq!(created["pending"], true, "{created}");
    let id = id_of(&created);
    let message = id_of(&created["discussion"][0]);
    assert_eq!(ids(&held(app, &w.moderator).await), [message.as_str()]);

    let reason = "Publicité déguisée";
    let (status, body) = remove(app, &w.moderator, &message, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for (who, user) in [
        ("its author", spammer.me()),
        ("a moderator", w.moderator.me()),
        ("anonymous", None),
    ] {
        let (status, body) = fetch(app, user, &id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
    }
    assert_eq!(listed(app, spammer.me(), "").await, 0);
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(dataset_counts(app, "ds-air").await, (0, 0));
    assert_eq!(kinds(app, &spammer).await, ["content_removed"]);
    let mails = smtp.wait_for_to(&spammer.email, 1, WAIT).await;
    assert!(
        mails[0].text.contains(reason),
        "the reason is in the mail: {}",
        mails[0].text
    );
    settle(app).await;
    for nobody in [&w.org_admin, &w.org_editor, &w.moderator] {
        assert_eq!(
            kinds(app, nobody).await,
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
        assert_eq!(
            subjects(&smtp, nobody),
            Vec::<String>::new(),
            "{}",
            nobody.name
        );
    }
    assert_eq!(subjects(&smtp, &spammer).len(), 1);
}

#[tokio::test]
async fn moderators_and_admins_are_never_held() {
    let w = world(&[("VITRINE_HOLD_FIRST_POSTS", "true")]).await;
    let app = &w.app;
    let links = "https://a.example/ https://b.example/ https://c.example/";
    let created = open(
        app,
        &w.moderator,
        "ds-air",
        "Casino et viagra",
        &format!("Un test : {links}"),
    )
    .await;
    assert_eq!(created["pending"], false, "{created}");
    let id = id_of(&created);
    let view = comment(app, &w.admin, &id, &format!("Casino ! {links}")).await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let public = read(app, None, &id).await;
    assert_eq!(messages(&public).len(), 2, "{public}");
    assert!(held(app, &w.admin).await.is_empty());
    assert_eq!(dataset_counts(app, "ds-air").await, (1, 1));
}

#[tokio::test]
async fn with_hold_first_posts_a_new_accounts_first_message_waits() {
    let w = world(&[("VITRINE_HOLD_FIRST_POSTS", "true")]).await;
    let app = &w.app;
    let ada = person(app, "Ada", Role::User).await;
    let bob = person(app, "Bob", Role::User).await;

    let created = open(app, &ada, "ds-air", "Données 2023", "Où sont-elles ?").await;
    assert_eq!(created["pending"], true, "a first message: {created}");
    let ada_id = id_of(&created);
    let ada_first = id_of(&created["discussion"][0]);
    let (status, body) = fetch(app, bob.me(), &ada_id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let queue = held(app, &w.moderator).await;
    assert_eq!(ids(&queue), [ada_first.as_str()]);
    assert!(
        queue[0]["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{}",
        queue[0]
    );

    // Moderators' and admins' first messages are not held.
    let thread = open(
        app,
        &w.moderator,
        "ds-air",
        "Bienvenue",
        "Posez vos questions.",
    )
    .await;
    assert_eq!(thread["pending"], false, "{thread}");
    let thread_id = id_of(&thread);
    let view = comment(app, &w.admin, &thread_id, "Bonjour à tous.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");

    // A first message that is a reply waits too.
    let view = comment(app, &bob, &thread_id, "Bonjour !").await;
    assert_eq!(last_message(&view)["pending"], true, "{view}");
    let bob_first = id_of(last_message(&view));
    assert_eq!(messages(&read(app, None, &thread_id).await).len(), 2);
    assert_eq!(
        ids(&held(app, &w.moderator).await),
        [bob_first.clone(), ada_first.clone()]
    );

    // Once one is approved, the next ones go out at once.
    for message in [&ada_first, &bob_first] {
        let (status, body) = approve(app, &w.moderator, message).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    assert_eq!(read(app, None, &ada_id).await["pending"], false);
    assert_eq!(messages(&read(app, None, &thread_id).await).len(), 3);
    let view = comment(app, &ada, &ada_id, "Je précise : les relevés horaires.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let view = comment(app, &bob, &thread_id, "Merci.").await;
    assert_eq!(last_message(&view)["pending"], false, "{view}");
    let second = open(app, &ada, "ds-perso", "Autre question", "Et ici ?").await;
    assert_eq!(second["pending"], false, "{second}");
    assert!(held(app, &w.moderator).await.is_empty());
    assert_eq!(dataset_counts(app, "ds-air").await, (2, 2));
}

#[tokio::test]
async fn anyone_reports_and_moderators_dismiss_or_handle() {
    let w = world(&[]).await;
    let app = &w.app;
    let reporter = person(app, "Rita", Role::User).await;
    let asker = person(app, "Camille", Role::User).await;
    let reuse_id = reuse(app, &w.owner, "Carte de l'air", json!({})).await;
    let discussion = open(app, &asker, "ds-air", "Données 2023", "Où ?").await;
    let discussion_id = id_of(&discussion);
    let reply = id_of(last_message(
        &comment(app, &w.org_editor, &discussion_id, "Ici.").await,
    ));
    let elsewhere = open(app, &asker, "ds-perso", "Autre", "Et là ?").await;
    let foreign_message = id_of(&elsewhere["discussion"][0]);
    let gone = reuse(app, &w.owner, "Supprimée", json!({})).await;
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{gone}/"),
            w.owner.me(),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");

    // The reasons, without the spam filter's own.
    let (status, reasons) = app.get("/api/1/reports/reasons/").await;
    assert_eq!(status, StatusCode::OK, "{reasons}");
    let reasons = reasons.as_array().unwrap().clone();
    let values: Vec<&str> = reasons
        .iter()
        .map(|reason| reason["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"spam"), "{values:?}");
    assert!(values.contains(&"others"), "{values:?}");
    assert!(!values.contains(&"auto_spam"), "{values:?}");
    for reason in &reasons {
        assert!(
            reason["label"].as_str().is_some_and(|l| !l.is_empty()),
            "{reason}"
        );
    }

    // Anonymous and signed-in reports.
    let mut created = Vec::new();
    let anonymous = reported(
        app,
        None,
        json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "spam",
               "message": "Lien mort vers un casino"}),
    )
    .await;
    assert_eq!(
        anonymous["subject"],
        json!({"class": "Reuse", "id": reuse_id})
    );
    assert_eq!(anonymous["reason"], "spam");
    assert_eq!(anonymous["message"], "Lien mort vers un casino");
    assert!(anonymous["by"].is_null(), "{anonymous}");
    assert!(anonymous["subject_embed_id"].is_null(), "{anonymous}");
    assert!(anonymous["reported_at"].is_string(), "{anonymous}");
    for field in ["dismissed_at", "dismissed_by", "handled_at", "handled_by"] {
        assert!(anonymous[field].is_null(), "{field}: {anonymous}");
    }
    created.push(id_of(&anonymous));
    let on_message = reported(
        app,
        reporter.me(),
        json!({"subject": {"class": "Discussion", "id": discussion_id},
               "subject_embed_id": reply, "reason": "personal_data"}),
    )
    .await;
    assert_eq!(on_message["by"], reporter.id(), "{on_message}");
    assert_eq!(on_message["subject_embed_id"], reply.as_str());
    assert_eq!(on_message["message"], "", "{on_message}");
    created.push(id_of(&on_message));
    let long = reported(
        app,
        reporter.me(),
        json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "others",
               "message": "m".repeat(5_000)}),
    )
    .await;
    created.push(id_of(&long));
    for value in &values {
        let each = reported(
            app,
            None,
            json!({"subject": {"class": "Discussion", "id": discussion_id}, "reason": value}),
        )
        .await;
        assert_eq!(each["reason"], *value);
        created.push(id_of(&each));
    }

    // Refused ones name their field.
    let good = json!({"subject": {"class": "Reuse", "id": reuse_id}, "reason": "spam"});
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let cases = [
        (
            "a class that cannot be reported",
            with("subject", json!({"class": "Organization", "id": w.org_id})),
            "subject",
        ),
        ("no subject", with("subject", Value::Null), "subject"),
        (
            "an unknown reuse",
            with("subject", json!({"class": "Reuse", "id": "nope"})),
            "subject",
        ),
        (
            "a deleted reuse",
            with("subject", json!({"class": "Reuse", "id": gone})),
            "subject",
        ),
        (
            "an unknown dataset",
            with("subject", json!({"class": "Dataset", "id": "ds-nope"})),
            "subject",
        ),
        (
            "an unknown discussion",
            with(
                "subject",
                json!({"class": "Discussion", "id": "00000000-0000-0000-0000-000000000000"}),
            ),
            "subject",
        ),
        (
            "an unknown reason",
            with("reason", json!("boring")),
            "reason",
        ),
        (
            "the spam filter's reason",
            with("reason", json!("auto_spam")),
            "reason",
        ),
        ("no reason", with("reason", Value::Null), "reason"),
        (
            "a message too long",
            with("message", json!("m".repeat(5_001))),
            "message",
        ),
        (
            "a message of another discussion",
            json!({"subject": {"class": "Discussion", "id": discussion_id},
                   "subject_embed_id": foreign_message, "reason": "spam"}),
            "subject_embed_id",
        ),
        (
            "an unknown message",
            json!({"subject": {"class": "Discussion", "id": discussion_id},
                   "subject_embed_id": "nope", "reason": "spam"}),
            "subject_embed_id",
        ),
        (
            "a message of a reuse",
            with("subject_embed_id", json!(reply)),
            "subject_embed_id",
        ),
    ];
    for (case, body, field) in cases {
        for (who, user) in [("anonymous", None), ("signed in", reporter.me())] {
            let (status, error) = report(app, user, body.clone()).await;
            assert_refused(status, &error, field, &format!("{case} ({who})"));
        }
    }

    // Moderators list them, newest first: open ones by default.
    created.reverse();
    assert_eq!(report_ids(app, &w.moderator, "").await, created);
    assert_eq!(report_ids(app, &w.admin, "?open=true").await, created);
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await, created);
    assert_eq!(
        report_view(app, &w.moderator, &id_of(&anonymous)).await,
        anonymous
    );
    let (status, body) = app
        .call(Method::GET, "/api/1/reports/nope/", w.moderator.me(), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // Dismissed, handled, or refused.
    let path = |id: &Value| format!("/api/1/reports/{}/", id_of(id));
    for status_value in [json!("closed"), json!(""), json!(null), json!(true)] {
        let (status, error) = app
            .call(
                Method::PATCH,
                &path(&anonymous),
                w.moderator.me(),
                Some(json!({"status": status_value})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "status {status_value}: {error}"
        );
        if status_value.is_string() || status_value.is_null() {
            assert_refused(status, &error, "status", &format!("status {status_value}"));
        }
    }
    assert!(
        report_view(app, &w.moderator, &id_of(&anonymous)).await["dismissed_at"].is_null(),
        "unchanged by refused patches"
    );
    let (status, dismissed) = app
        .call(
            Method::PATCH,
            &path(&anonymous),
            w.moderator.me(),
            Some(json!({"status": "dismissed"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{dismissed}");
    assert!(dismissed["dismissed_at"].is_string(), "{dismissed}");
    assert_eq!(dismissed["dismissed_by"], w.moderator.id(), "{dismissed}");
    assert!(dismissed["handled_at"].is_null(), "{dismissed}");
    assert!(dismissed["handled_by"].is_null(), "{dismissed}");
    assert_eq!(
        report_view(app, &w.admin, &id_of(&anonymous)).await,
        dismissed
    );
    let (status, handled) = app
        .call(
            Method::PATCH,
            &path(&on_message),
            w.admin.me(),
            Some(json!({"status": "handled"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{handled}");
    assert!(handled["handled_at"].is_string(), "{handled}");
    assert_eq!(handled["handled_by"], w.admin.id(), "{handled}");
    assert!(handled["dismissed_at"].is_null(), "{handled}");
    assert!(handled["dismissed_by"].is_null(), "{handled}");
    let (status, body) = app
        .call(
            Method::PATCH,
            "/api/1/reports/nope/",
            w.moderator.me(),
            Some(json!({"status": "handled"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let still_open: Vec<String> = created
        .iter()
        .filter(|id| **id != id_of(&anonymous) && **id != id_of(&on_message))
        .cloned()
        .collect();
    assert_eq!(report_ids(app, &w.moderator, "").await, still_open);
    assert_eq!(
        report_ids(app, &w.moderator, "?open=true").await,
        still_open
    );
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await, created);
}

#[tokio::test]
async fn reports_close_when_their_subject_is_deleted() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = person(app, "Camille", Role::User).await;
    let replier = person(app, "Rita", Role::User).await;
    let doomed_reuse = reuse(app, &w.owner, "Carte A", json!({})).await;
    let kept_reuse = reuse(app, &w.owner, "Carte B", json!({})).await;
    let thread = id_of(&open(app, &asker, "ds-air", "Données 2023", "Où ?").await);
    let first = id_of(last_message(
        &comment(app, &replier, &thread, "Premier.").await,
    ));
    let second = id_of(last_message(
        &comment(app, &replier, &thread, "Second.").await,
    ));
    let doomed_thread = id_of(&open(app, &asker, "ds-perso", "Doublon", "Déjà posée.").await);

    let on_doomed_reuse =
        report_subject(app, json!({"class": "Reuse", "id": doomed_reuse}), None).await;
    let on_kept_reuse =
        report_subject(app, json!({"class": "Reuse", "id": kept_reuse}), None).await;
    let on_thread = report_subject(app, json!({"class": "Discussion", "id": thread}), None).await;
    let on_first = report_subject(
        app,
        json!({"class": "Discussion", "id": thread}),
        Some(&first),
    )
    .await;
    let on_second = report_subject(
        app,
        json!({"class": "Discussion", "id": thread}),
        Some(&second),
    )
    .await;
    let on_doomed_thread = report_subject(
        app,
        json!({"class": "Discussion", "id": doomed_thread}),
        None,
    )
    .await;
    let on_dataset = report_subject(app, json!({"class": "Dataset", "id": "ds-air"}), None).await;
    let all = [
        &on_doomed_reuse,
        &on_kept_reuse,
        &on_thread,
        &on_first,
        &on_second,
        &on_doomed_thread,
        &on_dataset,
    ];
    let open_now = |closed: &[&String]| -> Vec<String> {
        all.iter()
            .rev()
            .filter(|id| !closed.contains(*id))
            .map(|id| (*id).clone())
            .collect()
    };
    assert_eq!(report_ids(app, &w.moderator, "").await, open_now(&[]));

    // A reuse deleted by its owner.
    delete_ok(app, format!("/api/1/reuses/{doomed_reuse}/"), &w.owner).await;
    assert_handled(app, &w.moderator, on_doomed_reuse.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse])
    );

    // A message deleted by its author: that message's reports only.
    delete_ok(
        app,
        format!("/api/1/discussions/{thread}/comments/{first}/"),
        &replier,
    )
    .await;
    assert_handled(app, &w.moderator, on_first.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse, &on_first])
    );

    // A discussion deleted by its author.
    delete_ok(app, format!("/api/1/discussions/{doomed_thread}/"), &asker).await;
    assert_handled(app, &w.moderator, on_doomed_thread.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        open_now(&[&on_doomed_reuse, &on_first, &on_doomed_thread])
    );

    // A discussion deleted by a moderator: its reports and those on its messages.
    delete_ok(app, format!("/api/1/discussions/{thread}/"), &w.moderator).await;
    assert_handled(app, &w.moderator, on_thread.clone()).await;
    assert_handled(app, &w.moderator, on_second.clone()).await;
    assert_eq!(
        report_ids(app, &w.moderator, "").await,
        [on_dataset.clone(), on_kept_reuse.clone()]
    );
    assert_eq!(report_ids(app, &w.moderator, "?open=false").await.len(), 7);
}

#[tokio::test]
async fn moderators_order_the_showcase_and_the_home_page_follows() {
    let w = world(&[]).await;
    let app = &w.app;
    let titles = [
        "Alpha Carte",
        "Bravo Indice",
        "Charlie Capteurs",
        "Delta Tableau",
    ];
    let mut reuses = Vec::new();
    for title in titles {
        reuses.push(reuse(app, &w.owner, title, json!({})).await);
    }
    let [a, b, c, d] = [&reuses[0], &reuses[1], &reuses[2], &reuses[3]];
    assert_eq!(featured_titles(app, None).await, Vec::<String>::new());

    // Featured ones go last, in the API and on the home page.
    for id in [a, b, c] {
        set_featured(app, &w.moderator, id, true).await;
    }
    let abc = ["Alpha Carte", "Bravo Indice", "Charlie Capteurs"];
    assert_eq!(featured_titles(app, None).await, abc);
    assert_eq!(home_order(app, &titles).await, abc);

    // Reordered.
    let (status, order) = put_order(app, &w.moderator, json!([c, a, b])).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    assert_eq!(
        ids(order.as_array().unwrap()),
        [c.clone(), a.clone(), b.clone()]
    );
    let cab = ["Charlie Capteurs", "Alpha Carte", "Bravo Indice"];
    assert_eq!(featured_titles(app, None).await, cab);
    assert_eq!(featured_titles(app, w.owner.me()).await, cab);
    assert_eq!(home_order(app, &titles).await, cab, "the home page follows");

    // Every featured reuse exactly once, or nothing changes.
    let cases = [
        ("one missing", json!([c, a])),
        ("one twice", json!([c, a, b, b])),
        ("one twice instead of another", json!([c, a, a])),
        ("an unfeatured one", json!([c, a, b, d])),
        ("an unfeatured one instead", json!([c, a, d])),
        ("an unknown one", json!([c, a, b, "nope"])),
        ("none", json!([])),
    ];
    for (case, order) in cases {
        let (status, error) = put_order(app, &w.moderator, order).await;
        assert_refused(status, &error, "order", case);
    }
    let (status, error) = app
        .call(
            Method::PUT,
            "/api/1/reuses/featured/",
            w.moderator.me(),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no order: {error}");
    assert_eq!(featured_titles(app, None).await, cab);

    // An admin too; unfeaturing takes one out, featuring again puts it last.
    let (status, order) = put_order(app, &w.admin, json!([b, c, a])).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    set_featured(app, &w.admin, c, false).await;
    assert_eq!(
        featured_titles(app, None).await,
        ["Bravo Indice", "Alpha Carte"]
    );
    assert_eq!(
        home_order(app, &titles).await,
        ["Bravo Indice", "Alpha Carte"]
    );
    assert_eq!(reuse_view(app, &w.owner, c).await["featured"], false);
    set_featured(app, &w.moderator, d, true).await;
    set_featured(app, &w.moderator, c, true).await;
    let badc = [
        "Bravo Indice",
        "Alpha Carte",
        "Delta Tableau",
        "Charlie Capteurs",
    ];
    assert_eq!(featured_titles(app, None).await, badc);
    assert_eq!(home_order(app, &titles).await, badc);
    let (status, order) = put_order(app, &w.moderator, json!([d, c, b, a])).await;
    assert_eq!(status, StatusCode::OK, "{order}");
    let dcba = [
        "Delta Tableau",
        "Charlie Capteurs",
        "Bravo Indice",
        "Alpha Carte",
    ];
    assert_eq!(featured_titles(app, None).await, dcba);
    assert_eq!(home_order(app, &titles).await, dcba);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/nope/featured/",
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn moderators_archive_and_unarchive_reuses() {
    let w = world(&[]).await;
    let app = &w.app;
    let id = reuse(app, &w.owner, "Carte de l'air", json!({})).await;
    assert!(reuse_view(app, &w.owner, &id).await["archived"].is_null());
    let path = format!("/api/1/reuses/{id}/archive/");
    for by in [&w.moderator, &w.admin] {
        let (status, body) = app.call(Method::POST, &path, by.me(), None).await;
        assert_eq!(status, StatusCode::OK, "{} archiving: {body}", by.name);
        let archived = reuse_view(app, &w.owner, &id).await;
        assert!(archived["archived"].is_string(), "{archived}");
        let (status, body) = app.call(Method::DELETE, &path, by.me(), None).await;
        assert_eq!(status, StatusCode::OK, "{} unarchiving: {body}", by.name);
        let unarchived = reuse_view(app, &w.owner, &id).await;
        assert!(unarchived["archived"].is_null(), "{unarchived}");
    }
    let (status, body) = app.call(Method::POST, &path, w.moderator.me(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = reuse_view(app, &w.owner, &id).await["archived"].clone();
    let (status, body) = app.call(Method::POST, &path, w.moderator.me(), None).await;
    assert_eq!(status, StatusCode::OK, "archiving twice: {body}");
    assert_eq!(
        reuse_view(app, &w.owner, &id).await["archived"],
        first,
        "archiving again keeps the date"
    );
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reuses/nope/archive/",
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn a_deactivated_account_loses_its_api_key() {
    let w = world(&[]).await;
    let app = &w.app;
    let first = person(app, "Sam", Role::User).await;
    let second = person(app, "Spam", Role::User).await;
    let bystander = person(app, "Paul", Role::User).await;
    for victim in [&first, &second] {
        assert_eq!(key_works(app, &victim.user).await, StatusCode::OK);
    }
    for (by, victim) in [(&w.moderator, &first), (&w.admin, &second)] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/users/{}/deactivate/", victim.id()),
                by.me(),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} deactivating: {body}",
            by.name
        );
        assert_eq!(
            key_works(app, &victim.user).await,
            StatusCode::UNAUTHORIZED,
            "{}'s key",
            victim.name
        );
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                victim.me(),
                Some(json!({"title": "Encore", "comment": "Moi.",
                            "subject": {"class": "Dataset", "id": "ds-air"}})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    assert_eq!(key_works(app, &bystander.user).await, StatusCode::OK);
    assert_eq!(key_works(app, &w.moderator.user).await, StatusCode::OK);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/users/00000000-0000-0000-0000-000000000000/deactivate/",
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn the_audit_log_records_every_moderation_act() {
    let w = world(&[]).await;
    let app = &w.app;
    let spammer = person(app, "Sam", Role::User).await;
    let victim = person(app, "Victor", Role::User).await;
    let a = reuse(app, &w.owner, "Carte A", json!({})).await;
    let b = reuse(app, &w.owner, "Carte B", json!({})).await;
    let on_a = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": a}, "reason": "spam"}),
        )
        .await,
    );
    let on_b = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": b}, "reason": "others"}),
        )
        .await,
    );
    let to_approve =
        id_of(&open(app, &spammer, "ds-air", "Casino 1", "Venez.").await["discussion"][0]);
    let to_remove =
        id_of(&open(app, &spammer, "ds-air", "Casino 2", "Venez.").await["discussion"][0]);

    // (action, actor, target class, target id), in the order they are done.
    let mut expected: Vec<(&str, &Person, &str, String)> = Vec::new();
    set_featured(app, &w.moderator, &a, true).await;
    expected.push(("reuse.feature", &w.moderator, "Reuse", a.clone()));
    set_featured(app, &w.admin, &b, true).await;
    expected.push(("reuse.feature", &w.admin, "Reuse", b.clone()));
    let (status, body) = put_order(app, &w.moderator, json!([b, a])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    expected.push((
        "showcase.reorder",
        &w.moderator,
        "Showcase",
        "home".to_owned(),
    ));
    set_featured(app, &w.admin, &a, false).await;
    expected.push(("reuse.unfeature", &w.admin, "Reuse", a.clone()));
    for (method, action) in [
        (Method::POST, "reuse.archive"),
        (Method::DELETE, "reuse.unarchive"),
    ] {
        let (status, body) = app
            .call(
                method,
                &format!("/api/1/reuses/{b}/archive/"),
                w.moderator.me(),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        expected.push((action, &w.moderator, "Reuse", b.clone()));
    }
    for (report_id, by, status_value, action) in [
        (&on_a, &w.moderator, "dismissed", "report.dismiss"),
        (&on_b, &w.admin, "handled", "report.handle"),
    ] {
        let (status, body) = app
            .call(
                Method::PATCH,
                &format!("/api/1/reports/{report_id}/"),
                by.me(),
                Some(json!({"status": status_value})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        expected.push((action, by, "Report", report_id.clone()));
    }
    let (status, body) = approve(app, &w.moderator, &to_approve).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push((
        "message.approve",
        &w.moderator,
        "Message",
        to_approve.clone(),
    ));
    let (status, body) = remove(app, &w.admin, &to_remove, json!({"reason": "Publicité"})).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push(("message.remove", &w.admin, "Message", to_remove.clone()));
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/users/{}/deactivate/", victim.id()),
            w.moderator.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    expected.push((
        "user.deactivate",
        &w.moderator,
        "User",
        victim.id().to_owned(),
    ));

    // Admins only.
    for (who, user, wanted) in [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("a user", spammer.me(), StatusCode::FORBIDDEN),
        ("a moderator", w.moderator.me(), StatusCode::FORBIDDEN),
    ] {
        let (status, body) = app.call(Method::GET, "/api/1/audit/", user, None).await;
        assert_eq!(status, wanted, "{who}: {body}");
    }
    let (status, log) = app
        .call(
            Method::GET,
            "/api/1/audit/?page_size=100",
            w.admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let entries = log["data"].as_array().unwrap().clone();
    assert_eq!(log["total"].as_u64(), Some(entries.len() as u64), "{log}");

    // Each act, with who did it and to what.
    for (action, actor, class, target) in &expected {
        let found: Vec<&Value> = entries
            .iter()
            .filter(|entry| {
                entry["action"] == *action
                    && entry["target"] == json!({"class": class, "id": target})
            })
            .collect();
        assert_eq!(
            found.len(),
            1,
            "one {action} on {class} {target}: {entries:#?}"
        );
        let entry = found[0];
        assert_eq!(entry["actor"]["id"], actor.id(), "{entry}");
        assert_eq!(entry["actor"]["name"], actor.name.as_str(), "{entry}");
        assert!(entry["summary"].is_string(), "{entry}");
    }

    // Newest first.
    let at = |entry: &Value| -> DateTime<Utc> {
        entry["at"]
            .as_str()
            .unwrap_or_else(|| panic!("no date: {entry}"))
            .parse()
            .unwrap()
    };
    for pair in entries.windows(2) {
        assert!(at(&pair[0]) >= at(&pair[1]), "{} then {}", pair[0], pair[1]);
    }
    assert_eq!(entries[0]["action"], "user.deactivate", "{}", entries[0]);
    let ours: Vec<String> = entries
        .iter()
        .filter_map(|entry| {
            let action = entry["action"].as_str().unwrap();
            expected
                .iter()
                .any(|(wanted, _, class, target)| {
                    *wanted == action && entry["target"] == json!({"class": class, "id": target})
                })
                .then(|| action.to_owned())
        })
        .collect();
    let mut done: Vec<String> = expected
        .iter()
        .map(|(action, ..)| (*action).to_owned())
        .collect();
    done.reverse();
    assert_eq!(ours, done, "in reverse order of the acts");

    // Paged.
    let mut paged = Vec::new();
    let mut page = 1;
    loop {
        let (status, list) = app
            .call(
                Method::GET,
                &format!("/api/1/audit/?page_size=4&page={page}"),
                w.admin.me(),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["total"], log["total"], "{list}");
        let data = list["data"].as_array().unwrap();
        assert!(data.len() <= 4, "{list}");
        paged.extend(data.iter().cloned());
        if list["next_page"].is_null() {
            break;
        }
        page += 1;
        assert!(page < 20, "{list}");
    }
    assert_eq!(paged, entries, "the pages add up to the whole log");
}

#[tokio::test]
async fn writes_over_the_limit_get_429_with_retry_after() {
    let app = TestApp::with_env(&[("VITRINE_RATE_WRITES_PER_MINUTE", "5")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let busy = app.user("Busy", Role::User).await;
    let calm = app.user("Calm", Role::User).await;
    let open_body = |n: usize| {
        json!({"title": format!("Question {n}"), "comment": "Où ?",
               "subject": {"class": "Dataset", "id": "ds-air"}})
    };

    clear_of_window_end(60, 15).await;
    let mut answers = Vec::new();
    for n in 0..7 {
        answers.push(
            raw(
                &app,
                Method::POST,
                "/api/1/discussions/",
                Some(&busy),
                open_body(n),
            )
            .await,
        );
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|(status, ..)| *status).collect();
    assert_eq!(
        statuses[..5],
        [StatusCode::CREATED; 5],
        "five writes a minute pass: {answers:?}"
    );
    for (n, (status, retry_after, body)) in answers.iter().enumerate().skip(5) {
        assert_limited(
            &format!("write {}", n + 1),
            *status,
            retry_after.as_deref(),
            body,
            60,
        );
    }
    let first = answers[0].2["id"].as_str().unwrap().to_owned();
    let (status, retry_after, body) = raw(
        &app,
        Method::POST,
        &format!("/api/1/discussions/{first}/"),
        Some(&busy),
        json!({"comment": "Un commentaire"}),
    )
    .await;
    assert_limited("a comment", status, retry_after.as_deref(), &body, 60);

    // Reads are never limited; another user is not.
    for _ in 0..10 {
        let (status, list) = app
            .call(Method::GET, "/api/1/discussions/", Some(&busy), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
    }
    let (status, list) = app.get("/api/1/discussions/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 5, "the refused writes wrote nothing: {list}");
    let (status, retry_after, body) = raw(
        &app,
        Method::POST,
        "/api/1/discussions/",
        Some(&calm),
        open_body(99),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "another user: {body}");
    assert!(retry_after.is_none());
    let (status, _, body) = raw(
        &app,
        Method::POST,
        &format!("/api/1/discussions/{first}/"),
        Some(&calm),
        json!({"comment": "Moi aussi"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn anonymous_reports_over_the_limit_get_429() {
    let app = TestApp::with_env(&[("VITRINE_RATE_REPORTS_PER_HOUR", "3")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body = json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "spam"});

    clear_of_window_end(3600, 15).await;
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(raw(&app, Method::POST, "/api/1/reports/", None, body.clone()).await);
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|(status, ..)| *status).collect();
    assert_eq!(
        statuses[..3],
        [StatusCode::CREATED; 3],
        "three reports an hour pass: {answers:?}"
    );
    for (n, (status, retry_after, body)) in answers.iter().enumerate().skip(3) {
        assert_limited(
            &format!("report {}", n + 1),
            *status,
            retry_after.as_deref(),
            body,
            3600,
        );
    }
    let (status, reasons) = app.get("/api/1/reports/reasons/").await;
    assert_eq!(status, StatusCode::OK, "reads are not limited: {reasons}");
    let (status, list) = app
        .call(Method::GET, "/api/1/reports/", Some(&admin), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        list["total"], 3,
        "the refused reports wrote nothing: {list}"
    );
}

#[tokio::test]
async fn working_the_reports_is_not_counted_as_reporting() {
    let app = TestApp::with_env(&[("VITRINE_RATE_REPORTS_PER_HOUR", "3")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body = json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "spam"});

    clear_of_window_end(3600, 15).await;
    let mut reports = Vec::new();
    for _ in 0..3 {
        reports.push(id_of(&reported(&app, None, body.clone()).await));
    }
    // The reporters' address is used up; the moderator (same address here) still works.
    for (n, id) in reports.iter().enumerate() {
        let status_value = if n % 2 == 0 { "dismissed" } else { "handled" };
        let (status, retry_after, answer) = raw(
            &app,
            Method::PATCH,
            &format!("/api/1/reports/{id}/"),
            Some(&moderator),
            json!({"status": status_value}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a moderator resolving report {} (Retry-After {retry_after:?}): {answer}",
            n + 1
        );
    }
}

#[tokio::test]
async fn a_featured_reuse_made_private_leaves_the_public_showcase() {
    let w = world(&[]).await;
    let app = &w.app;
    let public = reuse(app, &w.owner, "Alpha Carte", json!({})).await;
    let hidden = reuse(app, &w.owner, "Bravo Secret", json!({})).await;
    for id in [&public, &hidden] {
        set_featured(app, &w.moderator, id, true).await;
    }
    let both = ["Alpha Carte", "Bravo Secret"];
    assert_eq!(featured_titles(app, None).await, both);
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{hidden}/"),
            w.owner.me(),
            Some(json!({"private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["private"], true, "{body}");
    assert_eq!(
        home_order(app, &both).await,
        ["Alpha Carte"],
        "the home page hides it"
    );
    let (status, body) = app.get(&format!("/api/1/reuses/{hidden}/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    for (who, user) in [("anonymous", None), ("another user", w.org_editor.me())] {
        assert_eq!(
            featured_titles(app, user).await,
            ["Alpha Carte"],
            "GET /reuses/featured/ as {who} shows a private reuse"
        );
    }
    assert_eq!(
        featured_titles(app, w.owner.me()).await,
        ["Alpha Carte"],
        "the showcase is the home page's, for its owner too"
    );
    assert_eq!(
        featured_titles(app, w.moderator.me()).await,
        both,
        "moderators get every featured reuse, the list PUT takes"
    );
}

#[tokio::test]
async fn the_permission_matrix_of_every_moderation_endpoint() {
    let w = world(&[]).await;
    let app = &w.app;
    let plain = person(app, "Paul", Role::User).await;
    let spammer = person(app, "Sam", Role::User).await;
    let first_victim = person(app, "Victor", Role::User).await;
    let second_victim = person(app, "Vera", Role::User).await;
    let org_reuse = reuse(
        app,
        &w.org_admin,
        "Carte de la ville",
        json!({"organization": w.org_id}),
    )
    .await;
    let own_reuse = reuse(app, &w.owner, "Carte d'Olivia", json!({})).await;
    set_featured(app, &w.admin, &own_reuse, true).await;
    let mut held_ids = Vec::new();
    for n in 0..4 {
        let created = open(app, &spammer, "ds-air", &format!("Casino {n}"), "Venez.").await;
        held_ids.push(id_of(&created["discussion"][0]));
    }
    let report_id = id_of(
        &reported(
            app,
            None,
            json!({"subject": {"class": "Reuse", "id": own_reuse}, "reason": "spam"}),
        )
        .await,
    );
    let report_path = format!("/api/1/reports/{report_id}/");
    let held_ids_sorted = {
        let mut all = held_ids.clone();
        all.reverse();
        all
    };

    let denied: [(&str, Option<&TestUser>, StatusCode); 4] = [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        ("a plain user", plain.me(), StatusCode::FORBIDDEN),
        (
            "an organization admin",
            w.org_admin.me(),
            StatusCode::FORBIDDEN,
        ),
        ("the reuse owner", w.owner.me(), StatusCode::FORBIDDEN),
    ];
    let staff = [("a moderator", &w.moderator), ("an admin", &w.admin)];

    // Repeatable calls: refused to the denied, done by moderators and admins.
    let mut calls: Vec<(Method, String, Option<Value>, StatusCode)> = vec![
        (
            Method::GET,
            "/api/1/moderation/held/".to_owned(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/api/1/reports/".to_owned(),
            None,
            StatusCode::OK,
        ),
        (
            Method::GET,
            "/api/1/reports/?open=false".to_owned(),
            None,
            StatusCode::OK,
        ),
        (Method::GET, report_path.clone(), None, StatusCode::OK),
        (
            Method::PATCH,
            report_path.clone(),
            Some(json!({"status": "dismissed"})),
            StatusCode::OK,
        ),
        (
            Method::PUT,
            "/api/1/reuses/featured/".to_owned(),
            Some(json!({"order": [own_reuse]})),
            StatusCode::OK,
        ),
    ];
    // The organization's reuse ends unfeatured, Olivia's featured: the order stays valid.
    for (id, featured_first) in [(&org_reuse, true), (&own_reuse, false)] {
        let (first, then) = if featured_first {
            (Method::POST, Method::DELETE)
        } else {
            (Method::DELETE, Method::POST)
        };
        for (method, what) in [
            (first, "featured"),
            (then, "featured"),
            (Method::POST, "archive"),
            (Method::DELETE, "archive"),
        ] {
            calls.push((
                method,
                format!("/api/1/reuses/{id}/{what}/"),
                None,
                StatusCode::OK,
            ));
        }
    }
    // One-off calls: refused to the denied here, done once each by staff below.
    let one_offs: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("/api/1/moderation/held/{}/approve/", held_ids[0]),
            None,
        ),
        (
            Method::POST,
            format!("/api/1/moderation/held/{}/remove/", held_ids[0]),
            Some(json!({"reason": "Publicité"})),
        ),
        (
            Method::POST,
            format!("/api/1/users/{}/deactivate/", first_victim.id()),
            None,
        ),
        (Method::GET, "/api/1/audit/".to_owned(), None),
    ];
    for (method, path, body) in calls
        .iter()
        .map(|(method, path, body, _)| (method, path, body))
        .chain(
            one_offs
                .iter()
                .map(|(method, path, body)| (method, path, body)),
        )
    {
        for (who, user, wanted) in &denied {
            let (status, answer) = app.call(method.clone(), path, *user, body.clone()).await;
            assert_eq!(status, *wanted, "{method} {path} as {who}: {answer}");
        }
    }

    // Nothing changed.
    assert_eq!(ids(&held(app, &w.moderator).await), held_ids_sorted);
    let untouched = report_view(app, &w.moderator, &report_id).await;
    assert!(untouched["dismissed_at"].is_null(), "{untouched}");
    assert_eq!(
        reuse_view(app, &w.owner, &own_reuse).await["featured"],
        true
    );
    assert_eq!(
        reuse_view(app, &w.org_admin, &org_reuse).await["featured"],
        false
    );
    for (id, by) in [(&own_reuse, &w.owner), (&org_reuse, &w.org_admin)] {
        assert!(reuse_view(app, by, id).await["archived"].is_null());
    }
    assert_eq!(key_works(app, &first_victim.user).await, StatusCode::OK);
    let (status, log) = app
        .call(
            Method::GET,
            "/api/1/audit/?page_size=100",
            w.admin.me(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let logged = log["total"].clone();

    // Moderators and admins may.
    for (who, by) in &staff {
        for (method, path, body, wanted) in &calls {
            let (status, answer) = app.call(method.clone(), path, by.me(), body.clone()).await;
            assert_eq!(status, *wanted, "{method} {path} as {who}: {answer}");
        }
    }
    let (status, log) = app
        .call(Method::GET, "/api/1/audit/", w.admin.me(), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    assert_ne!(log["total"], logged, "the staff's acts are logged");
    let (status, body) = app
        .call(Method::GET, "/api/1/audit/", w.moderator.me(), None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the audit log is for admins: {body}"
    );
    let staff_people = [&w.moderator, &w.admin];
    for (n, by) in staff_people.iter().enumerate() {
        let (status, body) = approve(app, by, &held_ids[n]).await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} approving: {body}",
            by.name
        );
        let (status, body) = remove(app, by, &held_ids[n + 2], json!({"reason": "Pub"})).await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} removing: {body}",
            by.name
        );
    }
    assert!(held(app, &w.admin).await.is_empty());
    for (by, victim) in [(&w.moderator, &first_victim), (&w.admin, &second_victim)] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/users/{}/deactivate/", victim.id()),
                by.me(),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{} deactivating: {body}",
            by.name
        );
        assert_eq!(key_works(app, &victim.user).await, StatusCode::UNAUTHORIZED);
    }

    // Open to everyone.
    let everyone: Vec<(&str, Option<&TestUser>)> = denied
        .iter()
        .map(|(who, user, _)| (*who, *user))
        .chain(staff.iter().map(|(who, by)| (*who, by.me())))
        .collect();
    for (who, user) in everyone {
        let (status, body) = report(
            app,
            user,
            json!({"subject": {"class": "Reuse", "id": org_reuse}, "reason": "others"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "reporting as {who}: {body}");
        for path in ["/api/1/reports/reasons/", "/api/1/reuses/featured/"] {
            let (status, body) = app.call(Method::GET, path, user, None).await;
            assert_eq!(status, StatusCode::OK, "GET {path} as {who}: {body}");
        }
    }
}
