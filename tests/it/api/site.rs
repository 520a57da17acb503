//! The site as a whole, in udata's shapes: `/site/` and its counters, `/activity/` and
//! `/tags/suggest/`.

use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::{assert_refused, create, id_of};
use crate::support::datasets::follow;
use crate::support::discussions::{open, open_on, reply};
use crate::support::reuses::reuse;
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

/// `GET /site/`'s metrics, which must answer.
async fn metrics(app: &TestApp) -> Value {
    let (status, site) = app.get("/api/1/site/").await;
    assert_eq!(status, StatusCode::OK, "{site}");
    site["metrics"].clone()
}

#[tokio::test]
async fn the_site_counts_what_everybody_may_see() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    // Accounts are made in the database directly: a write through the API makes the counters
    // be counted again.
    follow(app, &asker, "ds-perso").await;

    let (status, site) = app.get("/api/1/site/").await;
    assert_eq!(status, StatusCode::OK, "{site}");
    let host = reqwest::Url::parse(&app.url).unwrap();
    assert_eq!(site["id"], host.host_str().unwrap(), "{site}");
    assert_eq!(site["title"], "Vitrine");
    assert_eq!(site["keywords"], json!([]));
    assert!(site["feed_size"].is_u64(), "{site}");
    assert_eq!(site["version"], env!("CARGO_PKG_VERSION"));
    let users = entity::users::Entity::find()
        .filter(entity::users::Column::Active.eq(true))
        .filter(entity::users::Column::EmailVerified.eq(true))
        .count(app.db())
        .await
        .unwrap();
    let counted = &site["metrics"];
    for (key, value) in [
        ("datasets", 3),
        ("reuses", 0),
        ("organizations", 1),
        ("users", users),
        ("discussions", 0),
        ("followers", 1),
        ("max_dataset_followers", 1),
        ("max_dataset_reuses", 0),
        ("max_reuse_datasets", 0),
        ("max_reuse_followers", 0),
    ] {
        assert_eq!(counted[key], value, "{key}: {counted}");
    }

    // What is hidden is not counted: a private reuse, a held discussion.
    let mut body = json!({"datasets": ["ds-air", "ds-velo"]});
    reuse(app, &w.owner, "Carte de l'air", body.clone()).await;
    body["private"] = json!(true);
    reuse(app, &w.owner, "Brouillon", body).await;
    open(app, &asker, "ds-air", "Données 2023", "Où sont-elles ?").await;
    let spammer = app.user("Sam", Role::User).await;
    open(app, &spammer, "ds-air", "Gagnez au CASINO", "Une offre.").await;
    let counted = metrics(app).await;
    for (key, value) in [
        ("reuses", 1),
        ("discussions", 1),
        ("max_dataset_reuses", 1),
        ("max_reuse_datasets", 2),
    ] {
        assert_eq!(counted[key], value, "{key}: {counted}");
    }
}

#[tokio::test]
async fn tags_are_suggested_from_visible_reuses_and_the_catalog() {
    let w = world(&[]).await;
    let app = &w.app;
    create(
        app,
        &w.admin,
        "/api/1/datasets/",
        json!({"id": "ds-bus", "title": "Lignes de bus", "tags": ["transport", "bus"]}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Carte des transports",
        json!({"tags": ["transport", "transports-publics", "velo"]}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Brouillon",
        json!({"tags": ["transport-secret"], "private": true}),
    )
    .await;

    let suggested = |query: &'static str| async move {
        let (status, body) = app.get(&format!("/api/1/tags/suggest/?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        body
    };
    assert_eq!(
        suggested("q=Transport").await,
        json!([{"text": "transport"}, {"text": "transports-publics"}]),
        "the most used first, the private reuse's tag never"
    );
    assert_eq!(
        suggested("q=transport&size=1").await,
        json!([{"text": "transport"}])
    );
    assert_eq!(suggested("q=v%C3%A9lo").await, json!([{"text": "velo"}]));
    assert_eq!(suggested("q=zorglub").await, json!([]));

    for (query, field) in [("size=3", "q"), ("q=bus&size=0", "size")] {
        let (status, body) = app.get(&format!("/api/1/tags/suggest/?{query}")).await;
        assert_refused(status, &body, field, query);
    }
}

/// `GET /activity/{query}` as anonymous, which must answer a page.
async fn activity(app: &TestApp, query: &str) -> Value {
    let (status, page) = app.get(&format!("/api/1/activity/{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page
}

/// The `(key, related_to_id)` of each event of a page.
fn events(page: &Value) -> Vec<(String, String)> {
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|event| {
            (
                event["key"].as_str().unwrap().to_owned(),
                event["related_to_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(key, id)| ((*key).to_owned(), (*id).to_owned()))
        .collect()
}

/// `by` follows reuse `id`, which must succeed.
async fn follow_reuse(app: &TestApp, by: &TestUser, id: &str) {
    let path = format!("/api/1/reuses/{id}/followers/");
    app.call_ok(Method::POST, &path, by, None).await;
}

#[tokio::test]
async fn the_activity_tells_what_the_community_did_newest_first() {
    let w = world(&[]).await;
    let app = &w.app;
    let asker = app.user("Camille", Role::User).await;
    let spammer = app.user("Sam", Role::User).await;

    let map = reuse(app, &w.owner, "Carte de l'air", json!({})).await;
    let org_map = reuse(
        app,
        &w.org_editor,
        "Carte de la ville",
        json!({"organization": {"id": w.org_id}}),
    )
    .await;
    reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;
    let question = id_of(&open(app, &asker, "ds-air", "Données 2023", "Où ?").await);
    reply(
        app,
        &w.org_editor,
        &question,
        json!({"comment": "Ici.", "organization": {"id": w.org_id}}),
    )
    .await;
    open(app, &spammer, "ds-air", "Gagnez au CASINO", "Une offre.").await;
    open_on(app, &asker, "Reuse", &map, "Sources ?", "Lesquelles ?").await;
    follow_reuse(app, &asker, &map).await;
    follow(app, &asker, "ds-perso").await;

    let page = activity(app, "").await;
    assert_eq!(
        events(&page),
        pairs(&[
            ("dataset:followed", "ds-perso"),
            ("reuse:followed", &map),
            ("reuse:discussed", &map),
            ("dataset:discussed", "ds-air"),
            ("dataset:discussed", "ds-air"),
            ("reuse:created", &org_map),
            ("reuse:created", &map),
        ]),
        "nothing private or held: {page}"
    );
    assert_eq!(page["total"], 7);
    let created = &page["data"][6];
    assert_eq!(created["actor"]["id"], w.owner.id.as_str(), "{created}");
    assert!(created["organization"].is_null(), "{created}");
    assert_eq!(created["related_to"], "Carte de l'air");
    assert_eq!(created["related_to_kind"], "Reuse");
    assert_eq!(
        created["related_to_url"],
        format!("{}api/1/reuses/{map}/", app.url)
    );
    assert_eq!(created["icon"], "fa fa-plus");
    assert_eq!(created["changes"], json!([]));
    assert_eq!(created["extras"], json!({}));
    assert!(created["created_at"].is_string(), "{created}");
    let by_org = &page["data"][5];
    assert!(
        by_org["actor"].is_null(),
        "who made it is not kept: {by_org}"
    );
    assert_eq!(by_org["organization"]["id"], w.org_id.as_str());
    let answered = &page["data"][3];
    assert_eq!(answered["actor"]["id"], w.org_editor.id.as_str());
    assert_eq!(answered["organization"]["id"], w.org_id.as_str());
    assert_eq!(answered["related_to"], "Qualité de l’air");

    // In the caller's language.
    let (_, english) = app.get("/api/1/activity/?lang=en&page_size=1").await;
    assert_eq!(english["data"][0]["label"], "followed a dataset");
    let (_, french) = app.get("/api/1/activity/?lang=fr&page_size=1").await;
    assert_eq!(french["data"][0]["label"], "a suivi un jeu de données");

    // udata's filters; an unknown organization is an empty feed.
    let about_map = activity(app, &format!("?related_to={map}")).await;
    assert_eq!(
        events(&about_map),
        pairs(&[
            ("reuse:followed", &map),
            ("reuse:discussed", &map),
            ("reuse:created", &map),
        ])
    );
    let expected = pairs(&[("dataset:discussed", "ds-air"), ("reuse:created", &org_map)]);
    let of_org = activity(app, &format!("?organization={}", w.org_id)).await;
    assert_eq!(events(&of_org), expected);
    let (_, org) = app
        .get(&format!("/api/1/organizations/{}/", w.org_id))
        .await;
    let by_slug = activity(
        app,
        &format!("?organization={}", org["slug"].as_str().unwrap()),
    )
    .await;
    assert_eq!(events(&by_slug), expected);
    let of_asker = activity(app, &format!("?user={}", asker.id)).await;
    assert_eq!(of_asker["total"], 4, "{of_asker}");
    assert_eq!(activity(app, "?organization=nope").await["total"], 0);

    // Paged in udata's envelope, to the end.
    let mut walked = Vec::new();
    let mut next = Some(format!("{}api/1/activity/?page_size=3", app.url));
    while let Some(url) = next {
        let page: Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
        assert_eq!(page["page_size"], 3, "{page}");
        walked.extend(events(&page));
        next = page["next_page"].as_str().map(str::to_owned);
    }
    assert_eq!(walked, events(&page));
    for (query, field) in [("?page=0", "page"), ("?page=10001", "page")] {
        let (status, body) = app.get(&format!("/api/1/activity/{query}")).await;
        assert_refused(status, &body, field, query);
    }

    // A deleted reuse leaves the feed with all that was about it.
    let path = format!("/api/1/reuses/{map}/");
    app.call_ok(Method::DELETE, &path, &w.owner, None).await;
    let after = activity(app, "").await;
    assert_eq!(after["total"], 4, "{after}");
    assert!(events(&after).iter().all(|(_, id)| *id != map), "{after}");
}
