//! `/metrics`: never served unless asked, behind its token on the main port or on an address of
//! its own (`vitrine serve`'s and `vitrine worker`'s), read by Prometheus's Python client's
//! parser, with counters that move with the requests made and gauges that tell the outbox, the
//! pool and the catalog sync.
//!
//! The recorder is the process's and the tests share it: each compares the values before and
//! after what it does, on series only it moves, never totals.

use std::time::Duration;

use entity::outbox;
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::support::TestApp;
use crate::support::mail::queue_mails;
use crate::support::peers::free_port;
use crate::support::prometheus::{Exposition, prometheus_python};

/// The token of the apps that serve `/metrics` on their main port.
const TOKEN: &str = "metrics-token-0123456789";

/// An app serving `/metrics` behind [`TOKEN`], with `extra` settings.
async fn metered(extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![("VITRINE_METRICS_TOKEN", TOKEN)];
    env.extend_from_slice(extra);
    TestApp::with_env(&env).await
}

/// `/metrics` of `app`, which must answer 200 in Prometheus's text format.
async fn scrape(app: &TestApp) -> String {
    let response = app
        .request(Method::GET, "/metrics")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    response.text().await.unwrap()
}

/// The body of `GET url`, once something answers there (a listener starting up).
async fn get_when_up(url: &str, wait: Duration) -> reqwest::Response {
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    loop {
        match client.get(url).send().await {
            Ok(response) => return response,
            Err(err) if started.elapsed() > wait => panic!("nothing answers at {url}: {err}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

#[tokio::test]
async fn metrics_are_not_served_unless_asked() {
    let app = TestApp::new().await;
    for token in [None, Some(TOKEN)] {
        let mut request = app.request(Method::GET, "/metrics");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(!response.text().await.unwrap().contains("http_requests"));
    }
}

#[tokio::test]
async fn the_main_port_serves_metrics_to_the_token_only() {
    let app = metered(&[]).await;
    let refused = [
        None,
        Some("Bearer metrics-token-wrong-0123".to_owned()),
        Some(format!("Bearer {TOKEN}x")),
        Some(format!("Basic {TOKEN}")),
        Some(TOKEN.to_owned()),
    ];
    for authorization in refused {
        let mut request = app.request(Method::GET, "/metrics");
        if let Some(value) = &authorization {
            request = request.header("Authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{authorization:?}"
        );
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer realm=\"metrics\""
        );
        assert!(!response.text().await.unwrap().contains("# TYPE"));
    }
    let text = scrape(&app).await;
    assert!(
        text.contains("# TYPE http_requests_total counter"),
        "{text}"
    );
    if let Some(python) = prometheus_python() {
        let parsed = Exposition::parse(&python, &text);
        assert_eq!(parsed.family("http_requests").kind, "counter");
    }
}

#[tokio::test]
async fn an_address_of_its_own_serves_metrics_and_the_main_port_does_not() {
    let bind = format!("127.0.0.1:{}", free_port());
    let app = TestApp::with_env(&[("VITRINE_METRICS_BIND", &bind)]).await;
    let response = get_when_up(&format!("http://{bind}/metrics"), Duration::from_secs(10)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.contains("# TYPE outbox_pending gauge"), "{text}");
    if let Some(python) = prometheus_python() {
        Exposition::parse(&python, &text);
    }
    // That listener serves /metrics alone; the main port has no /metrics without a token.
    let other = get_when_up(&format!("http://{bind}/healthz"), Duration::ZERO).await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let main = app.request(Method::GET, "/metrics").send().await.unwrap();
    assert_eq!(main.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn counters_and_histograms_move_with_the_requests() {
    let Some(python) = prometheus_python() else {
        return;
    };
    let app = metered(&[]).await;
    // Only this test asks for the stylesheet and the gallery of apps serving metrics.
    let route = [("method", "GET"), ("route", "/static/vitrine.css")];
    let ok = [route[0], route[1], ("status", "200")];
    let unmatched = [("route", "unmatched"), ("status", "404")];
    let page = [("cache", "page"), ("result", "hit")];
    let before = Exposition::parse(&python, &scrape(&app).await);
    const N: usize = 7;
    for _ in 0..N {
        let response = app.request(Method::GET, "/static/vitrine.css").send().await;
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    let stray = format!("/no-such-page-{}/", uuid::Uuid::new_v4().simple());
    let response = app.request(Method::GET, &stray).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    for _ in 0..2 {
        let response = app.request(Method::GET, "/reuses/").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let after = Exposition::parse(&python, &scrape(&app).await);

    let rose = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert!(rose("http_requests_total", &ok) >= N as f64);
    assert!(rose("http_request_duration_seconds_count", &route) >= N as f64);
    let inf = [route[0], route[1], ("le", "+Inf")];
    assert!(rose("http_request_duration_seconds_bucket", &inf) >= N as f64);
    assert!(after.value("http_request_duration_seconds_sum", &route) > 0.0);
    assert!(rose("http_requests_total", &unmatched) >= 1.0);
    assert!(
        after.samples().all(|sample| !sample
            .labels
            .values()
            .any(|value| value.contains("no-such-page"))),
        "a path that no route took is a label"
    );
    // The second look at the gallery came from the page cache, under the same route.
    assert!(rose("cache_requests_total", &page) >= 1.0);
    let gallery = [("route", "/reuses/"), ("status", "200")];
    assert!(rose("http_requests_total", &gallery) >= 2.0);

    assert_eq!(
        after.family("http_request_duration_seconds").kind,
        "histogram"
    );
    assert_eq!(after.family("cache_requests").kind, "counter");
    for family in &after.families {
        assert!(!family.help.is_empty(), "{} has no help", family.name);
    }
}

#[tokio::test]
async fn gauges_tell_the_outbox_and_the_pool() {
    let Some(python) = prometheus_python() else {
        return;
    };
    // No worker: the mails stay where the test puts them.
    let app = metered(&[("VITRINE_MAIL_WORKER", "false")]).await;
    let empty = Exposition::parse(&python, &scrape(&app).await);
    assert_eq!(empty.value("outbox_pending", &[]), 0.0);
    assert_eq!(empty.value("outbox_oldest_pending_age_seconds", &[]), 0.0);
    assert_eq!(empty.value("outbox_failed", &[]), 0.0);

    let recipients = queue_mails(&app, "gauges", 3).await;
    // One written an hour ago, one given up on.
    let hour_ago = vitrine::clock::now() - chrono::Duration::hours(1);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::CreatedAt, Expr::value(hour_ago))
        .filter(outbox::Column::Recipient.eq(recipients[0].as_str()))
        .exec(app.db())
        .await
        .unwrap();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("failed"))
        .filter(outbox::Column::Recipient.eq(recipients[1].as_str()))
        .exec(app.db())
        .await
        .unwrap();

    // A page, whose reads take a connection in a transaction.
    let home = app.request(Method::GET, "/").send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let parsed = Exposition::parse(&python, &scrape(&app).await);
    assert_eq!(parsed.family("outbox_pending").kind, "gauge");
    assert_eq!(parsed.value("outbox_pending", &[]), 2.0);
    assert_eq!(parsed.value("outbox_failed", &[]), 1.0);
    let age = parsed.value("outbox_oldest_pending_age_seconds", &[]);
    assert!((3600.0..3700.0).contains(&age), "{age}");

    let max = parsed.value("db_pool_max_connections", &[]);
    let idle = parsed.value("db_pool_connections", &[("state", "idle")]);
    let in_use = parsed.value("db_pool_connections", &[("state", "in_use")]);
    assert!(max >= 1.0, "{max}");
    assert!(
        idle + in_use >= 1.0 && idle + in_use <= max,
        "{idle} + {in_use} of {max}"
    );
    assert_eq!(
        parsed.family("db_transaction_begin_seconds").kind,
        "histogram"
    );
}

#[tokio::test]
async fn sync_runs_are_counted_by_outcome() {
    let Some(python) = prometheus_python() else {
        return;
    };
    let peer = crate::support::catalog_peer::CatalogPeer::start(12).await;
    let url = peer.url();
    let mut env = crate::sync::sync_env(&url, "udata", &[]);
    env.push(("VITRINE_METRICS_TOKEN", TOKEN));
    let app = TestApp::with_env(&env).await;
    let before = Exposition::parse(&python, &scrape(&app).await);
    crate::sync::sync(&app, true).await;
    let after = Exposition::parse(&python, &scrape(&app).await);
    let rose = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert!(rose("sync_runs_total", &[("outcome", "done")]) >= 1.0);
    assert!(rose("sync_datasets_total", &[("result", "created")]) >= 12.0);
    assert!(after.value("sync_last_success_timestamp_seconds", &[]) > 1.7e9);

    // A catalog that does not answer: the run fails.
    let nowhere = format!("http://127.0.0.1:{}/", free_port());
    let mut env = crate::sync::sync_env(&nowhere, "udata", &[("VITRINE_SYNC_RETRIES", "0")]);
    env.push(("VITRINE_METRICS_TOKEN", TOKEN));
    let broken = TestApp::with_env(&env).await;
    let options = vitrine::sync::Options::default();
    let failed = vitrine::sync::run(&broken.state, "test-instance", options, &|_| {}).await;
    assert!(failed.is_err());
    let last = Exposition::parse(&python, &scrape(&broken).await);
    let failures = |parsed: &Exposition| parsed.value("sync_runs_total", &[("outcome", "failed")]);
    assert!(failures(&last) - failures(&after) >= 1.0);
}

/// Kills the child when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_worker_serves_metrics_on_its_own_address() {
    let app = TestApp::with_env(&[("VITRINE_MAIL_WORKER", "false")]).await;
    let bind = format!("127.0.0.1:{}", free_port());
    let worker = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(&app.env)
        .env("VITRINE_METRICS_BIND", &bind)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _worker = Running(worker);
    let response = get_when_up(&format!("http://{bind}/metrics"), Duration::from_secs(30)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    if let Some(python) = prometheus_python() {
        let parsed = Exposition::parse(&python, &text);
        assert_eq!(parsed.family("outbox_pending").kind, "gauge");
        assert!(parsed.value("db_pool_max_connections", &[]) >= 1.0);
    } else {
        assert!(text.contains("outbox_pending"), "{text}");
    }
}
