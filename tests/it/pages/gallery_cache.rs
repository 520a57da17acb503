//! The gallery cache: hits, invalidation on every instance, and life without the cache.

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::cache::GALLERY;
use vitrine::models::users::Role;

use crate::support::api::create;
use crate::support::relay::Relay;
use crate::support::{TestApp, TestUser};

async fn get_with_cache_state(app: &TestApp, path: &str) -> (String, serde_json::Value) {
    let (status, state, body) = html_with_cache_state(app, path, None).await;
    assert_eq!(status, StatusCode::OK);
    (state, serde_json::from_str(&body).unwrap())
}

/// Publishes a reuse of `d1` titled `title` as `user`.
async fn publish(app: &TestApp, user: &TestUser, title: &str) {
    create(
        app,
        user,
        "/api/1/reuses/",
        json!({"title": title, "description": "x", "url": format!("https://{}.example", title.to_lowercase()), "type": "api", "topic": "others", "datasets": ["d1"]}),
    )
    .await;
}

#[tokio::test]
async fn a_new_reuse_shows_at_once_on_every_instance() {
    let first = TestApp::new().await;
    let admin = first.user("Admin", Role::Admin).await;
    first
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "d1", "title": "Jeu"})),
        )
        .await;
    publish(&first, &admin, "Alpha").await;
    let second = first.sibling().await;

    let (state, page) = get_with_cache_state(&second, "/api/1/reuses/").await;
    assert_eq!((state.as_str(), page["total"].as_u64()), ("miss", Some(1)));
    let (state, _) = get_with_cache_state(&second, "/api/1/reuses/").await;
    assert_eq!(state, "hit");

    publish(&first, &admin, "Beta").await;
    if second.state.config.redis_url.is_some() {
        // The write's bump reaches the other instance as a message on its subscription: the
        // time of one delivery (what "at once" means across instances), then no stale page.
        wait_until_heard(&first, &second).await;
        let (_, page) = get_with_cache_state(&second, "/api/1/reuses/").await;
        assert_eq!(
            page["total"], 2,
            "the other instance sees the new reuse once told of the write through Redis"
        );
    } else {
        // Without Redis each instance has its own cache: only one instance is supported then.
        let (_, page) = get_with_cache_state(&first, "/api/1/reuses/").await;
        assert_eq!(page["total"], 2);
    }
    let html = first
        .request(Method::GET, "/reuses/")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Beta"));
}

/// Waits until `other` has heard of `writer`'s latest gallery generation (at most 5 s: a
/// message delivered on loopback, however loaded the machine).
async fn wait_until_heard(writer: &TestApp, other: &TestApp) {
    let written = writer.state.cache.generation(GALLERY).await;
    for _ in 0..500 {
        if other.state.cache.generation(GALLERY).await >= written {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the other instance never heard of the write (generation {written:?})");
}

/// The status, `X-Cache` state and body of a page, as an anonymous visitor (or `user`) gets it.
async fn html_with_cache_state(
    app: &TestApp,
    path: &str,
    user: Option<&TestUser>,
) -> (StatusCode, String, String) {
    let mut request = app.request(Method::GET, path);
    if let Some(user) = user {
        request = request.header("X-API-KEY", &user.token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let state = response
        .headers()
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, state, response.text().await.unwrap())
}

#[tokio::test]
async fn reuse_and_dataset_pages_are_kept_until_a_write_and_still_count_views() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let asker = app.user("Dominique", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Qualité de l'air"})),
    )
    .await;
    // A page that does not exist yet is not remembered as missing.
    let (status, state, _) = html_with_cache_state(&app, "/reuses/alpha/", None).await;
    assert_eq!((status, state.as_str()), (StatusCode::NOT_FOUND, ""));
    publish(&app, &admin, "Alpha").await;
    let (_, dataset) = app.get("/api/1/datasets/d1/").await;
    let dataset_page = format!("/datasets/{}/", dataset["slug"].as_str().unwrap());

    for path in ["/reuses/alpha/", dataset_page.as_str()] {
        let (status, first, html) = html_with_cache_state(&app, path, None).await;
        assert_eq!((status, first.as_str()), (StatusCode::OK, "miss"), "{path}");
        assert!(html.contains("Alpha"), "{path}");
        let (_, second, again) = html_with_cache_state(&app, path, None).await;
        assert_eq!(second, "hit", "{path}");
        assert_eq!(again, html, "{path}");
        // Signed-in readers get their own page, never the anonymous one.
        let (status, state, _) = html_with_cache_state(&app, path, Some(&asker)).await;
        assert_eq!((status, state.as_str()), (StatusCode::OK, ""), "{path}");
        // With a query string the page is computed, never kept: nobody fills the cache with
        // copies of it, nor plants a copy whose language links carry their query.
        let tagged = format!("{path}?utm_source=lettre");
        for _ in 0..2 {
            let (status, state, html) = html_with_cache_state(&app, &tagged, None).await;
            assert_eq!((status, state.as_str()), (StatusCode::OK, ""), "{tagged}");
            assert!(html.contains("utm_source"), "{tagged}: its own links");
        }
        let (_, state, html) = html_with_cache_state(&app, path, None).await;
        assert_eq!(state, "hit", "{path}");
        assert!(!html.contains("utm_source"), "{path}");
    }

    // Views: the miss, the hit, the signed-in reader's, the tagged ones, all counted.
    app.state.views.flush(app.db()).await;
    let (_, reuse) = app.get("/api/1/reuses/alpha/").await;
    assert_eq!(reuse["metrics"]["views"], 6);

    // A question on each page is on it at once.
    for (class, id, title) in [
        ("Reuse", reuse["id"].as_str().unwrap(), "Quelle licence ?"),
        ("Dataset", "d1", "Quelle fréquence de mise à jour ?"),
    ] {
        let (status, body) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&asker),
                Some(json!({"title": title, "comment": "Merci !", "subject": {"class": class, "id": id}})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, state, html) = html_with_cache_state(&app, "/reuses/alpha/", None).await;
    assert_eq!(state, "miss");
    assert!(html.contains("Quelle licence ?"));
    assert!(html.contains("0 réponse"), "{html}");
    // Two replies: the thread's line counts them (its messages are counted, not read).
    let (_, threads) = app
        .get(&format!(
            "/api/1/discussions/?for={}",
            reuse["id"].as_str().unwrap()
        ))
        .await;
    let thread = threads["data"][0]["id"].as_str().unwrap().to_owned();
    for answer in ["CC-BY", "Licence ouverte"] {
        let (status, body) = app
            .call(
                Method::POST,
                &format!("/api/1/discussions/{thread}/"),
                Some(&admin),
                Some(json!({"comment": answer})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, state, html) = html_with_cache_state(&app, "/reuses/alpha/", None).await;
    assert_eq!(state, "miss");
    assert!(html.contains("2 réponses"), "{html}");
    let (_, state, html) = html_with_cache_state(&app, &dataset_page, None).await;
    assert_eq!(state, "miss");
    assert!(html.contains(">Discussions (1)</a>"), "{html}");
    let (_, _, html) =
        html_with_cache_state(&app, &format!("{dataset_page}?tab=discussions"), None).await;
    assert!(html.contains("Quelle fréquence de mise à jour ?"));
}

#[tokio::test]
async fn signed_in_callers_are_never_served_the_anonymous_page() {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Owner", Role::User).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    let (status, _) = app
        .call(
            Method::POST,
            "/api/1/reuses/",
            Some(&owner),
            Some(json!({"title": "Private", "description": "x", "url": "https://p.example", "type": "api", "topic": "others", "datasets": ["d1"], "private": true})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, anonymous) = get_with_cache_state(&app, "/api/1/reuses/").await;
    assert_eq!(anonymous["total"], 0);
    let (_, mine) = app
        .call(Method::GET, "/api/1/reuses/", Some(&owner), None)
        .await;
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn without_its_cache_the_gallery_still_answers_from_the_database() {
    // A Redis that is not there: requests must not fail, health says the cache is down.
    let app = TestApp::with_env(&[("VITRINE_REDIS_URL", "redis://127.0.0.1:1/")]).await;
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    publish(&app, &admin, "Gamma").await;
    for _ in 0..3 {
        let (_, page) = get_with_cache_state(&app, "/api/1/reuses/").await;
        assert_eq!(page["total"], 1);
    }
    let response = app.request(Method::GET, "/reuses/").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (status, health) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["cache"], "down");
}

#[tokio::test]
async fn redis_going_away_during_requests_falls_back_to_the_database() {
    let Ok(redis) = std::env::var("VITRINE_TEST_REDIS_URL") else {
        eprintln!(
            "skipped: VITRINE_TEST_REDIS_URL is not set (the PostgreSQL + Redis run of scripts/test has it)"
        );
        return;
    };
    if redis.is_empty() {
        eprintln!("skipped: VITRINE_TEST_REDIS_URL is empty");
        return;
    }
    let target = url::Url::parse(&redis).unwrap();
    let mut relay = Relay::start(&format!(
        "{}:{}",
        target.host_str().unwrap(),
        target.port().unwrap_or(6379)
    ))
    .await;
    let app = TestApp::with_env(&[(
        "VITRINE_REDIS_URL",
        &format!("redis://127.0.0.1:{}/", relay.port),
    )])
    .await;
    let admin = app.user("Admin", Role::Admin).await;
    app.call(
        Method::POST,
        "/api/1/datasets/",
        Some(&admin),
        Some(json!({"id": "d1", "title": "Jeu"})),
    )
    .await;
    publish(&app, &admin, "Before").await;
    let (_, _) = get_with_cache_state(&app, "/api/1/reuses/").await;
    let (state, page) = get_with_cache_state(&app, "/api/1/reuses/").await;
    assert_eq!((state.as_str(), page["total"].as_u64()), ("hit", Some(1)));

    relay.cut();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    publish(&app, &admin, "During").await;
    for _ in 0..3 {
        let (state, page) = get_with_cache_state(&app, "/api/1/reuses/").await;
        assert_eq!(page["total"], 2, "answered from the database");
        assert_ne!(state, "hit");
    }
    let (_, health) = app.get("/healthz").await;
    assert_eq!(health["cache"], "down");

    relay.restore().await;
    let mut recovered = false;
    for _ in 0..50 {
        let (state, page) = get_with_cache_state(&app, "/api/1/reuses/").await;
        assert_eq!(page["total"], 2, "never the page cached before the outage");
        if state == "hit" {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "the cache is used again once Redis is back");
}

#[tokio::test]
async fn instances_hear_generations_instead_of_asking_redis_for_them() {
    use redis::AsyncCommands;

    let first = TestApp::new().await;
    let Some(url) = first.state.config.redis_url.clone() else {
        return; // Without Redis there is one instance and no channel.
    };
    let second = first.sibling().await;
    let key = format!("{}:gen:listen-test", first.state.config.redis_prefix);
    let mut redis = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    // Once subscribed, an instance answers from what it heard: a value changed behind its back
    // (no message) is not seen. Before that it asks Redis and sees it: try until it does not.
    let mut heard = None;
    for _ in 0..100 {
        let known = first.state.cache.generation("listen-test").await.unwrap();
        let _: () = redis.set(&key, known + 1000).await.unwrap();
        if first.state.cache.generation("listen-test").await == Some(known) {
            heard = Some(known);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let heard = heard.expect("the first instance never answered from its subscription");
    // A bump on the other instance is told to it at once, the new value included.
    second.state.cache.bump("listen-test").await;
    let told = heard + 1001;
    let mut seen = None;
    for _ in 0..100 {
        seen = first.state.cache.generation("listen-test").await;
        if seen == Some(told) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(seen, Some(told));
}
