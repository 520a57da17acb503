//! `…/metrics.csv`: the same months as the JSON, a header and a line each, to download.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{SITE, metrics, of_organization, refresh};
use crate::support::TestApp;
use crate::support::reuses::reuse;
use crate::support::world::world;

/// `GET path`, which must answer 200 with an attached CSV; returns its lines, split.
async fn csv(app: &TestApp, path: &str) -> Vec<Vec<String>> {
    let response = app
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    let content_type = header("content-type");
    assert!(
        content_type.starts_with("text/csv"),
        "{path}: {content_type}"
    );
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".csv"),
        "{path}: {disposition}"
    );
    let text = response.text().await.unwrap();
    text.lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

/// Checks the CSV of `path` against the JSON of `json_path`: twelve lines after the header, each
/// month's `reuses` and `followers` the same.
async fn assert_same(app: &TestApp, path: &str, json_path: &str) -> Value {
    let lines = csv(app, path).await;
    let body = metrics(app, json_path).await;
    assert_eq!(lines.len(), 13, "{path}: {lines:?}");
    let header = &lines[0];
    assert_eq!(header[..2], ["month", "reuses"], "{path}: {header:?}");
    let column = |name: &str| {
        header
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{path}: no {name} in {header:?}"))
    };
    for line in &lines {
        assert_eq!(line.len(), header.len(), "{path}: {line:?}");
    }
    for (line, month) in lines[1..].iter().zip(body["months"].as_array().unwrap()) {
        assert_eq!(line[0], month["month"].as_str().unwrap(), "{path}");
        for (csv_name, json_name) in [
            ("reuses", "reuses"),
            ("followers", "followers"),
            ("questions_12_months", "questions"),
        ] {
            assert_eq!(
                line[column(csv_name)],
                month[json_name].to_string(),
                "{path} {csv_name}"
            );
        }
    }
    let last = &lines[12];
    assert_eq!(last[0], body["current"]["month"].as_str().unwrap());
    assert_eq!(
        last[column("reuses")],
        body["current"]["reuses"].to_string()
    );
    assert_eq!(
        last[column("reuses_visualization")],
        body["current"]["reuses_by_type"]["visualization"].to_string()
    );
    body
}

#[tokio::test]
async fn the_csv_says_what_the_json_says_for_the_site_and_an_organization() {
    let w = world(&[]).await;
    let app = &w.app;
    reuse(
        app,
        &w.owner,
        "Carte",
        json!({"datasets": ["ds-air", "ds-velo"]}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Appli",
        json!({"datasets": ["ds-perso"], "type": "application"}),
    )
    .await;
    refresh(app).await;
    let site = assert_same(app, "/api/1/site/metrics.csv", SITE).await;
    assert_eq!(site["current"]["reuses"], 2, "{site}");
    let (_, org) = app
        .get(&format!("/api/1/organizations/{}/", w.org_id))
        .await;
    let slug = org["slug"].as_str().unwrap();
    let org = assert_same(
        app,
        &format!("/api/1/organizations/{slug}/metrics.csv"),
        &of_organization(&w.org_id),
    )
    .await;
    assert_eq!(org["current"]["reuses"], 1, "{org}");
    let lines = csv(app, "/api/1/datasets/ds-air/metrics.csv").await;
    assert_eq!(lines.len(), 13, "{lines:?}");
}
