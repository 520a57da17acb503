//! Holes of the attack review on what visitors read: the page cache filled by HEAD, control
//! characters in feeds, filters too large to run.

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use vitrine::cache::GALLERY;
use vitrine::import::{Format, parse_bytes};
use vitrine::models::catalog::import_catalog;
use vitrine::models::demo::{ensure_demo_reuses, ensure_demo_users};
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::app::repo_file;
use crate::support::web::{csrf_from, signed_in};

/// The sample catalog and the demo reuses, as `vitrine demo` loads them.
async fn demo(app: &TestApp) {
    let catalog = std::fs::read(repo_file("demo/catalog-sample.udata.csv")).unwrap();
    let parsed = parse_bytes(&catalog, Format::UdataCsv).unwrap();
    import_catalog(app.db(), parsed, "demo", None)
        .await
        .unwrap();
    ensure_demo_users(app.db()).await.unwrap();
    let reuses = std::fs::read(repo_file("demo/demo-reuses.json")).unwrap();
    assert_eq!(ensure_demo_reuses(app.db(), &reuses).await.unwrap(), 16);
}

/// A demo reuse (featured, on the first page of every list) and a dataset it uses.
const REUSE: &str = "Météo-Covid";
const DATASET: &str = "cd7e1dbcc607bcc47de67ea4";

/// A header of a response, or "" without it.
fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_head_request_never_empties_a_cached_page() {
    let app = TestApp::new().await;
    demo(&app).await;
    let (_, reuse) = app.get("/api/1/reuses/meteo-covid/").await;
    assert_eq!(reuse["title"], REUSE, "{reuse}");
    let (_, dataset) = app.get(&format!("/api/1/datasets/{DATASET}/")).await;
    let dataset_page = format!("/datasets/{}/", dataset["slug"].as_str().unwrap());
    let reuse_page = format!("/reuses/{}/", reuse["slug"].as_str().unwrap());
    // Each cached page, and what its full answer shows.
    let pages = [
        ("/", REUSE),
        ("/reuses/", REUSE),
        ("/api/1/reuses/", REUSE),
        ("/datasets/", dataset_page.as_str()),
        (reuse_page.as_str(), REUSE),
        (dataset_page.as_str(), REUSE),
    ];

    // Any write, an anonymous report included, starts a new generation of the cache: the first
    // request of each page after it fills the cache for every anonymous visitor.
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/reports/",
            None,
            Some(json!({"subject": {"class": "Reuse", "id": reuse["id"]}, "reason": "spam"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    for (path, _) in pages {
        let head = app.request(Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
    }
    let mut full = Vec::new();
    for (path, shown) in pages {
        let response = app.request(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        let (kind, length) = (
            header(&response, CONTENT_TYPE),
            header(&response, CONTENT_LENGTH),
        );
        let body = response.text().await.unwrap();
        assert!(
            body.contains(shown),
            "GET {path} after a HEAD is the full page, with {shown:?}: {} bytes {body:?}",
            body.len()
        );
        assert_eq!(length, body.len().to_string(), "GET {path}");
        full.push((path, kind, length));
    }
    // A HEAD answered from the cache carries the headers of the page it stands for.
    for (path, kind, length) in full {
        let head = app.request(Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
        assert_eq!(header(&head, "x-cache".parse().unwrap()), "hit", "{path}");
        assert_eq!(header(&head, CONTENT_TYPE), kind, "HEAD {path}");
        assert_eq!(header(&head, CONTENT_LENGTH), length, "HEAD {path}");
        assert_eq!(head.text().await.unwrap(), "", "HEAD {path} has no body");
    }
}

/// The text of `path`, which must be well-formed XML to a strict parser (as a feed reader's).
async fn feed(app: &TestApp, path: &str) -> String {
    let response = app.request(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let text = response.text().await.unwrap();
    if let Err(err) = roxmltree::Document::parse(&text) {
        panic!("{path} is not well-formed XML ({err}): {text}");
    }
    text
}

#[tokio::test]
async fn control_characters_are_refused_and_never_break_a_feed() {
    let app = TestApp::new().await;
    demo(&app).await;
    let author = app.user("Camille", Role::User).await;
    let reuse = |title: &str, description: &str| {
        json!({
            "title": title,
            "description": description,
            "url": format!("https://example.org/{}", uuid::Uuid::new_v4()),
            "type": "application",
            "topic": "health",
            "datasets": [DATASET],
        })
    };
    // Refused through the API, naming the field, on creation and on edit.
    for (field, body) in [
        ("title", reuse("Carte\u{1} des lits", "Une carte.")),
        ("title", reuse("Carte\u{1b}[31m", "Une carte.")),
        // A title is one line.
        ("title", reuse("Carte\ndes lits", "Une carte.")),
        ("description", reuse("Carte des lits", "Une\u{1} carte.")),
        (
            "description",
            reuse("Carte des lits", "Une\u{7f}\u{8} carte."),
        ),
    ] {
        let (status, answer) = app
            .call(Method::POST, "/api/1/reuses/", Some(&author), Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(answer["message"].is_string(), "{answer}");
        let messages = answer["errors"][field].to_string();
        assert!(messages.contains("control character"), "{answer}");
    }
    // Line breaks and tabs are text in a description, not controls.
    let (status, created) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&author),
            Some(reuse("Carte des lits", "Une carte.\r\n\n\tPar région.")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    let (status, answer) = app
        .call(
            Method::PUT,
            &format!("/api/1/reuses/{id}/"),
            Some(&author),
            Some(json!({"title": "Carte\u{1}"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer["errors"]["title"].is_array(), "{answer}");
    // Discussions: the title and the message.
    for (field, title, comment) in [
        ("title", "Mise\u{1} à jour ?", "Quand ?"),
        ("comment", "Mise à jour ?", "Quand\u{1} ?"),
    ] {
        let (status, answer) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&author),
                Some(json!({
                    "title": title,
                    "comment": comment,
                    "subject": {"class": "Dataset", "id": DATASET},
                })),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(answer["errors"][field].is_array(), "{answer}");
    }
    // The forms say it beside the field: the reuse form as the API does, the discussion form in
    // the reader's language.
    let cookie = signed_in(&app, &author.id).await;
    let page = app
        .request(Method::GET, "/reuses/new")
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&page);
    let post = |path: &str, lang: &str, body: String| {
        app.request(Method::POST, path)
            .header(COOKIE, &cookie)
            .header("Accept-Language", lang)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let refused = post(
        "/reuses/new",
        "en",
        format!(
            "csrf_token={token}&title=Carte%01&url=https%3A%2F%2Fexample.org%2Fform\
             &type=application&topic=health&description=Une+carte.&datasets={DATASET}"
        ),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("This text holds invisible characters"),
        "{page}"
    );
    for (lang, message) in [
        ("fr", "Ce texte contient des caractères invisibles"),
        ("en", "This text holds invisible characters"),
    ] {
        let refused = post(
            "/discussions/new",
            lang,
            format!(
                "csrf_token={token}&class=Dataset&subject={DATASET}&title=Mise%01+%C3%A0+jour\
                 &comment=Quand+%3F&action=submit"
            ),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{lang}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(message), "{lang}: {page}");
    }

    // What is already stored, or comes from a catalog, is written into feeds as XML can hold it.
    let stored = "Carte\u{1}\u{8}\u{b}\u{c}\u{1b}\u{fffe}\u{ffff} des lits";
    entity::reuses::Entity::update_many()
        .col_expr(entity::reuses::Column::Title, Expr::value(stored))
        .col_expr(
            entity::reuses::Column::Description,
            Expr::value(format!("Une {stored}.")),
        )
        .exec(app.db())
        .await
        .unwrap();
    entity::datasets::Entity::update_many()
        .col_expr(
            entity::datasets::Column::Title,
            Expr::value(format!("Lits\u{1} {stored}")),
        )
        .filter(entity::datasets::Column::Id.eq(DATASET))
        .exec(app.db())
        .await
        .unwrap();
    entity::organizations::Entity::update_many()
        .col_expr(
            entity::organizations::Column::Name,
            Expr::value(format!("Santé\u{2} {stored}")),
        )
        .exec(app.db())
        .await
        .unwrap();
    app.state.cache.bump(GALLERY).await;
    let (_, dataset) = app.get(&format!("/api/1/datasets/{DATASET}/")).await;
    let dataset_feed = format!(
        "/datasets/{}/reuses.atom",
        dataset["slug"].as_str().unwrap()
    );
    for path in [
        "/reuses/feed.atom",
        "/reuses/feed.atom?topic=health",
        "/api/1/reuses/recent.atom",
        dataset_feed.as_str(),
        "/sitemap.xml",
    ] {
        let text = feed(&app, path).await;
        if path != "/sitemap.xml" {
            assert!(text.contains("Carte des lits"), "{path}: {text}");
        }
    }
    let text = feed(&app, &dataset_feed).await;
    assert!(
        text.contains("<title>Vitrine — Lits Carte des lits</title>"),
        "{text}"
    );
    let text = feed(&app, "/reuses/feed.atom").await;
    assert!(text.contains("<name>Santé Carte des lits</name>"), "{text}");
}

/// The cap on the values of one filter.
const CAP: usize = 20;

/// `name=…` `count` times, each value different, or as many words in one `q`.
fn values(name: &str, count: usize) -> String {
    let values = (0..count).map(|n| format!("value{n}"));
    if name == "q" {
        format!("q={}", values.collect::<Vec<_>>().join("+"))
    } else {
        values
            .map(|value| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[tokio::test]
async fn too_many_filter_values_are_refused_naming_the_parameter() {
    let app = TestApp::new().await;
    demo(&app).await;
    let admin = app.user("Admin", Role::Admin).await;
    // The API lists, anonymous (the gallery index when built) and signed in (the database).
    for (path, name) in [
        ("/api/1/reuses/", "tag"),
        ("/api/1/datasets/", "tag"),
        ("/api/1/datasets/", "q"),
        ("/api/1/discussions/", "for"),
    ] {
        for user in [None, Some(&admin)] {
            for count in [1_200, CAP + 1] {
                let query = values(name, count);
                let (status, body) = app
                    .call(Method::GET, &format!("{path}?{query}"), user, None)
                    .await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {count} {name}");
                assert!(body["message"].is_string(), "{body}");
                let messages = body["errors"][name].to_string();
                assert!(messages.contains(&format!("at most {CAP}")), "{body}");
            }
            let query = values(name, CAP);
            let (status, body) = app
                .call(Method::GET, &format!("{path}?{query}"), user, None)
                .await;
            assert_eq!(status, StatusCode::OK, "{path} {CAP} {name}: {body}");
            assert_eq!(body["total"], 0, "{body}");
        }
    }
    // As many tags as the cap still filter: each must be present.
    let (_, body) = app
        .get(&format!(
            "/api/1/reuses/?tag=covid-19&{}",
            values("tag", CAP - 1)
        ))
        .await;
    assert_eq!(body["total"], 0, "{body}");
    let (_, body) = app.get("/api/1/reuses/?tag=covid-19&tag=covid-19").await;
    assert_eq!(body["total"], 16, "{body}");

    // The gallery and its feed take one tag: a page says which parameter is wrong.
    for path in ["/reuses/", "/reuses/feed.atom"] {
        let response = app
            .request(Method::GET, &format!("{path}?{}", values("tag", 1_200)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("<h1>"), "{path}: a page: {page}");
        assert!(page.contains("« tag »"), "{path}: {page}");
        let response = app
            .request(Method::GET, &format!("{path}?tag=covid-19"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.text().await.unwrap().contains(REUSE), "{path}");
    }
}

#[tokio::test]
async fn parameters_a_list_does_not_read_keep_no_copy_of_it() {
    let app = TestApp::new().await;
    demo(&app).await;
    let cache_of = |path: &'static str| {
        let app = &app;
        async move {
            let mut seen = Vec::new();
            for _ in 0..2 {
                let response = app.request(Method::GET, path).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{path}");
                seen.push(header(&response, "x-cache".parse().unwrap()));
                assert!(response.text().await.unwrap().len() > 200, "{path}");
            }
            seen
        }
    };
    // What a list reads is cached (computed once, then a hit)…
    for path in ["/reuses/?type=api&page=1", "/api/1/reuses/?page_size=20"] {
        assert_eq!(cache_of(path).await, ["miss", "hit"], "{path}");
    }
    // …and a parameter it does not read is computed every time, never kept.
    for path in [
        "/reuses/?x=1",
        "/api/1/reuses/?utm_source=mail",
        "/?page=1&page=2",
    ] {
        assert_eq!(cache_of(path).await, ["", ""], "{path}");
    }
}
