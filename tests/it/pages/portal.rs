//! The portal's people and organizations, as a browser without JavaScript gets them: an
//! organization's page and how quickly it answers, the organizations list, a person's public
//! page, the follow buttons of reuses, datasets and organizations, and the share links.

use chrono::Duration;
use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::support::TestApp;
use crate::support::discussions::{comment, open};
use crate::support::reuses::reuse;
use crate::support::web::{client, csrf_from, element, page, page_as, signed_in, urlencode};
use crate::support::world::{World, world};

/// The slug of the world's organization, Ville de Lyon.
async fn org_slug(w: &World) -> String {
    let (_, org) = w
        .app
        .get(&format!("/api/1/organizations/{}/", w.org_id))
        .await;
    org["slug"].as_str().unwrap().to_owned()
}

/// The slug of reuse `id`.
async fn reuse_slug(app: &TestApp, id: &str) -> String {
    let (_, found) = app.get(&format!("/api/1/reuses/{id}/")).await;
    found["slug"].as_str().unwrap().to_owned()
}

/// Dates discussion `id` `days_ago` days back, and its first producer reply `reply_hours`
/// after it (none for `None`).
async fn date_question(app: &TestApp, id: &str, days_ago: i64, reply_hours: Option<i64>) {
    use entity::discussions::{Column, Entity};
    let asked = vitrine::clock::now() - Duration::days(days_ago);
    let replied = reply_hours.map(|hours| asked + Duration::hours(hours));
    Entity::update_many()
        .col_expr(Column::Created, Expr::value(asked))
        .col_expr(Column::FirstAnsweredAt, Expr::value(replied))
        .filter(Column::Id.eq(id))
        .exec(app.db())
        .await
        .unwrap();
}

/// `POST path` as the browser holding `cookie` with `form`: the status and where it leads.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client()
        .post(format!("{}{}", app.url, path.trim_start_matches('/')))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), location)
}

#[tokio::test]
async fn an_organization_page_shows_what_it_publishes_and_how_quickly_it_answers() {
    let w = world(&[]).await;
    let slug = org_slug(&w).await;
    reuse(
        &w.app,
        &w.org_admin,
        "Carte de l’air lyonnais",
        json!({"organization": w.org_id}),
    )
    .await;
    // Four questions this year: three answered by a producer after 2 hours, 6 hours and 4
    // days, one not yet; one older than a year, answered within the hour, does not count.
    let mut questions = Vec::new();
    for (title, days_ago, reply_hours) in [
        ("Fréquence des relevés", 10, Some(2)),
        ("Unités des mesures", 20, Some(6)),
        ("Stations manquantes", 30, Some(96)),
        ("Données 2019", 5, None),
        ("Ancienne question", 400, Some(1)),
    ] {
        let thread = open(&w.app, &w.owner, "ds-air", title, "Pouvez-vous préciser ?").await;
        let id = thread["id"].as_str().unwrap().to_owned();
        if reply_hours.is_some() {
            comment(&w.app, &w.org_editor, &id, "Voici la réponse.").await;
        }
        date_question(&w.app, &id, days_ago, reply_hours).await;
        questions.push(id);
    }
    // The figures are the impact job's, counted here as the scheduled job would.
    vitrine::impact::refresh(&w.app.state).await.unwrap();

    let (status, html) = page(&w.app, &format!("/organizations/{slug}/")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        element(&html, "org-name").contains("Ville de Lyon"),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/organizations/">Organisations</a>"#),
        "{html}"
    );
    let datasets = element(&html, "org-datasets");
    assert!(
        html.contains("Qualité de l’air") && html.contains("Comptages vélo"),
        "{datasets}"
    );
    assert!(
        !html.contains("Mes relevés"),
        "Olivia's own dataset is not the organization's"
    );
    assert!(
        html.contains("Carte de l’air lyonnais"),
        "its reuse: {html}"
    );
    assert!(
        html.contains("Fréquence des relevés"),
        "its discussions: {html}"
    );
    assert_eq!(
        element(&html, "impact-answered"),
        "id=\"impact-answered\">75\u{a0}% de 4 questions",
        "three of this year's four questions were answered"
    );
    assert_eq!(
        element(&html, "impact-median"),
        "id=\"impact-median\">6 heures",
        "the median of 2 hours, 6 hours and 4 days"
    );
    let response =
        crate::support::web::get_in(&w.app, &format!("/organizations/{slug}/"), "en").await;
    let html = response.text().await.unwrap();
    assert!(
        html.contains("75% of 4 questions") && html.contains("6 hours"),
        "{html}"
    );

    // By its id too; an unknown one is not found, in the reader's words.
    let (status, _) = page(&w.app, &format!("/organizations/{}/", w.org_id)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = page(&w.app, "/organizations/nowhere/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("Cette organisation n&#39;existe pas"),
        "{html}"
    );
}

#[tokio::test]
async fn the_organizations_list_finds_them_by_name() {
    let w = world(&[]).await;
    let slug = org_slug(&w).await;
    let (status, html) = page(&w.app, "/organizations/?q=lyon").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "org-list").contains(&format!("/organizations/{slug}/")),
        "{html}"
    );
    let (status, html) = page(&w.app, "/organizations/?q=grenoble").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="org-empty""#), "{html}");
    let (status, html) = page(&w.app, "/organizations/?page=9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="page-notice""#), "past the end: {html}");
}

#[tokio::test]
async fn a_person_page_shows_their_public_side_and_never_their_address() {
    let w = world(&[]).await;
    let thread = open(&w.app, &w.owner, "ds-air", "Fréquence", "Chaque jour ?").await;
    let id = thread["id"].as_str().unwrap();
    comment(&w.app, &w.org_editor, id, "Chaque heure, depuis 2020.").await;
    let title = "Pollution par quartier";
    reuse(&w.app, &w.org_editor, title, json!({})).await;

    let (status, html) = page(&w.app, &format!("/users/{}/", w.org_editor.id)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(element(&html, "user-name").contains("Edith"), "{html}");
    assert!(!html.contains(&w.org_editor.email), "no address: {html}");
    assert!(!html.contains('@'), "nothing like an address: {html}");
    assert!(
        html.contains(&format!("/organizations/{}/", org_slug(&w).await)),
        "the organization they belong to: {html}"
    );
    assert!(html.contains(title), "their reuse: {html}");
    assert!(
        html.contains(&format!("/discussions/{id}/#m-"))
            && html.contains("Chaque heure, depuis 2020."),
        "their public message: {html}"
    );

    // A message held for moderation is not shown.
    let spammer = w.app.user("Sam", vitrine::models::users::Role::User).await;
    comment(&w.app, &spammer, id, "Gagnez au casino !").await;
    let (_, html) = page(&w.app, &format!("/users/{}/", spammer.id)).await;
    assert!(!html.contains("casino"), "{html}");

    // A deactivated account is gone, with nothing of it shown.
    entity::users::Entity::update_many()
        .col_expr(entity::users::Column::Active, Expr::value(false))
        .filter(entity::users::Column::Id.eq(spammer.id.as_str()))
        .exec(w.app.db())
        .await
        .unwrap();
    let (status, html) = page(&w.app, &format!("/users/{}/", spammer.id)).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(!html.contains("Sam"), "{html}");
}

#[tokio::test]
async fn following_and_unfollowing_from_the_pages_counts_followers() {
    let w = world(&[]).await;
    let reuse_id = reuse(&w.app, &w.org_editor, "Carte de l’air", json!({})).await;
    let slug = reuse_slug(&w.app, &reuse_id).await;
    let org = org_slug(&w).await;
    let (_, air) = w.app.get("/api/1/datasets/ds-air/").await;
    let air = air["slug"].as_str().unwrap().to_owned();
    let cookie = signed_in(&w.app, &w.owner.id).await;
    for (path, api) in [
        (
            format!("/reuses/{slug}/"),
            format!("/api/1/reuses/{reuse_id}/followers/"),
        ),
        (
            format!("/datasets/{air}/"),
            "/api/1/datasets/ds-air/followers/".to_owned(),
        ),
        (
            format!("/organizations/{org}/"),
            format!("/api/1/organizations/{}/followers/", w.org_id),
        ),
    ] {
        let html = page_as(&w.app, &path, &cookie).await;
        let button = element(&html, "follow-button");
        assert!(
            button.contains(r#"aria-pressed="false""#) && button.contains(">Suivre"),
            "{path}: {button}"
        );
        assert!(
            element(&html, "follow-count").contains("0\u{a0}abonné")
                || element(&html, "follow-count").contains("0 abonné"),
            "{html}"
        );
        let token = csrf_from(&html);
        let action = format!("{path}follow");
        assert!(html.contains(&format!(r#"action="{action}""#)), "{html}");

        let (status, location) = post_form(
            &w.app,
            &action,
            &cookie,
            &[("csrf_token", &token), ("follow", "on")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location, format!("{path}?follow=on"));
        let html = page_as(&w.app, &location, &cookie).await;
        let button = element(&html, "follow-button");
        assert!(
            button.contains(r#"aria-pressed="true""#) && button.contains("Ne plus suivre"),
            "{path}: {button}"
        );
        assert!(
            element(&html, "follow-count").contains("1 abonné"),
            "{html}"
        );
        assert!(
            element(&html, "page-notice").contains("Vous suivez"),
            "{html}"
        );
        let (_, followers) = w.app.get(&api).await;
        assert_eq!(followers["total"], 1, "{path}: {followers}");

        let (status, location) = post_form(
            &w.app,
            &action,
            &cookie,
            &[("csrf_token", &token), ("follow", "off")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("{path}?follow=off"));
        let html = page_as(&w.app, &location, &cookie).await;
        assert!(
            element(&html, "follow-button").contains(r#"aria-pressed="false""#),
            "{html}"
        );
        assert!(
            element(&html, "page-notice").contains("ne suivez plus"),
            "{html}"
        );
        let (_, followers) = w.app.get(&api).await;
        assert_eq!(followers["total"], 0, "{path}: {followers}");
    }
}

#[tokio::test]
async fn a_follow_without_its_token_is_refused_and_a_visitor_signs_in_first() {
    let w = world(&[]).await;
    let cookie = signed_in(&w.app, &w.owner.id).await;
    for form in [
        vec![("follow", "on")],
        vec![
            ("csrf_token", "forged-token-of-forty-characters-000000"),
            ("follow", "on"),
        ],
    ] {
        let (status, _) = post_form(&w.app, "/datasets/ds-air/follow", &cookie, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (_, followers) = w.app.get("/api/1/datasets/ds-air/followers/").await;
    assert_eq!(followers["total"], 0, "{followers}");

    // A signed-out visitor is offered to sign in, coming back to the page.
    let (_, html) = page(&w.app, "/datasets/ds-air/").await;
    let link = element(&html, "follow-sign-in");
    assert!(
        link.contains(&format!(
            r#"href="/login?next={}""#,
            urlencode("/datasets/qualite-de-l-air/")
        )),
        "{link}"
    );
    assert!(!html.contains(r#"id="follow-button""#));
    let (status, _) = w.app.call(Method::GET, "/organizations/", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn share_links_carry_the_page_address_encoded() {
    let w = world(&[]).await;
    let reuse_id = reuse(&w.app, &w.org_editor, "Air & vélo ?", json!({})).await;
    let slug = reuse_slug(&w.app, &reuse_id).await;
    let path = format!("/reuses/{slug}/");
    let url = format!("{}reuses/{slug}/", w.app.url);
    let encoded = urlencode(&url);
    let (_, html) = page(&w.app, &path).await;
    assert!(
        html.contains(&format!(
            r#"id="share-url" type="text" readonly value="{url}""#
        )),
        "{html}"
    );
    assert!(
        html.contains(r#"<label for="share-url">"#),
        "labelled: {html}"
    );
    assert!(
        html.contains(&format!(
            "https://www.linkedin.com/sharing/share-offsite/?url={encoded}"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("mailto:?subject=Air%20%26%20v%C3%A9lo%20%3F&#38;body=Air%20%26%20v%C3%A9lo%20%3F%0A{encoded}")),
        "{html}"
    );
    assert!(!html.contains("<script"), "no script: {html}");

    // Mastodon: the reader's instance, checked, then a link to post there.
    let mastodon = |instance: &str, path: &str| {
        format!(
            "/share/mastodon?instance={}&path={}&title={}",
            urlencode(instance),
            urlencode(path),
            urlencode("Air & vélo ?")
        )
    };
    let (status, html) = page(&w.app, &mastodon(" https://Mastodon.Social/ ", &path)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let text = format!("Air & vélo ? {url}");
    let expected = format!(
        "https://mastodon.social/share?text={}",
        urlencode(&text).replace('+', "%20")
    );
    assert!(
        element(&html, "mastodon-go").contains(&format!(r#"href="{expected}""#)),
        "{html}"
    );
    for bad in [
        "localhost",
        "127.0.0.1",
        "evil.example/phish?",
        "mastodon.social:8443",
        "javascript:alert(1)",
        "",
    ] {
        let (status, html) = page(&w.app, &mastodon(bad, &path)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(!html.contains(r#"id="mastodon-go""#), "{bad:?}: {html}");
        assert!(
            element(&html, "page-notice").contains("instance Mastodon"),
            "{html}"
        );
    }
    // Only this site's pages are shared.
    let (_, html) = page(
        &w.app,
        &mastodon("mastodon.social", "https://evil.example/"),
    )
    .await;
    let go = element(&html, "mastodon-go");
    assert!(
        !go.contains("evil.example") && go.contains("127.0.0.1"),
        "{go}"
    );
}
