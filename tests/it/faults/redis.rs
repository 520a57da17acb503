//! Redis taken away during a read load and brought back: the gallery answers from the database
//! meanwhile, signed-in pages and writes keep working, and once Redis is back the cache is used
//! again without ever serving a page from before the outage.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::COOKIE;
use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::create;
use crate::support::datasets::dataset;
use crate::support::load::{Load, NextRequest};
use crate::support::peers::{free_port, skip};
use crate::support::relay::Relay;
use crate::support::web::{client, signed_in};

/// A `redis-server` of this test's own (no persistence: a restart loses everything, as a
/// cache's Redis usually does), stopped when dropped.
struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one on a free port, or `None` ("skipped") where there is no `redis-server`.
    async fn start() -> Option<Self> {
        let mut server = Self {
            port: free_port(),
            child: None,
        };
        server.resume().await?;
        Some(server)
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server (SIGKILL: no goodbye to the clients).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// (Re)starts the server on its port, empty, and waits until it answers.
    async fn resume(&mut self) -> Option<()> {
        self.stop();
        let spawned = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(err) => {
                skip(&format!("no redis-server ({err})"));
                return None;
            }
        };
        self.child = Some(child);
        for _ in 0..100 {
            if let Ok(client) = redis::Client::open(self.url())
                && let Ok(mut conn) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING")
                    .query_async::<String>(&mut conn)
                    .await
                    .is_ok()
            {
                return Some(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("redis-server did not start on port {}", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The anonymous pages the gallery cache keeps.
const CACHED: [&str; 3] = ["/api/1/reuses/", "/reuses/", "/"];

/// What the cached pages must show now: the newest reuse, and the number of datasets.
struct Expected<'a> {
    newest: &'a str,
    reuses: u64,
    datasets: u64,
}

/// Gets a cached page as anonymous; returns whether it came from the cache, after checking it
/// shows what `expected` says (a stale page fails the test).
async fn get_fresh(app: &TestApp, path: &str, expected: &Expected<'_>) -> bool {
    let response = app.request(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let hit = response
        .headers()
        .get("x-cache")
        .is_some_and(|state| state == "hit");
    let body = response.text().await.unwrap();
    let fresh = match path {
        "/api/1/reuses/" => {
            let page: serde_json::Value = serde_json::from_str(&body).unwrap();
            page["total"] == expected.reuses && page["data"][0]["title"] == expected.newest
        }
        "/reuses/" => body.contains(expected.newest),
        _ => body.contains(&format!(
            "{} jeux de données dans le catalogue",
            expected.datasets
        )),
    };
    assert!(
        fresh,
        "{path} on {} is stale (hit: {hit}): expected {} reuses, newest {:?}, {} datasets",
        app.url, expected.reuses, expected.newest, expected.datasets
    );
    hit
}

/// Reads every cached page on every instance until each comes from the cache, all fresh.
async fn until_cached(apps: &[&TestApp], expected: &Expected<'_>) {
    for app in apps {
        for path in CACHED {
            let mut hit = false;
            for _ in 0..50 {
                if get_fresh(app, path, expected).await {
                    hit = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(hit, "{path} on {} is never served from the cache", app.url);
        }
    }
}

/// A reuse of `d0` titled `title`.
fn reuse_of_d0(title: &str) -> serde_json::Value {
    json!({
        "title": title,
        "description": "Une carte des relevés.",
        "url": format!("https://example.org/{}", uuid::Uuid::new_v4().simple()),
        "type": "application",
        "topic": "others",
        "datasets": ["d0"],
    })
}

async fn cache_state(app: &TestApp) -> String {
    let (status, health) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK, "a Redis outage never fails health");
    health["cache"].as_str().unwrap_or_default().to_owned()
}

async fn until_cache_is(apps: &[&TestApp], wanted: &str) {
    for app in apps {
        let mut state = String::new();
        for _ in 0..100 {
            state = cache_state(app).await;
            if state == wanted {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(state, wanted, "{}", app.url);
    }
}

/// Anonymous gallery pages, a reuse page and a signed-in page, on both instances in turn.
fn reader_load(apps: [&TestApp; 2], reuse_page: &str, cookie: &str) -> Load {
    let urls: Vec<String> = apps.iter().map(|app| app.url.clone()).collect();
    let (client, cookie) = (reqwest::Client::new(), cookie.to_owned());
    let reuse_page = reuse_page.to_owned();
    let next: NextRequest = Arc::new(move |n| {
        let base = &urls[n % 2];
        let (what, signed_in) = match n / 2 % 5 {
            0 => ("/api/1/reuses/", false),
            1 => ("/reuses/", false),
            2 => ("/", false),
            3 => (reuse_page.as_str(), false),
            _ => ("/me/", true),
        };
        let mut request = client.get(format!("{base}{}", &what[1..]));
        if signed_in {
            request = request.header(COOKIE, &cookie);
        }
        (what.to_owned(), request)
    });
    Load::start(8, next)
}

#[tokio::test]
async fn the_gallery_outlives_redis_and_serves_nothing_stale_once_it_is_back() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    let first = TestApp::with_env(&[("VITRINE_REDIS_URL", &redis.url())]).await;
    let second = first.sibling().await;
    let both = [&first, &second];
    let admin = first.user("Admin", Role::Admin).await;
    let reader = first.user("Lecteur", Role::User).await;
    for n in 0..2 {
        dataset(&first, &admin, &format!("d{n}"), &format!("Relevés {n}")).await;
    }
    let before = create(
        &first,
        &admin,
        "/api/1/reuses/",
        reuse_of_d0("Avant la panne"),
    )
    .await;
    let mut expected = Expected {
        newest: "Avant la panne",
        reuses: 1,
        datasets: 2,
    };
    until_cached(&both, &expected).await;
    let cookie = signed_in(&first, &reader.id).await;
    let reuse_page = format!("/reuses/{}/", before["slug"].as_str().unwrap());
    let load = reader_load(both, &reuse_page, &cookie);
    let any = |_: &crate::support::load::Outcome| true;
    load.wait_for(100, any, 60).await;

    redis.stop();
    let stopped = std::time::Instant::now();
    until_cache_is(&both, "down").await;
    // Writes go on (the rate limiter lets them through rather than failing closed) and every
    // instance shows them at once, from the database.
    create(
        &first,
        &admin,
        "/api/1/reuses/",
        reuse_of_d0("Pendant la panne"),
    )
    .await;
    dataset(&second, &admin, "d2", "Relevés 2").await;
    expected = Expected {
        newest: "Pendant la panne",
        reuses: 2,
        datasets: 3,
    };
    for app in both {
        for path in CACHED {
            assert!(
                !get_fresh(app, path, &expected).await,
                "no cache without Redis"
            );
        }
        let me = app
            .request(Method::GET, "/me/")
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK, "signed in without Redis");
    }
    load.wait_for(100, any, 60).await;

    redis.resume().await.unwrap();
    let outage = stopped.elapsed();
    until_cache_is(&both, "up").await;
    until_cached(&both, &expected).await;
    // Each write bumps the generation; a Redis that lost it must not count again through the
    // numbers under which the instances kept pages from before the outage.
    for n in 3..8 {
        dataset(&first, &admin, &format!("d{n}"), &format!("Relevés {n}")).await;
        expected.datasets += 1;
        for app in both {
            for path in CACHED {
                get_fresh(app, path, &expected).await;
            }
        }
    }
    until_cached(&both, &expected).await;

    let outcomes = load.stop().await;
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|outcome| outcome.status != Some(200))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {}: {failed:?}",
        failed.len(),
        outcomes.len()
    );
    let slowest = outcomes.iter().map(|outcome| outcome.took).max();
    eprintln!(
        "{} requests over a {outage:.1?} Redis outage, all 200 (slowest {slowest:.1?})",
        outcomes.len()
    );
}

/// An app that reaches `redis` through a relay the test can cut (Redis keeps its data).
async fn behind_relay(redis: &RedisServer) -> (Relay, TestApp) {
    let relay = Relay::start(&format!("127.0.0.1:{}", redis.port)).await;
    let url = format!("redis://127.0.0.1:{}/", relay.port);
    let app = TestApp::with_env(&[("VITRINE_REDIS_URL", &url)]).await;
    (relay, app)
}

#[tokio::test]
async fn signing_out_while_redis_is_unreachable_ends_the_session_once_it_is_back() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    // A network cut rather than a restart: Redis keeps the session it cached.
    let (mut relay, app) = behind_relay(&redis).await;
    let reader = app.user("Lecteur", Role::User).await;
    let cookie = signed_in(&app, &reader.id).await;
    let client = client();
    let me = || {
        client
            .get(format!("{}me/", app.url))
            .header(COOKIE, &cookie)
    };
    let page = me().send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let csrf = html[start..start + 40].to_owned();

    relay.cut();
    let out = client
        .post(format!("{}logout", app.url))
        .header(COOKIE, &cookie)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.status(),
        StatusCode::SEE_OTHER,
        "signed out without Redis"
    );
    relay.restore().await;
    until_cache_is(&[&app], "up").await;
    for _ in 0..5 {
        let page = me().send().await.unwrap();
        assert_eq!(
            page.status(),
            StatusCode::SEE_OTHER,
            "the session cached before the outage is not used after sign-out"
        );
    }
}

#[tokio::test]
async fn a_write_while_redis_is_cut_reaches_every_instance_once_it_is_back() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    // A network cut: Redis keeps the generation and the pages cached before the write.
    let (mut relay, writer) = behind_relay(&redis).await;
    let reader = writer.sibling().await;
    let admin = writer.user("Admin", Role::Admin).await;
    dataset(&writer, &admin, "d0", "Relevés 0").await;
    dataset(&writer, &admin, "d1", "Relevés 1").await;
    create(
        &writer,
        &admin,
        "/api/1/reuses/",
        reuse_of_d0("Avant la coupure"),
    )
    .await;
    let mut expected = Expected {
        newest: "Avant la coupure",
        reuses: 1,
        datasets: 2,
    };
    until_cached(&[&writer, &reader], &expected).await;

    relay.cut();
    create(
        &writer,
        &admin,
        "/api/1/reuses/",
        reuse_of_d0("Pendant la coupure"),
    )
    .await;
    expected.newest = "Pendant la coupure";
    expected.reuses = 2;
    assert!(!get_fresh(&reader, "/api/1/reuses/", &expected).await);
    relay.restore().await;
    // Only the other instance is read: the writer's missed bump must reach Redis by itself
    // (retried in the background), not wait for the writer's own next read. Until it does (a
    // fraction of a second) the other instance may still serve the page from before the write.
    let mut fresh = false;
    for _ in 0..100 {
        let (status, page) = reader.get("/api/1/reuses/").await;
        assert_eq!(status, StatusCode::OK);
        if page["total"] == 2 {
            fresh = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        fresh,
        "the write made while Redis was cut shows on the other instance"
    );
    until_cached(&[&reader, &writer], &expected).await;
}
