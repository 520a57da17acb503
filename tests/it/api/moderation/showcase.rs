//! The showcase: moderators feature, order and archive reuses, and the home page follows.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::api::{assert_refused, ids};
use crate::support::moderation::{put_order, set_featured};
use crate::support::reuses::{reuse, reuse_view};
use crate::support::world::world;
use crate::support::{TestApp, TestUser};

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
