//! The showcase pages over HTTP (what a browser without JavaScript gets).

use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::web::page;

fn count_cards(html: &str) -> usize {
    html.matches("<li class=\"card\">").count()
}

#[tokio::test]
async fn gallery_filters_searches_and_links_both_ways() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    for (id, title) in [("d1", "Données hospitalières"), ("d2", "Qualité de l'air")] {
        app.call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": id, "title": title})),
        )
        .await;
    }
    for (title, kind, datasets) in [
        ("Hospitalisations en France", "visualization", vec!["d1"]),
        (
            "Appli air <script>alert(1)</script>",
            "application",
            vec!["d1", "d2"],
        ),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/reuses/",
                Some(&owner),
                Some(json!({"title": title, "description": "Une **réutilisation**.", "url": format!("https://{}.example", kind), "type": kind, "topic": "health", "datasets": datasets})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, html) = page(&app, "/reuses/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count_cards(&html), 2);
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "titles are escaped"
    );
    assert!(html.contains("&#60;script&#62;"));
    let (_, html) = page(&app, "/reuses/?type=visualization").await;
    assert_eq!(count_cards(&html), 1);
    assert!(html.contains("Hospitalisations en France"));
    assert!(
        html.contains("<option value=\"visualization\" selected>"),
        "the filter stays selected"
    );
    // Its own title, and the title of a dataset it uses (« Données hospitalières »).
    let (_, html) = page(&app, "/reuses/?q=hospitalisations").await;
    assert_eq!(count_cards(&html), 2);
    let (_, html) = page(&app, "/reuses/?q=hospitalisations+france").await;
    assert_eq!(count_cards(&html), 1);
    let (_, html) = page(&app, "/reuses/?q=introuvable").await;
    assert!(html.contains("Aucune réutilisation ne correspond"));
    let (status, html) = page(&app, "/reuses/?type=game").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown type is left out, and said"
    );
    assert!(html.contains("id=\"page-notice\""), "{html}");

    let (status, html) = page(&app, "/reuses/hospitalisations-en-france/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/datasets/donnees-hospitalieres/\""));
    let (_, html) = page(&app, "/datasets/donnees-hospitalieres/").await;
    assert_eq!(
        count_cards(&html),
        2,
        "both reuses show on the dataset page"
    );
    let (_, html) = page(&app, "/datasets/qualite-de-l-air/").await;
    assert_eq!(count_cards(&html), 1);
    let (status, _) = page(&app, "/reuses/no-such-reuse/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn home_shows_the_featured_reuses_in_order() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let mut ids = Vec::new();
    for title in ["Premier", "Deuxième", "Troisième"] {
        let (_, body) = app
            .call(
                Method::POST,
                "/api/1/reuses/",
                Some(&admin),
                Some(json!({"title": title, "description": "x", "url": format!("https://{}.example", title.len()), "type": "api", "topic": "others", "datasets": ["d1"]})),
            )
            .await;
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    for id in [&ids[2], &ids[0]] {
        let (status, _) = app
            .call(
                Method::POST,
                &format!("/api/1/reuses/{id}/featured/"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, html) = page(&app, "/").await;
    let featured = &html[html.find("id=\"featured\"").unwrap()..];
    let third = featured.find("Troisième").unwrap();
    let first = featured.find("Premier").unwrap();
    assert!(third < first, "featured in the order they were featured");
    assert!(!featured[..featured.find("</ul>").unwrap()].contains("Deuxième"));
}

#[tokio::test]
async fn page_views_are_counted_in_memory_then_flushed() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (_, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&admin),
            Some(json!({"title": "Vue", "description": "x", "url": "https://vue.example", "type": "api", "topic": "others", "datasets": ["d1"]})),
        )
        .await;
    for _ in 0..3 {
        let (status, _) = page(&app, "/reuses/vue/").await;
        assert_eq!(status, StatusCode::OK);
    }
    let stored = entity::reuses::Entity::find_by_id(reuse["id"].as_str().unwrap().to_owned())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.views, 0,
        "reading a page does not write to the database"
    );
    // Among views of reuses gone since (more than one statement's worth).
    for n in 0..1200 {
        app.state.views.record(&format!("gone-{n}"));
    }
    app.state.views.flush(app.db()).await;
    let (_, shown) = app
        .get(&format!("/api/1/reuses/{}/", reuse["id"].as_str().unwrap()))
        .await;
    assert_eq!(shown["metrics"]["views"], 3);
    app.state.views.flush(app.db()).await;
    let (_, shown) = app.get("/api/1/reuses/vue/").await;
    assert_eq!(shown["metrics"]["views"], 3, "counted once");
}

#[tokio::test]
async fn dates_and_numbers_are_written_as_the_reader_writes_them() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};

    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (_, reuse) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&admin),
            Some(json!({"title": "Très vue", "description": "x", "url": "https://vue.example", "type": "api", "topic": "others", "datasets": ["d1"]})),
        )
        .await;
    let stored = entity::reuses::Entity::find_by_id(reuse["id"].as_str().unwrap().to_owned())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active = stored.into_active_model();
    active.created_at = Set("2026-11-29T10:00:00Z".parse().unwrap());
    active.views = Set(12_345);
    active.followers = Set(1);
    active.update(app.db()).await.unwrap();

    for (lang, date, views, followers, datasets) in [
        (
            "fr",
            "29 novembre 2026",
            "12\u{202f}345 vues",
            "1 abonné",
            "1 jeu de données",
        ),
        (
            "en",
            "November 29, 2026",
            "12,345 views",
            "1 follower",
            "1 dataset",
        ),
    ] {
        let html = app
            .request(Method::GET, "/reuses/tres-vue/")
            .header("Accept-Language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!(
                "<time datetime=\"2026-11-29T10:00:00+00:00\" id=\"reuse-created\">{date}</time>"
            )),
            "{lang}: no {date}"
        );
        assert!(html.contains(views), "{lang}: no {views}");
        assert!(html.contains(followers), "{lang}: no {followers}");
        let html = app
            .request(Method::GET, "/reuses/")
            .header("Accept-Language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(datasets), "{lang}: no {datasets} on the card");
    }
}
