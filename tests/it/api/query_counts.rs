//! No N+1: every list and page runs a fixed, small number of SQL queries, whatever the number of
//! items it shows (counted with SeaORM's metric callback on the app's own pool).

use std::sync::atomic::Ordering;

use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::{TestApp, TestUser};

/// The statements one signed-in `GET` of `path` runs (signed in: the anonymous page cache would
/// answer from memory).
async fn queries_of(app: &TestApp, user: &TestUser, path: &str) -> usize {
    app.queries.store(0, Ordering::SeqCst);
    let response = app
        .request(Method::GET, path)
        .header("X-API-KEY", &user.token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}");
    app.queries.load(Ordering::SeqCst)
}

/// The most any page or list may run.
const AT_MOST: usize = 16;

async fn same_queries(app: &TestApp, user: &TestUser, few: &str, many: &str) -> usize {
    let small = queries_of(app, user, few).await;
    let large = queries_of(app, user, many).await;
    assert_eq!(
        small, large,
        "{few} ran {small} queries, {many} ran {large}"
    );
    assert!(large <= AT_MOST, "{many} ran {large} queries");
    large
}

#[tokio::test]
async fn lists_and_pages_run_a_fixed_number_of_queries() {
    // No mail worker: only the requests' own queries are counted.
    let app = TestApp::with_env(&[("VITRINE_MAIL_WORKER", "false")]).await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    let asker = app.user("Dominique", Role::User).await;
    let (_, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(&owner),
            Some(json!({"name": "Ville de Lyon"})),
        )
        .await;
    for n in 0..12 {
        let (status, _) = app
            .call(
                Method::POST,
                "/api/1/datasets/",
                Some(&admin),
                Some(json!({
                    "id": format!("ds-{n}"),
                    "title": format!("Jeu {n}"),
                    "organization": org["id"],
                    "tags": ["mobilite", format!("tag-{n}")],
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    for n in 0..40 {
        let mut body = json!({
            "title": format!("Réutilisation {n}"),
            "description": "Une **carte**.",
            "url": format!("https://reuse-{n}.example"),
            "type": if n <= 1 { "application" } else { "visualization" },
            "topic": "transport_and_mobility",
            "tags": ["velo", format!("serie-{}", n % 5)],
            "datasets": [format!("ds-{}", n % 12), format!("ds-{}", (n + 1) % 12)],
        });
        if n % 3 == 0 {
            body["organization"] = org["id"].clone();
        }
        let (status, created) = app
            .call(Method::POST, "/api/1/reuses/", Some(&owner), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    // ds-0 gets many threads, ds-1 one; one long thread and one short. The small side of each
    // comparison holds the same kinds of rows as the large one (user- and organization-owned
    // reuses), so only the number of rows differs.
    let mut threads = Vec::new();
    for n in 0..25 {
        let subject = if n == 0 { "ds-1" } else { "ds-0" };
        let (status, created) = app
            .call(
                Method::POST,
                "/api/1/discussions/",
                Some(&asker),
                Some(json!({
                    "title": format!("Question {n}"),
                    "comment": "Quelle fréquence ?",
                    "subject": {"class": "Dataset", "id": subject},
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        threads.push(created["id"].as_str().unwrap().to_owned());
    }
    for n in 0..15 {
        let who = if n % 2 == 0 { &owner } else { &asker };
        let (status, _) = app
            .call(
                Method::POST,
                &format!("/api/1/discussions/{}/", threads[1]),
                Some(who),
                Some(json!({"comment": format!("Réponse {n}")})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    let mut report = Vec::new();
    for (few, many) in [
        ("/api/1/reuses/?page_size=2", "/api/1/reuses/?page_size=40"),
        (
            "/api/1/reuses/?page_size=2&q=carte",
            "/api/1/reuses/?page_size=40&q=carte",
        ),
        (
            "/api/1/datasets/?page_size=1",
            "/api/1/datasets/?page_size=12",
        ),
        (
            "/api/1/discussions/?page_size=1",
            "/api/1/discussions/?page_size=25",
        ),
        (
            &format!("/api/1/discussions/{}/", threads[2]),
            &format!("/api/1/discussions/{}/", threads[1]),
        ),
        ("/reuses/?type=application", "/reuses/"),
        ("/datasets/jeu-1/", "/datasets/jeu-0/"),
        (
            &format!("/discussions/{}/", threads[2]),
            &format!("/discussions/{}/", threads[1]),
        ),
        ("/api/1/me/org_discussions/", "/api/1/me/org_discussions/"),
    ] {
        let count = same_queries(&app, &owner, few, many).await;
        report.push(format!("{many}: {count}"));
    }
    eprintln!("queries per request: {}", report.join(", "));
}
