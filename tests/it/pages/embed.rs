//! The reuse widget portals frame (`/embed/datasets/{id}/reuses/`) and its oEmbed endpoint
//! (`/oembed`): what the widget lists, who may frame it, that it sets no cookie, and the oEmbed
//! answers and errors.

use entity::datasets;
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use vitrine::cache::GALLERY;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::reuses::reuse;
use crate::support::web::{element, page, page_as, signed_in, urlencode};
use crate::support::world::{AIR, World, world};

/// The portal allowed to frame the widget in these tests.
const PORTAL: &str = "https://portal.example";

/// The world (ds-air, ds-velo) with, on ds-air, Olivia's public map, the city's public API, a
/// private draft and a deleted map; on ds-velo alone, a reuse of another dataset.
async fn reuses_of_air(env: &[(&str, &str)]) -> World {
    let world = world(env).await;
    let app = &world.app;
    reuse(app, &world.owner, "Carte publique", json!({})).await;
    reuse(
        app,
        &world.org_editor,
        "API de la ville",
        json!({"type": "api", "organization": world.org_id}),
    )
    .await;
    reuse(
        app,
        &world.owner,
        "Brouillon privé",
        json!({"private": true}),
    )
    .await;
    let gone = reuse(app, &world.owner, "Carte supprimée", json!({})).await;
    let (status, _) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{gone}/"),
            Some(&world.owner),
            None,
        )
        .await;
    assert!(status.is_success(), "{status}");
    reuse(
        app,
        &world.owner,
        "Compteurs du vélo",
        json!({"datasets": ["ds-velo"]}),
    )
    .await;
    world
}

/// The slug of dataset `id`.
async fn slug_of(app: &TestApp, id: &str) -> String {
    let (_, dataset) = app.get(&format!("/api/1/datasets/{id}/")).await;
    dataset["slug"].as_str().unwrap().to_owned()
}

/// A directive of a `Content-Security-Policy`, whole.
fn directive(response: &reqwest::Response, name: &str) -> String {
    let csp = response
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    csp.split(';')
        .map(str::trim)
        .find(|d| d.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in {csp}"))
        .to_owned()
}

#[tokio::test]
async fn the_widget_lists_the_public_reuses_of_its_dataset_opening_in_a_new_tab() {
    let world = reuses_of_air(&[]).await;
    let app = &world.app;
    let (status, html) = page(app, "/embed/datasets/ds-air/reuses/").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(
        html.contains(&format!(
            "<h1 class=\"embed-title\">Réutilisations de «\u{a0}{AIR}\u{a0}»</h1>"
        )),
        "{html}"
    );
    assert!(
        html.contains("<ul class=\"embed-cards\" id=\"embed-reuses\">"),
        "{html}"
    );
    for shown in ["Carte publique", "API de la ville", "par Ville de Lyon"] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    for hidden in ["Brouillon privé", "Carte supprimée", "Compteurs du vélo"] {
        assert!(!html.contains(hidden), "{hidden}: {html}");
    }
    assert_eq!(html.matches("class=\"embed-card\"").count(), 2, "{html}");
    // Standalone: no header, footer or form; every link leaves the portal's frame.
    for absent in ["site-header", "site-footer", "<form", "<script"] {
        assert!(!html.contains(absent), "{absent}: {html}");
    }
    let links = html.matches("<a ").count();
    assert_eq!(links, 4, "two cards, all reuses, register one: {html}");
    assert_eq!(
        html.matches("target=\"_blank\" rel=\"noopener\"").count(),
        links,
        "{html}"
    );
    assert!(html.contains("href=\"/reuses/carte-publique/\""), "{html}");
    let all = element(&html, "embed-all");
    assert!(all.contains("href=\"/reuses/?dataset=ds-air\""), "{all}");
    assert!(
        all.contains(">Voir les 2 réutilisations<span class=\"visually-hidden\">"),
        "{all}"
    );
    assert!(
        element(&html, "embed-register").contains("href=\"/reuses/new?datasets=ds-air\""),
        "{html}"
    );

    // By its slug too, in English; the same for a signed-in owner of the private draft.
    let slug = slug_of(app, "ds-air").await;
    let (status, html) = page(app, &format!("/embed/datasets/{slug}/reuses/?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Reuses of “{AIR}”")), "{html}");
    assert!(html.contains(">See all 2 reuses<"), "{html}");
    assert!(html.contains("(opens in a new tab)"), "{html}");
    let cookie = signed_in(app, &world.owner.id).await;
    let html = page_as(app, "/embed/datasets/ds-air/reuses/", &cookie).await;
    assert!(html.contains("Carte publique"), "{html}");
    assert!(!html.contains("Brouillon privé"), "{html}");
}

#[tokio::test]
async fn the_widget_shows_six_reuses_and_links_to_all_of_them() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    dataset(&app, &admin, "ds-air", AIR).await;
    for n in 1..=7 {
        reuse(&app, &owner, &format!("Carte numéro {n}"), json!({})).await;
    }
    let (status, html) = page(&app, "/embed/datasets/ds-air/reuses/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("class=\"embed-card\"").count(), 6, "{html}");
    assert!(html.contains(">Voir les 7 réutilisations<"), "{html}");
    assert!(html.contains("par Camille"), "{html}");
}

#[tokio::test]
async fn an_unknown_dataset_is_a_404_and_a_deleted_one_a_410_still_listing_its_reuses() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    dataset(&app, &admin, "ds-air", AIR).await;
    reuse(&app, &owner, "Carte publique", json!({})).await;

    let (status, html) = page(&app, "/embed/datasets/no-such-dataset/reuses/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Jeu de données introuvable"), "{html}");
    assert!(html.contains("id=\"embed-unknown\""), "{html}");
    assert!(
        !html.contains("site-header"),
        "compact, even missing: {html}"
    );

    let row = datasets::Entity::find_by_id("ds-air")
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active = row.into_active_model();
    active.deleted = Set(true);
    active.update(app.db()).await.unwrap();
    app.state.cache.bump(GALLERY).await;
    let (status, html) = page(&app, "/embed/datasets/ds-air/reuses/").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        element(&html, "embed-state").contains("Retiré du catalogue"),
        "{html}"
    );
    assert!(html.contains("Carte publique"), "{html}");
    // oEmbed embeds no deleted dataset, as the API reads none.
    let url = urlencode(&format!("{}datasets/ds-air/", app.url));
    let (status, body) = app.get(&format!("/oembed?url={url}")).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
}

#[tokio::test]
async fn only_the_configured_portals_may_frame_the_widget_and_no_other_page() {
    let world = reuses_of_air(&[("VITRINE_EMBED_ORIGINS", PORTAL)]).await;
    let app = &world.app;
    let slug = slug_of(app, "ds-air").await;
    // A stale session cookie, which other pages answer by expiring it.
    for path in [
        "/embed/datasets/ds-air/reuses/".to_owned(),
        "/embed/datasets/no-such-dataset/reuses/".to_owned(),
    ] {
        let embed = app
            .request(Method::GET, &path)
            .header(COOKIE, "vitrine_session=stale")
            .send()
            .await
            .unwrap();
        assert_eq!(
            directive(&embed, "frame-ancestors"),
            format!("frame-ancestors {PORTAL}"),
            "{path}"
        );
        assert_eq!(directive(&embed, "default-src"), "default-src 'none'");
        assert!(embed.headers().get("x-frame-options").is_none(), "{path}");
        assert!(
            embed.headers().get(SET_COOKIE).is_none(),
            "{path}: {:?}",
            embed.headers().get_all(SET_COOKIE)
        );
        let cache = embed
            .headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(cache.starts_with("public, max-age="), "{path}: {cache}");
    }
    for path in ["/".to_owned(), format!("/datasets/{slug}/")] {
        let other = app.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::OK, "{path}");
        assert_eq!(
            directive(&other, "frame-ancestors"),
            "frame-ancestors 'none'"
        );
        assert_eq!(other.headers().get("x-frame-options").unwrap(), "DENY");
        // Pages do set the anonymous CSRF cookie: the widget's lack of one is its own.
        assert!(other.headers().get(SET_COOKIE).is_some(), "{path}");
    }

    let unset = TestApp::new().await;
    let embed = unset
        .request(Method::GET, "/embed/datasets/ds-air/reuses/")
        .send()
        .await
        .unwrap();
    assert_eq!(embed.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        directive(&embed, "frame-ancestors"),
        "frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn oembed_answers_a_dataset_page_with_the_widget_in_a_frame() {
    let world = reuses_of_air(&[]).await;
    let app = &world.app;
    let slug = slug_of(app, "ds-air").await;
    let page_url = format!("{}datasets/{slug}/", app.url);
    let widget = format!("{}embed/datasets/{slug}/reuses/", app.url);

    let response = app
        .request(
            Method::GET,
            &format!("/oembed?url={}&format=json", urlencode(&page_url)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(kind.starts_with("application/json"), "{kind}");
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["version"], "1.0", "{answer}");
    assert_eq!(answer["type"], "rich", "{answer}");
    assert_eq!(answer["provider_name"], "Vitrine", "{answer}");
    assert_eq!(answer["provider_url"], app.url.as_str(), "{answer}");
    assert_eq!(
        answer["title"],
        format!("Réutilisations de «\u{a0}{AIR}\u{a0}»")
    );
    let (width, height) = (
        answer["width"].as_u64().unwrap(),
        answer["height"].as_u64().unwrap(),
    );
    let html = answer["html"].as_str().unwrap();
    assert_eq!(
        html,
        format!(
            "<iframe src=\"{widget}\" width=\"{width}\" height=\"{height}\" \
             title=\"Réutilisations de «\u{a0}{AIR}\u{a0}»\" loading=\"lazy\"></iframe>"
        )
    );
    let (status, framed) = page(app, &widget.replace(&app.url, "/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(framed.contains("Carte publique"), "{framed}");

    // Bounds shrink it; the widget's own URL, without format, is answered the same.
    let (status, small) = app
        .get(&format!(
            "/oembed?url={}&maxwidth=320&maxheight=200&lang=en",
            urlencode(&widget)
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{small}");
    assert_eq!(
        (small["width"].as_u64(), small["height"].as_u64()),
        (Some(320), Some(200))
    );
    let html = small["html"].as_str().unwrap();
    assert!(html.contains("width=\"320\" height=\"200\""), "{html}");
    assert!(
        html.contains(&format!("title=\"Reuses of “{AIR}”\"")),
        "{html}"
    );
}

#[tokio::test]
async fn oembed_refuses_what_it_cannot_embed() {
    let world = reuses_of_air(&[]).await;
    let app = &world.app;
    let slug = slug_of(app, "ds-air").await;
    let ours = urlencode(&format!("{}datasets/{slug}/", app.url));

    let (status, body) = app.get("/oembed?format=json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["url"].is_array(), "{body}");
    assert!(
        body["message"].as_str().unwrap().starts_with("url: "),
        "{body}"
    );

    let (status, body) = app.get(&format!("/oembed?url={ours}&format=xml")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    assert!(body["errors"]["format"].is_array(), "{body}");

    let (status, body) = app.get(&format!("/oembed?url={ours}&maxwidth=wide")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["maxwidth"].is_array(), "{body}");

    for foreign in [
        format!("https://evil.example/datasets/{slug}/"),
        format!("{}reuses/carte-publique/", app.url),
        format!("{}datasets/no-such-dataset/", app.url),
    ] {
        let (status, body) = app
            .get(&format!("/oembed?url={}", urlencode(&foreign)))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{foreign}: {body}");
        assert!(body["message"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn the_dataset_page_points_to_its_oembed() {
    let world = reuses_of_air(&[]).await;
    let app = &world.app;
    let slug = slug_of(app, "ds-air").await;
    let (status, html) = page(app, &format!("/datasets/{slug}/")).await;
    assert_eq!(status, StatusCode::OK);
    // `&` as askama escapes it in an attribute.
    let href = format!(
        "{}oembed?url={}&#38;format=json",
        app.url,
        urlencode(&format!("{}datasets/{slug}/", app.url))
    );
    assert!(
        html.contains(&format!(
            "<link rel=\"alternate\" type=\"application/json+oembed\" title=\"{AIR}\" href=\"{href}\">"
        )),
        "{html}"
    );
    let (status, answer) = app
        .get(&href.replace("&#38;", "&").replace(&app.url, "/"))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["type"], "rich");
}
