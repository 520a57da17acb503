//! Health checks, request ids, JSON logs, and a SIGTERM that lets requests in flight finish.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::app::TestApp;

#[tokio::test]
async fn live_and_ready_say_what_a_balancer_needs() {
    let app = TestApp::new().await;
    let (status, body) = app.get("healthz/live").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, body) = app.get("healthz/ready").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["pending_migrations"], 0);
    assert_eq!(body["not_ready"], serde_json::json!([]));

    // A migration the database has not had: not ready, and why.
    let last = app
        .state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT max(version) AS version FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "version")
        .unwrap();
    app.state
        .db
        .execute_unprepared(&format!(
            "DELETE FROM seaql_migrations WHERE version = '{last}'"
        ))
        .await
        .unwrap();
    let (status, body) = app.get("healthz/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["not_ready"], serde_json::json!(["migrations"]));
    assert_eq!(body["pending_migrations"], 1);
    let (status, _) = app.get("healthz/live").await;
    assert_eq!(status, StatusCode::OK, "alive all the same");
}

#[tokio::test]
async fn an_unreachable_redis_makes_an_instance_not_ready() {
    let app = TestApp::with_env(&[("VITRINE_REDIS_URL", "redis://127.0.0.1:9/")]).await;
    let (status, body) = app.get("healthz/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["not_ready"], serde_json::json!(["cache"]));
    assert_eq!(body["cache"], "down");
}

#[tokio::test]
async fn request_ids_are_kept_when_sane_and_made_otherwise() {
    let app = TestApp::new().await;
    let id_of = |response: &reqwest::Response| {
        response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let given = app
        .request(reqwest::Method::GET, "ping")
        .header("X-Request-Id", "lb-7f3a.42")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&given), "lb-7f3a.42");
    let made = app
        .request(reqwest::Method::GET, "nowhere")
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::NOT_FOUND);
    let first = id_of(&made);
    assert_eq!(first.len(), 32, "{first}");
    let forged = app
        .request(reqwest::Method::GET, "ping")
        .header("X-Request-Id", "x\" injected=1")
        .send()
        .await
        .unwrap();
    let replaced = id_of(&forged);
    assert!(replaced != first && replaced.len() == 32, "{replaced}");
}

/// `vitrine serve` with JSON logs: a request in flight when SIGTERM comes is answered, the
/// process exits cleanly, and every log line it wrote is a JSON object, the request's with its
/// id, route template, status, duration and user.
#[tokio::test]
async fn serve_logs_json_and_finishes_requests_in_flight_on_sigterm() {
    let app = TestApp::new().await;
    let user = app.user("Logged", vitrine::models::users::Role::User).await;
    let (mut server, base) = app.spawn_server(
        "serve",
        &[
            ("VITRINE_LOG_FORMAT", "json"),
            ("VITRINE_MAIL_WORKER", "false"),
        ],
        true,
    );
    let addr = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("{base}healthz/ready"))
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "vitrine serve did not become ready");
    let answered = reqwest::Client::new()
        .get(format!("{base}api/1/reuses/nope/"))
        .header("X-Request-Id", "json-log-test")
        .header("X-API-KEY", &user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::NOT_FOUND);

    // A request whose body is still coming when the signal is sent.
    let mut in_flight = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let body = br#"{"title": "x"}"#;
    let head = format!(
        "POST /api/1/reuses/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).await.unwrap();
    in_flight.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    in_flight.write_all(&body[5..]).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        in_flight.read_to_string(&mut answer),
    )
    .await
    .expect("answered after SIGTERM")
    .unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 401"),
        "anonymous, yet answered: {answer}"
    );

    let stderr = server.stderr.take().unwrap();
    let status = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let lines: Vec<Value> = BufReader::new(stderr)
        .lines()
        .map(Result::unwrap)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(&line).unwrap_or_else(|err| panic!("{err}: not JSON: {line}"))
        })
        .collect();
    let request = lines
        .iter()
        .find(|line| line["request_id"] == "json-log-test")
        .unwrap_or_else(|| panic!("no line of the request in {lines:#?}"));
    assert_eq!(request["status"], 404);
    assert_eq!(request["method"], "GET");
    assert_eq!(request["user"], user.id.as_str());
    assert!(request["duration_ms"].as_f64().is_some(), "{request}");
    assert!(
        request["route"].as_str().is_some_and(|r| r.contains(":")),
        "{request}"
    );
    assert!(request["level"].is_string() && request["timestamp"].is_string());
}
