//! Issue 27's showcase: designed covers, cards that say who published what and when, a
//! balanced home grid, search through a reuse's datasets and organization, and a reuse's page
//! with its breadcrumb, its marked external links and its similar reuses.

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::datasets::dataset;
use crate::support::moderation::set_featured;
use crate::support::reuses::reuse;
use crate::support::web::{client, page, signed_in};
use crate::support::world::{World, world};
use crate::support::{TestApp, TestUser};

fn count_cards(html: &str) -> usize {
    html.matches("<li class=\"card\">").count()
}

/// The HTML of `path` for an anonymous reader of `lang`.
async fn page_in(app: &TestApp, path: &str, lang: &str) -> String {
    let response = app
        .request(Method::GET, path)
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

/// The slug of reuse `id`.
async fn slug_of(app: &TestApp, id: &str) -> String {
    let (_, body) = app.get(&format!("/api/1/reuses/{id}/")).await;
    body["slug"].as_str().unwrap().to_owned()
}

/// A reuse of the organization of the [`World`], published by its editor.
async fn org_reuse(world: &World, title: &str, extra: serde_json::Value) -> String {
    let mut body = json!({"organization": world.org_id});
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    reuse(&world.app, &world.org_editor, title, body).await
}

#[tokio::test]
async fn search_finds_reuses_by_their_datasets_titles_and_organization_name() {
    let world = world(&[]).await;
    let app = &world.app;
    // Neither title nor description names the data or the publisher.
    org_reuse(
        &world,
        "Itinéraires du dimanche",
        json!({"datasets": ["ds-velo"], "description": "Des balades."}),
    )
    .await;
    dataset(app, &world.admin, "ds-hop", "Données hospitalières").await;
    reuse(
        app,
        &world.owner,
        "Lits disponibles",
        json!({"datasets": ["ds-hop"], "description": "Par département."}),
    )
    .await;
    let personal = reuse(
        app,
        &world.owner,
        "Mon carnet",
        json!({"datasets": ["ds-perso"], "description": "Des notes."}),
    )
    .await;
    for (q, expected) in [
        ("comptages", Some("Itinéraires du dimanche")),
        ("VELO", Some("Itinéraires du dimanche")),
        ("ville lyon", Some("Itinéraires du dimanche")),
        ("releves", Some("Mon carnet")),
        ("comptages releves", None),
        // Another form of a word of the dataset's title.
        ("hospitalisations", Some("Lits disponibles")),
    ] {
        let html = page_in(app, &format!("/reuses/?q={}", q.replace(' ', "+")), "fr").await;
        let (_, api) = app
            .get(&format!("/api/1/reuses/?q={}", q.replace(' ', "+")))
            .await;
        match expected {
            Some(title) => {
                assert_eq!(count_cards(&html), 1, "{q}: {html}");
                assert!(html.contains(title), "{q}");
                assert_eq!(api["total"], 1, "{q}: {api}");
                assert_eq!(api["data"][0]["title"], title, "{q}");
            }
            None => {
                assert_eq!(count_cards(&html), 0, "{q}");
                assert_eq!(api["total"], 0, "{q}: {api}");
            }
        }
    }
    // Its datasets changed, a reuse is found by the new ones only.
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{personal}/"),
            Some(&world.owner),
            Some(json!({"datasets": ["ds-air"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, api) = app.get("/api/1/reuses/?q=releves").await;
    assert_eq!(api["total"], 0, "{api}");
    let (_, api) = app.get("/api/1/reuses/?q=qualite+air").await;
    assert_eq!(api["total"], 1, "{api}");
    assert_eq!(api["data"][0]["title"], "Mon carnet");
}

#[tokio::test]
async fn a_reuse_without_an_image_has_a_cover_drawn_from_its_title_type_and_publisher() {
    let world = world(&[]).await;
    let app = &world.app;
    let id = org_reuse(&world, "Vélos & <bus> à Lyon", json!({"type": "api"})).await;
    let slug = slug_of(app, &id).await;
    let html = page_in(app, "/reuses/", "fr").await;
    let marker = format!("src=\"/reuses/{slug}/cover.svg?v=");
    let start = html.find(&marker).expect("the card shows the cover") + "src=\"".len();
    let src = &html[start..start + html[start..].find('"').unwrap()];
    let cover = |path: String| async move {
        let response = app.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        (kind, cache, response.text().await.unwrap())
    };
    let (kind, cache, svg) = cover(src.replace("&amp;", "&")).await;
    assert!(kind.starts_with("image/svg+xml"), "{kind}");
    assert!(cache.starts_with("public"), "{cache}");
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.contains("Vélos &amp; &lt;bus&gt; à Lyon"), "{svg}");
    assert!(svg.contains("Ville de Lyon"), "the publisher: {svg}");
    assert!(!svg.contains("<bus>") && !svg.contains("<script"), "{svg}");
    let (_, _, again) = cover(format!("/reuses/{slug}/cover.svg")).await;
    assert_eq!(svg, again, "the same reuse has the same cover");
    // Another type, another colour and motif.
    let other = org_reuse(&world, "Vélos & <bus> à Lyon bis", json!({})).await;
    let (_, _, other) = cover(format!("/reuses/{}/cover.svg", slug_of(app, &other).await)).await;
    assert_ne!(svg, other);
    // The reuse's page shows it too.
    let html = page_in(app, &format!("/reuses/{slug}/"), "fr").await;
    assert!(html.contains(&marker), "{html}");

    // A private reuse's cover is seen by no one else, and kept by no cache.
    let private = reuse(
        app,
        &world.owner,
        "Brouillon secret",
        json!({"private": true}),
    )
    .await;
    let (_, body) = app
        .call(
            Method::GET,
            &format!("/api/1/reuses/{private}/"),
            Some(&world.owner),
            None,
        )
        .await;
    let private_slug = body["slug"].as_str().unwrap();
    let (status, _) = page(app, &format!("/reuses/{private_slug}/cover.svg")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = client()
        .get(format!("{}reuses/{private_slug}/cover.svg", app.url))
        .header(COOKIE, signed_in(app, &world.owner.id).await)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cache = response.headers()["cache-control"].to_str().unwrap();
    assert!(cache.starts_with("private"), "{cache}");
}

#[tokio::test]
async fn cards_show_the_publisher_the_date_the_figures_and_the_type_in_both_languages() {
    let world = world(&[]).await;
    let app = &world.app;
    org_reuse(
        &world,
        "Carte des pistes",
        json!({"type": "application", "description": "Toutes les pistes cyclables de la ville."}),
    )
    .await;
    reuse(
        app,
        &world.owner,
        "Relevés d'Olivia",
        json!({"type": "paper"}),
    )
    .await;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for (lang, kinds, figures) in [
        (
            "fr",
            ["Application", "Article scientifique"],
            ["0 vue", "0 abonné", "1 jeu de données"],
        ),
        (
            "en",
            ["Application", "Paper"],
            ["0 views", "0 followers", "1 dataset"],
        ),
    ] {
        let html = page_in(app, "/reuses/", lang).await;
        assert_eq!(count_cards(&html), 2, "{html}");
        assert!(
            html.contains("Toutes les pistes cyclables de la ville."),
            "its own excerpt"
        );
        // The organization, by its initials (it has no logo), and a link to its page.
        assert!(
            html.contains("<span class=\"card-avatar\" aria-hidden=\"true\">VL</span>"),
            "{html}"
        );
        assert!(html.contains(">Ville de Lyon</a>"), "{html}");
        // The owner of the other one.
        assert!(
            html.contains(&format!("href=\"/users/{}/\">Olivia</a>", world.owner.id)),
            "{html}"
        );
        assert!(
            html.contains(&format!("<time datetime=\"{today}\">")),
            "{html}"
        );
        for text in kinds.iter().chain(figures.iter()) {
            assert!(
                html.contains(text) || html.contains(&text.replace(' ', "\u{a0}")),
                "{lang}: {text}"
            );
        }
    }
}

/// Features `count` new reuses of the world and gives the home page's featured grid.
async fn featured_grid(world: &World, admin: &TestUser, count: usize, from: usize) -> String {
    for n in from..from + count {
        let id = org_reuse(world, &format!("Vitrine {n}"), json!({})).await;
        set_featured(&world.app, admin, &id, true).await;
    }
    let html = page_in(&world.app, "/", "fr").await;
    let start = html
        .find("<ul class=\"cards featured-grid")
        .expect("the featured grid");
    html[start..start + html[start..].find('>').unwrap()].to_owned()
}

#[tokio::test]
async fn the_featured_grid_has_as_many_columns_as_make_full_rows() {
    let world = world(&[]).await;
    let admin = world.admin.clone();
    // 4, then 5 (4 + 1), then 6 (5 + 1) featured reuses.
    let grid = featured_grid(&world, &admin, 4, 0).await;
    assert!(
        grid.contains("columns-4") && grid.contains("data-columns=\"4\""),
        "{grid}"
    );
    assert!(!grid.contains(" odd"), "{grid}");
    let grid = featured_grid(&world, &admin, 1, 4).await;
    assert!(
        grid.contains("columns-5") && grid.contains(" odd"),
        "{grid}"
    );
    let grid = featured_grid(&world, &admin, 1, 5).await;
    assert!(
        grid.contains("columns-3") && !grid.contains(" odd"),
        "{grid}"
    );
    let html = page_in(&world.app, "/", "fr").await;
    assert_eq!(count_cards(&html), 6);
}

#[tokio::test]
async fn a_reuse_page_has_its_breadcrumb_marked_external_links_and_similar_reuses() {
    let world = world(&[]).await;
    let app = &world.app;
    let topic = json!("transport_and_mobility");
    let main = org_reuse(
        &world,
        "Carte principale",
        json!({"datasets": ["ds-air", "ds-velo"], "topic": topic}),
    )
    .await;
    // Sharing both datasets, one, none but the topic, nothing at all; and a private one.
    org_reuse(
        &world,
        "Jumelle",
        json!({"datasets": ["ds-air", "ds-velo"], "topic": "health"}),
    )
    .await;
    org_reuse(
        &world,
        "Cousine",
        json!({"datasets": ["ds-velo"], "topic": "health"}),
    )
    .await;
    reuse(
        app,
        &world.owner,
        "Voisine de sujet",
        json!({"datasets": ["ds-perso"], "topic": topic}),
    )
    .await;
    reuse(
        app,
        &world.owner,
        "Étrangère",
        json!({"datasets": ["ds-perso"], "topic": "health"}),
    )
    .await;
    org_reuse(
        &world,
        "Secrète",
        json!({"datasets": ["ds-air"], "private": true}),
    )
    .await;
    let slug = slug_of(app, &main).await;

    let html = page_in(app, &format!("/reuses/{slug}/"), "fr").await;
    let similar = &html[html.find("id=\"similar\"").expect("similar reuses")..];
    assert_eq!(count_cards(similar), 3, "{similar}");
    let at = |title: &str| similar.find(&format!(">{title}</h3>"));
    assert!(
        at("Jumelle") < at("Cousine"),
        "the most shared datasets first"
    );
    assert!(at("Cousine") < at("Voisine de sujet"), "then its topic");
    assert!(at("Voisine de sujet").is_some());
    for hidden in ["Étrangère", "Secrète", "Carte principale"] {
        assert!(at(hidden).is_none(), "{hidden}");
    }

    // Accueil › Réutilisations › its title.
    let crumbs = &html[html.find("class=\"breadcrumb\"").expect("a breadcrumb")..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(
        crumbs.contains("href=\"/reuses/\">Réutilisations</a>"),
        "{crumbs}"
    );
    assert!(
        crumbs.contains("aria-current=\"page\">Carte principale<"),
        "{crumbs}"
    );

    // The reuse's own site is marked as elsewhere, in the reader's language.
    let visit = &html[html.find("id=\"visit-reuse\"").expect("the visit button")..];
    let visit = &visit[..visit.find("</a>").unwrap()];
    assert!(
        visit.contains("class=\"external-mark\" aria-hidden=\"true\""),
        "{visit}"
    );
    assert!(visit.contains("(site externe)"), "{visit}");
    let english = page_in(app, &format!("/reuses/{slug}/"), "en").await;
    assert!(english.contains("(external site)"));
    assert!(english.contains("Similar reuses"));
}

#[tokio::test]
async fn topics_are_counted_and_the_gallery_index_finds_reuses_by_their_datasets() {
    let world = world(&[]).await;
    let app = &world.app;
    let transport = json!("transport_and_mobility");
    org_reuse(
        &world,
        "Pistes",
        json!({"datasets": ["ds-velo"], "topic": transport}),
    )
    .await;
    org_reuse(
        &world,
        "Air sain",
        json!({"datasets": ["ds-air"], "topic": "health"}),
    )
    .await;
    reuse(
        app,
        &world.owner,
        "Bus",
        json!({"datasets": ["ds-perso"], "topic": transport}),
    )
    .await;
    // Served to anonymous visitors once built: the first list starts the build.
    let generation = app.state.cache.generation("gallery").await.unwrap();
    page(app, "/reuses/").await;
    let mut built = false;
    for _ in 0..100 {
        if app.state.gallery.of(generation).is_some() {
            built = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(built, "the gallery index was never built");
    let html = page_in(app, "/reuses/?type=visualization", "fr").await;
    for option in [
        "<option value=\"transport_and_mobility\">Transports et mobilités (2)</option>",
        "<option value=\"health\">Santé (1)</option>",
        "<option value=\"culture_and_recreation\">Culture et loisirs (0)</option>",
    ] {
        assert!(html.contains(option), "{option}: {html}");
    }
    // The index (on PostgreSQL) or the database (on SQLite) finds them by their datasets.
    let html = page_in(app, "/reuses/?q=comptages+velo", "fr").await;
    assert_eq!(count_cards(&html), 1, "{html}");
    assert!(html.contains(">Pistes</h3>"));
}
