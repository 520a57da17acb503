//! Rate limits: writes and anonymous reports over the limit get 429 with `Retry-After`; working
//! the reports is not reporting.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use crate::support::api::id_of;
use crate::support::moderation::reported;
use crate::support::world::AIR;
use crate::support::{TestApp, TestUser};

/// A request as `user` with its raw answer: status, `Retry-After`, JSON body.
async fn call_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    user: Option<&TestUser>,
    body: Value,
) -> (StatusCode, Option<String>, Value) {
    let mut request = app.request(method, path).json(&body);
    if let Some(user) = user {
        request = request.header("X-API-KEY", &user.token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, retry_after, json)
}

/// Waits, if need be, until at least `margin` seconds are left in the current window of `window`
/// seconds: the limits count per fixed window of the clock, so a burst sent now is counted in
/// one window.
async fn clear_of_window_end(window: u64, margin: u64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let window = u128::from(window) * 1000;
    let left = window - now % window;
    if left < u128::from(margin) * 1000 {
        tokio::time::sleep(Duration::from_millis(u64::try_from(left).unwrap() + 500)).await;
    }
}

/// Checks a 429: a `Retry-After` of at most `window` seconds (and more than none), and a message.
fn assert_limited(
    case: &str,
    status: StatusCode,
    retry_after: Option<&str>,
    body: &Value,
    window: u64,
) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{case}: {body}");
    let seconds: u64 = retry_after
        .unwrap_or_else(|| panic!("{case}: no Retry-After header"))
        .parse()
        .unwrap_or_else(|_| panic!("{case}: Retry-After {retry_after:?} is not seconds"));
    assert!(
        seconds > 0 && seconds <= window,
        "{case}: Retry-After {seconds}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| message.contains("Too many")),
        "{case}: {body}"
    );
}

#[tokio::test]
async fn writes_over_the_limit_get_429_with_retry_after() {
    let app = TestApp::with_env(&[("VITRINE_RATE_WRITES_PER_MINUTE", "5")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let busy = app.user("Busy", Role::User).await;
    let calm = app.user("Calm", Role::User).await;
    let open_body = |n: usize| {
        json!({"title": format!("Question {n}"), "comment": "Où ?",
               "subject": {"class": "Dataset", "id": "ds-air"}})
    };

    clear_of_window_end(60, 15).await;
    let mut answers = Vec::new();
    for n in 0..7 {
        answers.push(
            call_raw(
                &app,
                Method::POST,
                "/api/1/discussions/",
                Some(&busy),
                open_body(n),
            )
            .await,
        );
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|(status, ..)| *status).collect();
    assert_eq!(
        statuses[..5],
        [StatusCode::CREATED; 5],
        "five writes a minute pass: {answers:?}"
    );
    for (n, (status, retry_after, body)) in answers.iter().enumerate().skip(5) {
        assert_limited(
            &format!("write {}", n + 1),
            *status,
            retry_after.as_deref(),
            body,
            60,
        );
    }
    let first = answers[0].2["id"].as_str().unwrap().to_owned();
    let (status, retry_after, body) = call_raw(
        &app,
        Method::POST,
        &format!("/api/1/discussions/{first}/"),
        Some(&busy),
        json!({"comment": "Un commentaire"}),
    )
    .await;
    assert_limited("a comment", status, retry_after.as_deref(), &body, 60);

    // Reads are never limited; another user is not.
    for _ in 0..10 {
        let (status, list) = app
            .call(Method::GET, "/api/1/discussions/", Some(&busy), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
    }
    let (status, list) = app.get("/api/1/discussions/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 5, "the refused writes wrote nothing: {list}");
    let (status, retry_after, body) = call_raw(
        &app,
        Method::POST,
        "/api/1/discussions/",
        Some(&calm),
        open_body(99),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "another user: {body}");
    assert!(retry_after.is_none());
    let (status, _, body) = call_raw(
        &app,
        Method::POST,
        &format!("/api/1/discussions/{first}/"),
        Some(&calm),
        json!({"comment": "Moi aussi"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn anonymous_reports_over_the_limit_get_429() {
    let app = TestApp::with_env(&[("VITRINE_RATE_REPORTS_PER_HOUR", "3")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body = json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "spam"});

    clear_of_window_end(3600, 15).await;
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(call_raw(&app, Method::POST, "/api/1/reports/", None, body.clone()).await);
    }
    let statuses: Vec<StatusCode> = answers.iter().map(|(status, ..)| *status).collect();
    assert_eq!(
        statuses[..3],
        [StatusCode::CREATED; 3],
        "three reports an hour pass: {answers:?}"
    );
    for (n, (status, retry_after, body)) in answers.iter().enumerate().skip(3) {
        assert_limited(
            &format!("report {}", n + 1),
            *status,
            retry_after.as_deref(),
            body,
            3600,
        );
    }
    let (status, reasons) = app.get("/api/1/reports/reasons/").await;
    assert_eq!(status, StatusCode::OK, "reads are not limited: {reasons}");
    let (status, list) = app
        .call(Method::GET, "/api/1/reports/", Some(&admin), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        list["total"], 3,
        "the refused reports wrote nothing: {list}"
    );
}

#[tokio::test]
async fn working_the_reports_is_not_counted_as_reporting() {
    let app = TestApp::with_env(&[("VITRINE_RATE_REPORTS_PER_HOUR", "3")]).await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-air", "title": AIR})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body = json!({"subject": {"class": "Dataset", "id": "ds-air"}, "reason": "spam"});

    clear_of_window_end(3600, 15).await;
    let mut reports = Vec::new();
    for _ in 0..3 {
        reports.push(id_of(&reported(&app, None, body.clone()).await));
    }
    // The reporters' address is used up; the moderator (same address here) still works.
    for (n, id) in reports.iter().enumerate() {
        let status_value = if n % 2 == 0 { "dismissed" } else { "handled" };
        let (status, retry_after, answer) = call_raw(
            &app,
            Method::PATCH,
            &format!("/api/1/reports/{id}/"),
            Some(&moderator),
            json!({"status": status_value}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a moderator resolving report {} (Retry-After {retry_after:?}): {answer}",
            n + 1
        );
    }
}
