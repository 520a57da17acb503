//! Feeds and share metadata: the gallery's Atom feed follows its filters, each dataset has its
//! reuses' feed, `sitemap.xml` lists what is visible, and a reuse page carries Open Graph tags.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;

async fn text(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let response = app.request(Method::GET, path).send().await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

#[tokio::test]
async fn feeds_sitemap_and_share_tags() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    for (id, title) in [
        ("ds-air", "Qualité de l'air"),
        ("ds-velo", "Comptages vélo"),
    ] {
        let (status, _) = app
            .call(
                Method::POST,
                "/api/1/datasets/",
                Some(&admin),
                Some(json!({"id": id, "title": title})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    for (title, kind, dataset, private) in [
        ("Carte de l'air", "visualization", "ds-air", false),
        ("Appli vélo", "application", "ds-velo", false),
        ("Brouillon secret", "application", "ds-velo", true),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/reuses/",
                Some(&owner),
                Some(json!({
                    "title": title,
                    "description": "Une **belle** réutilisation <b>gras</b>.",
                    "url": format!("https://{}.example", title.len()),
                    "type": kind,
                    "topic": "transport_and_mobility",
                    "datasets": [dataset],
                    "private": private,
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    let (status, kind, feed) = text(&app, "/reuses/feed.atom?type=application").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/atom+xml"), "{kind}");
    assert!(feed.contains("<title>Appli vélo</title>"), "{feed}");
    assert!(
        !feed.contains("Carte de l'air"),
        "the filter applies: {feed}"
    );
    assert!(
        !feed.contains("Brouillon secret"),
        "private reuses stay out"
    );
    assert!(
        feed.contains("type=application"),
        "self link keeps the filters"
    );
    assert!(
        feed.contains("Une belle réutilisation &lt;b&gt;gras&lt;/b&gt;."),
        "summaries are plain, escaped text: {feed}"
    );
    let (_, _, all) = text(&app, "/reuses/feed.atom").await;
    assert!(all.contains("Carte de l'air") && all.contains("Appli vélo"));

    let (status, _, dataset_feed) = text(&app, "/datasets/comptages-velo/reuses.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert!(dataset_feed.contains("Appli vélo") && !dataset_feed.contains("Carte de l'air"));
    let (status, _, _) = text(&app, "/datasets/unknown/reuses.atom").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, _, gallery) = text(&app, "/reuses/?type=application").await;
    assert!(
        gallery.contains(r#"type="application/atom+xml""#)
            && gallery.contains("/reuses/feed.atom?type=application"),
        "the gallery links its feed"
    );

    let (status, kind, sitemap) = text(&app, "/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/xml"), "{kind}");
    for path in [
        "reuses/carte-de-l-air/",
        "reuses/appli-velo/",
        "datasets/qualite-de-l-air/",
    ] {
        assert!(
            sitemap.contains(&format!("{}{path}", app.url)),
            "{path} in {sitemap}"
        );
    }
    assert!(
        !sitemap.contains("brouillon-secret"),
        "private reuses stay out"
    );

    let (_, _, page) = text(&app, "/reuses/appli-velo/").await;
    assert!(
        page.contains(r#"<meta property="og:title" content="Appli vélo">"#),
        "{page}"
    );
    assert!(page.contains(&format!(
        r#"<meta property="og:url" content="{}reuses/appli-velo/">"#,
        app.url
    )));
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(page.contains("Une belle réutilisation &#60;b&#62;gras&#60;/b&#62;."));
}
