//! The impact indicators: the job (`vitrine::impact::refresh`, the `vitrine impact` command)
//! counting what the tests set up, and `…/metrics/` and `…/metrics.csv` answering it for the
//! site, an organization and a dataset. The jobs' clock is moved between runs.

mod csv;
mod links;
mod questions;
mod reuses;

use chrono::{Datelike, Months, TimeDelta};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::impact::Refreshed;
use vitrine::models::reuses::kinds::TYPES;

use crate::support::TestApp;
use crate::support::datasets::follow;
use crate::support::reuses::reuse;
use crate::support::world::world;

/// The site's indicators.
pub(super) const SITE: &str = "/api/1/site/metrics/";

/// One run of the job, at the app's clock.
pub(super) async fn refresh(app: &TestApp) -> Refreshed {
    vitrine::impact::refresh(&app.state).await.unwrap()
}

/// The indicators of organization `id` (or slug).
pub(super) fn of_organization(id: &str) -> String {
    format!("/api/1/organizations/{id}/metrics/")
}

/// The indicators of dataset `id` (or slug).
pub(super) fn of_dataset(id: &str) -> String {
    format!("/api/1/datasets/{id}/metrics/")
}

/// `GET path` anonymously, which must answer 200; returns the indicators.
pub(super) async fn metrics(app: &TestApp, path: &str) -> Value {
    let (status, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

/// The current month's figures at `path`.
pub(super) async fn current(app: &TestApp, path: &str) -> Value {
    metrics(app, path).await["current"].clone()
}

/// `YYYY-MM` of the app's clock.
pub(super) fn month_now(app: &TestApp) -> String {
    app.state.clock.now().format("%Y-%m").to_string()
}

/// The sum of a month's `reuses_by_type`, which must name every reuse type.
pub(super) fn by_type_sum(month: &Value) -> u64 {
    let by_type = month["reuses_by_type"]
        .as_object()
        .unwrap_or_else(|| panic!("no reuses_by_type: {month}"));
    for (kind, _) in TYPES {
        assert!(by_type.contains_key(*kind), "{kind} missing: {month}");
    }
    by_type.values().map(|n| n.as_u64().unwrap()).sum()
}

/// Moves the app's clock about 35 days on, into the next month and no further (35 days from
/// the end of a long month would skip a short one): the current month becomes the last one.
pub(super) fn a_month_later(app: &TestApp) {
    let now = app.state.clock.now();
    let next = (now.date_naive().with_day(1).unwrap() + Months::new(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let mut by = TimeDelta::days(35);
    if (now + by).month() != next.month() {
        by = next + TimeDelta::days(1) - now;
    }
    app.state.clock.advance(by);
    assert_eq!(app.state.clock.now().month(), next.month());
}

/// The twelve `YYYY-MM` labels ending with the app's clock's month, oldest first.
fn labels_ending_now(app: &TestApp) -> Vec<String> {
    let now = app.state.clock.now().date_naive().with_day(1).unwrap();
    (0..12)
        .rev()
        .map(|back| (now - Months::new(back)).format("%Y-%m").to_string())
        .collect()
}

/// Asserts the twelve months of `body` end with the current one, the app's clock's.
fn assert_twelve_months(app: &TestApp, body: &Value) {
    let months = body["months"].as_array().unwrap();
    let labels: Vec<String> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(labels, labels_ending_now(app), "{body}");
    assert_eq!(months.last(), Some(&body["current"]), "{body}");
}

#[tokio::test]
async fn before_any_count_the_figures_are_zeros_and_unknown_subjects_are_named() {
    let w = world(&[]).await;
    let app = &w.app;
    reuse(app, &w.owner, "Carte", json!({})).await;
    for path in [
        SITE.to_owned(),
        of_organization(&w.org_id),
        of_dataset("ds-air"),
    ] {
        let body = metrics(app, &path).await;
        assert!(body["computed_at"].is_null(), "{path}: {body}");
        assert_twelve_months(app, &body);
        for month in body["months"].as_array().unwrap() {
            assert_eq!(by_type_sum(month), 0, "{path}: {month}");
            for figure in ["reuses", "questions", "answered", "followers"] {
                assert_eq!(month[figure], 0, "{path} {figure}: {month}");
            }
            assert!(month["answered_percent"].is_null(), "{month}");
            assert!(month["reuse_links_working_percent"].is_null(), "{month}");
        }
    }
    let site = metrics(app, SITE).await;
    assert_eq!(site["scope"], "site");
    let org = metrics(app, &of_organization(&w.org_id)).await;
    assert_eq!(
        (&org["scope"], &org["id"]),
        (&json!("organization"), &json!(w.org_id))
    );

    for path in [
        "/api/1/organizations/no-such-org/metrics/",
        "/api/1/organizations/no-such-org/metrics.csv",
        "/api/1/datasets/no-such-dataset/metrics/",
        "/api/1/datasets/no-such-dataset/metrics.csv",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        let named = path.split('/').nth(4).unwrap();
        assert!(
            body["message"].as_str().unwrap_or_default().contains(named),
            "{path}: the error names {named}: {body}"
        );
    }
    // A dataset the catalog deleted is gone, not unknown.
    let (status, body) = app
        .call(
            Method::DELETE,
            "/api/1/datasets/ds-velo/",
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    refresh(app).await;
    for path in [
        of_dataset("ds-velo"),
        "/api/1/datasets/ds-velo/metrics.csv".to_owned(),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::GONE, "{path}: {body}");
    }
}

#[tokio::test]
async fn twelve_months_end_with_the_current_one_and_a_past_month_keeps_its_figures() {
    let w = world(&[]).await;
    let app = &w.app;
    reuse(app, &w.owner, "Carte", json!({"datasets": ["ds-air"]})).await;
    reuse(
        app,
        &w.owner,
        "Appli",
        json!({"datasets": ["ds-air"], "type": "application"}),
    )
    .await;
    follow(app, &w.moderator, "ds-air").await;
    let done = refresh(app).await;
    assert_eq!(
        done.written.months, 12,
        "a first run writes every month: {done:?}"
    );
    let before = metrics(app, &of_dataset("ds-air")).await;
    assert!(before["computed_at"].is_string(), "{before}");
    assert_twelve_months(app, &before);
    assert_eq!(before["current"]["month"], month_now(app).as_str());
    assert_eq!(before["current"]["reuses"], 2, "{before}");
    assert_eq!(before["current"]["followers"], 1, "{before}");
    // Made this month: nothing before it.
    assert_eq!(before["months"][10]["reuses"], 0, "{before}");
    assert_eq!(before["months"][10]["followers"], 0, "{before}");

    a_month_later(app);
    // A month just begun shows the last count until the job counts it.
    let waiting = metrics(app, &of_dataset("ds-air")).await;
    assert_eq!(waiting["current"], before["current"], "{waiting}");
    assert_eq!(waiting["computed_at"], before["computed_at"], "{waiting}");
    let done = refresh(app).await;
    assert_eq!(
        done.written.months, 2,
        "the current month and the last: {done:?}"
    );
    let after = metrics(app, &of_dataset("ds-air")).await;
    assert_twelve_months(app, &after);
    let old = &before["current"];
    let previous = &after["months"][10];
    assert_eq!(previous["month"], old["month"], "{after}");
    for figure in ["reuses", "reuses_by_type", "followers", "questions"] {
        assert_eq!(previous[figure], old[figure], "{figure}: {after}");
    }
    assert_ne!(after["current"]["month"], old["month"]);
    assert_eq!(after["current"]["reuses"], 2, "{after}");
    assert_eq!(after["current"]["followers"], 1, "{after}");
    assert_eq!(after["months"][9]["reuses"], 0, "{after}");
    let computed = |body: &Value| {
        chrono::DateTime::parse_from_rfc3339(body["computed_at"].as_str().unwrap()).unwrap()
    };
    assert!(computed(&after) > computed(&before), "{before} {after}");
}

#[tokio::test]
async fn a_dataset_whose_last_reuse_goes_leaves_the_months_rewritten() {
    let w = world(&[]).await;
    let app = &w.app;
    let only = reuse(app, &w.owner, "Relevés", json!({"datasets": ["ds-perso"]})).await;
    refresh(app).await;
    a_month_later(app);
    refresh(app).await;
    assert_eq!(
        metrics(app, &of_dataset("ds-perso")).await["months"][10]["reuses"],
        1
    );
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{only}/"),
            Some(&w.owner),
            None,
        )
        .await;
    assert!(status.is_success(), "{body}");
    let done = refresh(app).await;
    assert!(done.written.removed >= 2, "{done:?}");
    let after = metrics(app, &of_dataset("ds-perso")).await;
    for month in [10, 11] {
        assert_eq!(after["months"][month]["reuses"], 0, "{after}");
    }
    assert_eq!(
        after["computed_at"],
        metrics(app, SITE).await["computed_at"],
        "counted when the site was, with nothing to show: {after}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_counts_every_scope_and_prints_what_it_wrote() {
    let w = world(&[]).await;
    let app = &w.app;
    reuse(app, &w.owner, "Carte", json!({"datasets": ["ds-air"]})).await;
    let run = || app.command_json(&["impact"]);
    let first = run();
    // The site, the organization and ds-air: each of its twelve months.
    assert_eq!(first["scopes"], 3, "{first}");
    assert_eq!(first["rows"], 3 * 12, "{first}");
    let org = metrics(app, &of_organization(&w.org_id)).await;
    assert!(org["computed_at"].is_string(), "{org}");
    assert_eq!(org["current"]["reuses"], 1, "{org}");
    let second = run();
    assert_eq!(second["scopes"], 3, "{second}");
    assert_eq!(
        second["rows"],
        3 * 2,
        "the current month and the last: {second}"
    );
}
