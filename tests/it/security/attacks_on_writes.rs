//! Holes of the attack review in writes: edits and renames that skipped the spam hold, a private
//! reuse's new slug told by its old one, ids and slugs that could be taken for each other, an
//! organization's reuse left without owner by its edit form.

use reqwest::header::{COOKIE, LOCATION};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{create, id_of};
use crate::support::discussions::{counts, fetch, open};
use crate::support::moderation::{approve, held};
use crate::support::notifications::kinds;
use crate::support::reuses::a_reuse;
use crate::support::web::{client, csrf_from, page_as, signed_in};
use crate::support::world::organization;
use crate::support::{TestApp, TestUser};

/// A reply that a new account may not post: a spam word and four links.
const SPAM: &str = "best casino bonus [1](https://a.example/1) [2](https://b.example/2) \
                    [3](https://c.example/3) [4](https://d.example/4)";

/// An app with a moderator and dataset `ds` (bus times) published by `producer` (a new account,
/// as every account of a test is).
struct BusTimes {
    app: TestApp,
    moderator: TestUser,
    producer: TestUser,
}

async fn bus_times() -> BusTimes {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let producer = app.user("Paul", Role::User).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds", "title": "Horaires des bus", "owner": producer.id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    BusTimes {
        app,
        moderator,
        producer,
    }
}

/// Opens a discussion about `ds`, which must succeed and not be held; returns its id.
async fn open_unheld(app: &TestApp, by: &TestUser, title: &str, comment: &str) -> String {
    let body = open(app, by, "ds", title, comment).await;
    assert_eq!(body["pending"], false, "{body}");
    id_of(&body)
}

/// The contents of the messages of a discussion as `user` reads it, which must succeed.
async fn contents(app: &TestApp, user: Option<&TestUser>, id: &str) -> Vec<String> {
    let (status, body) = fetch(app, user, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["discussion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap().to_owned())
        .collect()
}

/// The held queue as moderators get it from the API: (message id, title, is the question).
async fn held_queue(w: &BusTimes) -> Vec<(String, String, bool)> {
    held(&w.app, &w.moderator)
        .await
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_owned(),
                item["title"].as_str().unwrap().to_owned(),
                item["is_question"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_reply_edited_into_spam_is_held_again_counted_nowhere_until_approved() {
    let w = bus_times().await;
    let app = &w.app;
    let asker = app.user("Alice", Role::User).await;
    let other = app.user("Oscar", Role::User).await;
    let id = open_unheld(app, &asker, "Horaires du dimanche", "Où sont-ils ?").await;
    // The producer (a new account) answers harmlessly; the asker hears of it.
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            Some(&w.producer),
            Some(json!({"comment": "hello"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reply = body["discussion"][1]["id"].as_str().unwrap().to_owned();
    assert_eq!(body["discussion"][1]["pending"], false, "{body}");
    assert!(!body["first_answered_at"].is_null(), "{body}");
    assert_eq!(kinds(app, &asker).await, ["new_comment"]);

    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/discussions/{id}/comments/1/"),
            Some(&w.producer),
            Some(json!({"comment": SPAM})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["discussion"][1]["pending"], true, "held again: {body}");

    // Hidden from everyone but its author and moderators, and counted nowhere.
    let question = vec!["Où sont-ils ?".to_owned()];
    for (who, user) in [
        ("anonymous", None),
        ("the asker", Some(&asker)),
        ("another user", Some(&other)),
    ] {
        let (status, body) = fetch(app, user, &id).await;
        assert_eq!(status, StatusCode::OK, "{who}: {body}");
        assert!(!body.to_string().contains("casino"), "{who}: {body}");
        assert_eq!(contents(app, user, &id).await, question, "{who}");
        assert!(body["first_answered_at"].is_null(), "{who}: {body}");
        assert_eq!(body["answered"], false, "{who}: {body}");
        let (status, found) = app
            .call(Method::GET, "/api/1/discussions/?q=casino", user, None)
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["total"], 0, "{who} finds it by its words: {found}");
    }
    let with_reply = vec!["Où sont-ils ?".to_owned(), SPAM.to_owned()];
    assert_eq!(contents(app, Some(&w.producer), &id).await, with_reply);
    assert_eq!(contents(app, Some(&w.moderator), &id).await, with_reply);
    assert_eq!(
        held_queue(&w).await,
        [(reply.clone(), "Horaires du dimanche".to_owned(), false)]
    );
    assert_eq!(kinds(app, &asker).await, ["new_comment"], "told nothing");

    // Approving publishes the edit; nobody is told twice.
    let (status, body) = approve(&w.app, &w.moderator, &reply).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(contents(app, None, &id).await, with_reply);
    let (_, body) = fetch(app, Some(&other), &id).await;
    assert!(!body["first_answered_at"].is_null(), "{body}");
    assert_eq!(body["discussion"][1]["pending"], false, "{body}");
    assert!(held_queue(&w).await.is_empty());
    assert_eq!(kinds(app, &asker).await, ["new_comment"]);
}

#[tokio::test]
async fn a_question_edited_or_retitled_into_spam_takes_its_thread_back_to_the_queue() {
    let w = bus_times().await;
    let app = &w.app;
    let asker = app.user("Alice", Role::User).await;
    let other = app.user("Oscar", Role::User).await;
    let edited = open_unheld(app, &asker, "Bonjour", "hello").await;
    let renamed = open_unheld(app, &asker, "Une question", "hello").await;
    assert_eq!(counts(app, "/api/1/datasets/ds/").await.0, 2);
    assert_eq!(kinds(app, &w.producer).await, ["new_discussion"; 2]);

    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/discussions/{edited}/comments/0/"),
            Some(&asker),
            Some(json!({"comment": SPAM})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["pending"], true, "{body}");
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/discussions/{renamed}/"),
            Some(&asker),
            Some(json!({"title": "VIAGRA casino cheap"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["pending"], true, "{body}");
    assert_eq!(body["title"], "VIAGRA casino cheap");

    // Both threads are gone for everybody else: pages, API, lists and counts.
    for (who, user) in [
        ("anonymous", None),
        ("another user", Some(&other)),
        ("the producer", Some(&w.producer)),
    ] {
        for id in [&edited, &renamed] {
            let (status, body) = fetch(app, user, id).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
        }
        let (status, list) = app
            .call(Method::GET, "/api/1/discussions/?for=ds", user, None)
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["total"], 0, "{who}: {list}");
    }
    let html = app
        .request(Method::GET, &format!("/discussions/{renamed}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(html.status(), StatusCode::NOT_FOUND);
    assert!(!html.text().await.unwrap().contains("VIAGRA"));
    let html = app
        .request(Method::GET, "/datasets/horaires-des-bus/")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("VIAGRA") && !html.contains("casino"));
    assert_eq!(
        counts(app, "/api/1/datasets/ds/").await.0,
        0,
        "counted nowhere"
    );
    assert_eq!(contents(app, Some(&asker), &edited).await, [SPAM]);

    // The moderators' queue has both questions, under their new titles.
    let queue = held_queue(&w).await;
    assert_eq!(queue.len(), 2, "{queue:?}");
    let titles: Vec<(&str, bool)> = queue.iter().map(|(_, t, q)| (t.as_str(), *q)).collect();
    assert!(titles.contains(&("Bonjour", true)), "{queue:?}");
    assert!(titles.contains(&("VIAGRA casino cheap", true)), "{queue:?}");

    for (message, _, _) in &queue {
        let (status, body) = approve(&w.app, &w.moderator, message).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    assert_eq!(counts(app, "/api/1/datasets/ds/").await.0, 2);
    assert_eq!(contents(app, None, &edited).await, [SPAM]);
    let (status, body) = fetch(app, Some(&other), &renamed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["title"], "VIAGRA casino cheap");
    assert_eq!(body["pending"], false);
    assert_eq!(
        kinds(app, &w.producer).await,
        ["new_discussion"; 2],
        "approving an edit tells nobody twice"
    );
}

#[tokio::test]
async fn the_edit_and_title_forms_hold_spam_as_the_api_does() {
    let w = bus_times().await;
    let app = &w.app;
    let asker = app.user("Alice", Role::User).await;
    let id = open_unheld(app, &asker, "Horaires", "hello").await;
    let (status, body) = app
        .call(
            Method::POST,
            &format!("/api/1/discussions/{id}/"),
            Some(&asker),
            Some(json!({"comment": "Merci d’avance"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reply = body["discussion"][1]["id"].as_str().unwrap().to_owned();
    let cookie = signed_in(app, &asker.id).await;
    let token =
        csrf_from(&page_as(app, &format!("/discussions/{id}/?edit={reply}"), &cookie).await);
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let mut form = form;
        form.push(("csrf_token", token.clone()));
        client()
            .post(format!("{}{}", app.url, path.trim_start_matches('/')))
            .header(COOKIE, &cookie)
            .form(&form)
            .send()
    };

    // Links alone (no spam word) are over a new account's limit.
    let links = "Voir [1](https://a.example/1) [2](https://b.example/2) [3](https://c.example/3)";
    let saved = post(
        format!("/discussions/{id}/comments/{reply}"),
        vec![("comment", links.to_owned()), ("action", "save".to_owned())],
    )
    .await
    .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(contents(app, None, &id).await, ["hello"]);
    assert_eq!(contents(app, Some(&asker), &id).await, ["hello", links]);
    assert_eq!(
        held_queue(&w).await,
        [(reply, "Horaires".to_owned(), false)]
    );

    let saved = post(
        format!("/discussions/{id}/title"),
        vec![("title", "VIAGRA casino cheap".to_owned())],
    )
    .await
    .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (status, body) = fetch(app, None, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let page = app
        .request(Method::GET, &format!("/discussions/{id}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert_eq!(held_queue(&w).await.len(), 2);
    assert_eq!(counts(app, "/api/1/datasets/ds/").await.0, 0);
}

/// `GET path` without following redirects, with `cookie` or an API key when given: the status,
/// the `Location` and the body.
async fn raw_get(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    key: Option<&TestUser>,
) -> (StatusCode, String, String) {
    let mut request = client().get(format!("{}{}", app.url, path.trim_start_matches('/')));
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    if let Some(user) = key {
        request = request.header("X-API-KEY", &user.token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

#[tokio::test]
async fn an_old_slug_tells_a_hidden_reuses_new_slug_only_to_who_may_see_it() {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let owner = app.user("Olivia", Role::User).await;
    let other = app.user("Oscar", Role::User).await;
    let (_, id, old) = a_reuse(&app, &admin, &owner).await;
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"title": "Projet confidentiel", "private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let new = body["slug"].as_str().unwrap().to_owned();
    assert_eq!(new, "projet-confidentiel");

    let other_cookie = signed_in(&app, &other.id).await;
    let (_, _, unknown) = raw_get(&app, "/api/1/reuses/no-such-reuse/", None, None).await;
    for (who, cookie, key) in [
        ("anonymous", None, None),
        ("another user", Some(other_cookie.as_str()), Some(&other)),
    ] {
        for path in [format!("/api/1/reuses/{old}/"), format!("/reuses/{old}/")] {
            let (status, location, body) = raw_get(&app, &path, cookie, key).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} {path}: {body}");
            assert_eq!(location, "", "{who} {path}");
            assert!(!body.contains(&new), "{who} {path}: {body}");
            assert!(!body.contains("confidentiel"), "{who} {path}: {body}");
        }
        let (_, _, api) = raw_get(&app, &format!("/api/1/reuses/{old}/"), cookie, key).await;
        assert_eq!(
            api,
            unknown.replace("no-such-reuse", &old),
            "{who}: the answer of an unknown slug"
        );
        // Writing on the old slug tells nothing either.
        for (method, path) in [
            (Method::PUT, format!("/api/1/reuses/{old}/")),
            (Method::POST, format!("/api/1/reuses/{old}/followers/")),
        ] {
            let (status, body) = app
                .call(method.clone(), &path, key, Some(json!({"title": "x"})))
                .await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::UNAUTHORIZED,
                "{who} {method} {path}: {status} {body}"
            );
            assert!(!body.to_string().contains(&new), "{who}: {body}");
        }
    }

    // Those who may see it are still sent on.
    let owner_cookie = signed_in(&app, &owner.id).await;
    let moderator_cookie = signed_in(&app, &moderator.id).await;
    for (who, cookie, key) in [
        ("the owner", owner_cookie.as_str(), &owner),
        ("a moderator", moderator_cookie.as_str(), &moderator),
    ] {
        let (status, location, _) =
            raw_get(&app, &format!("/api/1/reuses/{old}/"), None, Some(key)).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{who}");
        assert_eq!(location, format!("{}api/1/reuses/{new}/", app.url), "{who}");
        let (status, location, _) =
            raw_get(&app, &format!("/reuses/{old}/"), Some(cookie), None).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{who}");
        assert_eq!(location, format!("/reuses/{new}/"), "{who}");
    }

    // Public again, the old slug leads everybody on.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&owner),
            Some(json!({"private": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, location, _) = raw_get(&app, &format!("/reuses/{old}/"), None, None).await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(location, format!("/reuses/{new}/"));
}

/// Creates a reuse of `dataset` titled `title` as `by`; returns its id and slug.
async fn spam_reuse(app: &TestApp, by: &TestUser, dataset: &str, title: &str) -> (String, String) {
    let body = create(
        app,
        by,
        "/api/1/reuses/",
        json!({
            "title": title, "description": "Spam", "type": "visualization",
            "topic": "health", "datasets": [dataset],
            "url": format!("https://spam.example/{}", uuid::Uuid::new_v4()),
        }),
    )
    .await;
    (
        body["id"].as_str().unwrap().to_owned(),
        body["slug"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_title_shaped_like_an_id_never_slugs_to_one() {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let victim = app.user("Victor", Role::User).await;
    let attacker = app.user("Mallory", Role::User).await;
    let (dataset, id, _) = a_reuse(&app, &admin, &victim).await;
    assert!(vitrine::models::is_object_id(&id), "{id}");
    // Ids issued before were UUIDs, and still resolve: a title shaped like one is no slug either.
    let old_style = uuid::Uuid::now_v7().hyphenated().to_string();
    let looks_like_an_id =
        |slug: &str| vitrine::models::is_object_id(slug) || uuid::Uuid::try_parse(slug).is_ok();

    // The victim's id as a title, in both cases, and an id as they were: another slug.
    let mut lookalikes = Vec::new();
    for title in [id.clone(), id.to_uppercase(), old_style.to_uppercase()] {
        let (lookalike, slug) = spam_reuse(&app, &attacker, &dataset, &title).await;
        assert!(!looks_like_an_id(&slug), "{title} → {slug}");
        lookalikes.push(lookalike);
    }
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{}/", lookalikes[0]),
            Some(&attacker),
            Some(json!({"title": id.to_uppercase()})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!looks_like_an_id(body["slug"].as_str().unwrap()), "{body}");
    let (status, body) = app.get(&format!("/api/1/reuses/{id}/")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], id.as_str(), "{body}");
}

#[tokio::test]
async fn an_id_wins_over_another_reuses_slug_spelled_like_it() {
    let app = TestApp::new().await;
    let admin = app.user("Root", Role::Admin).await;
    let victim = app.user("Victor", Role::User).await;
    let attacker = app.user("Mallory", Role::User).await;
    let (dataset, id, _) = a_reuse(&app, &admin, &victim).await;
    // A slug spelled like the victim's id, as one made before slugs were kept from it.
    let (lookalike, _) = spam_reuse(&app, &attacker, &dataset, "Spam").await;
    entity::reuses::Entity::update_many()
        .col_expr(
            entity::reuses::Column::Slug,
            sea_orm::sea_query::Expr::value(id.clone()),
        )
        .filter(entity::reuses::Column::Id.eq(lookalike.as_str()))
        .exec(app.db())
        .await
        .unwrap();

    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&victim),
            Some(json!({"private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["id"],
        id.as_str(),
        "the victim edits their own: {body}"
    );
    // Hidden from them, the victim's reuse is not replaced by the attacker's.
    for (who, user) in [("anonymous", None), ("the attacker", Some(&attacker))] {
        let (status, body) = app
            .call(Method::GET, &format!("/api/1/reuses/{id}/"), user, None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {body}");
    }
    let (status, _, body) = raw_get(&app, &format!("/reuses/{id}/"), None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(!body.contains("Spam"));
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{id}/"),
            Some(&attacker),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/api/1/reuses/{id}/"),
            Some(&victim),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], id.as_str(), "{body}");
    assert_eq!(body["deleted"], Value::Null);
}

/// The owner's and the organization's ids of reuse `id`, as the API shows them.
async fn owned_by(app: &TestApp, id: &str) -> (Value, Value) {
    let (status, body) = app
        .call(Method::GET, &format!("/api/1/reuses/{id}/"), None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        body["owner"]["id"].clone(),
        body["organization"]["id"].clone(),
    )
}

/// An organization (`org_admin`, and `editor` as editor) publishing dataset `d1` and a reuse of
/// it, `carte`; returns the organization's and the reuse's ids.
async fn an_organizations_reuse(
    app: &TestApp,
    org_admin: &TestUser,
    editor: &TestUser,
) -> (String, String) {
    let admin = app.user("Root", Role::Admin).await;
    let org = organization(app, org_admin, "Ville de Lyon", &editor.id).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "d1", "title": "Jeu de données", "organization": org})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(org_admin),
            Some(json!({"title": "Carte", "description": "Une carte.",
                        "url": "https://carte.example", "type": "visualization",
                        "topic": "health", "datasets": ["d1"], "organization": org})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reuse}");
    let id = reuse["id"].as_str().unwrap().to_owned();
    assert_eq!(
        owned_by(app, &id).await,
        (Value::Null, Value::String(org.clone()))
    );
    (org, id)
}

#[tokio::test]
async fn a_moderators_edit_form_leaves_an_organizations_reuse_with_it() {
    let app = TestApp::new().await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let org_admin = app.user("Orga", Role::User).await;
    let editor = app.user("Edith", Role::User).await;
    let (org, id) = an_organizations_reuse(&app, &org_admin, &editor).await;
    let org_owned = (Value::Null, Value::String(org.clone()));

    // A moderator (member of no organization) fixes a typo with the form as the page gives it.
    let cookie = signed_in(&app, &moderator.id).await;
    let html = page_as(&app, "/reuses/carte/edit", &cookie).await;
    let fields = |title: &str| {
        vec![
            ("csrf_token", csrf_from(&html)),
            ("title", title.to_owned()),
            ("description", "Une carte.".to_owned()),
            ("url", "https://carte.example".to_owned()),
            ("type", "visualization".to_owned()),
            ("topic", "health".to_owned()),
            ("tags", String::new()),
            ("datasets", "d1".to_owned()),
        ]
    };
    let save = |slug: &str, form: Vec<(&'static str, String)>| {
        client()
            .post(format!("{}reuses/{slug}/edit", app.url))
            .header(COOKIE, &cookie)
            .form(&form)
            .send()
    };
    // Without the field (no choice on the page), the organization stays.
    let saved = save("carte", fields("Carte des pistes")).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(owned_by(&app, &id).await, org_owned);
    // The page offers it, selected, and saving it keeps it.
    let html = page_as(&app, "/reuses/carte-des-pistes/edit", &cookie).await;
    let option = format!("<option value=\"{org}\" selected>Ville de Lyon</option>");
    assert!(html.contains(&option), "{html}");
    let mut with_org = fields("Carte des pistes cyclables");
    with_org.push(("organization", org.clone()));
    let saved = save("carte-des-pistes", with_org).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(owned_by(&app, &id).await, org_owned);
}

#[tokio::test]
async fn an_organizations_reuse_taken_from_it_is_the_callers() {
    let app = TestApp::new().await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let org_admin = app.user("Orga", Role::User).await;
    let editor = app.user("Edith", Role::User).await;
    let (_, id) = an_organizations_reuse(&app, &org_admin, &editor).await;

    // `null` is "yourself", as the API says: the editor who sends it owns the reuse.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&editor),
            Some(json!({"organization": null})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["owner"]["id"], editor.id.as_str(), "{body}");
    assert_eq!(body["organization"], Value::Null, "{body}");
    // A user's reuse keeps its owner whoever sends `null`.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&moderator),
            Some(json!({"organization": null, "title": "Carte des pistes"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["owner"]["id"], editor.id.as_str(), "{body}");
    assert_eq!(owned_by(&app, &id).await.0, editor.id.as_str());
}

#[tokio::test]
async fn an_organization_slug_spelled_like_another_ones_id_never_stands_for_it() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::new().await;
    let mallory = app.user("Mallory", Role::User).await;
    // A catalog organization's id is public before it is imported: a slug can take it first.
    let catalog_id = "5e7e104ace2080d9162b61d8";
    let (status, lookalike) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&mallory),
            Some(json!({"name": "Fausse agence", "slug": catalog_id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{lookalike}");
    assert_eq!(lookalike["slug"], catalog_id);
    let now = chrono::Utc::now();
    entity::organizations::ActiveModel {
        id: Set(catalog_id.to_owned()),
        name: Set("Santé publique France".to_owned()),
        slug: Set("sante-publique-france".to_owned()),
        description: Set(String::new()),
        url: Set(None),
        logo: Set(None),
        acronym: Set(None),
        badges: Set("[]".to_owned()),
        created_at: Set(now),
        last_modified: Set(now),
    }
    .insert(app.db())
    .await
    .unwrap();
    let (status, found) = app
        .call(
            Method::GET,
            &format!("/api/1/organizations/{catalog_id}/"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["name"], "Santé publique France", "{found}");
}

#[tokio::test]
async fn replies_and_closings_in_a_held_thread_are_told_to_nobody() {
    let w = bus_times().await;
    let app = &w.app;
    let spammer = app.user("Sam", Role::User).await;
    let (status, thread) = app
        .call(
            Method::POST,
            "/api/1/discussions/",
            Some(&spammer),
            Some(json!({"title": "Offre", "comment": SPAM,
                        "subject": {"class": "Dataset", "id": "ds"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    assert_eq!(thread["pending"], true, "{thread}");
    let url = format!("/api/1/discussions/{}/", thread["id"].as_str().unwrap());
    // Its author replies in it (no spam word, no link: not held on its own), then closes it.
    for body in [
        json!({"comment": "Écrivez-moi à sam at example"}),
        json!({"close": true}),
    ] {
        let (status, answer) = app
            .call(Method::POST, &url, Some(&spammer), Some(body))
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    assert_eq!(kinds(app, &w.producer).await, Vec::<String>::new());
    let mails: Vec<String> = entity::outbox::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.template)
        .collect();
    assert!(mails.is_empty(), "{mails:?}");
    assert_eq!(counts(app, "/api/1/datasets/ds/").await.0, 0);
}
