//! PostgreSQL "restarted" under load, through a relay the test cuts and restores: requests
//! answer 503 with a message for the moment (never 500, never a hang), recover by themselves
//! without restarting the app, and no reuse is left half written.

use std::collections::HashMap;
use std::sync::Arc;

use entity::{datasets, outbox, reuse_datasets, reuse_tags, reuses};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::app::fresh_database_url;
use crate::support::load::{Load, NextRequest, Outcome};
use crate::support::relay::Relay;

/// Concurrent clients.
const CLIENTS: usize = 8;

fn succeeded(outcome: &Outcome) -> bool {
    outcome.status.is_some_and(|status| status < 300)
}

fn unavailable(outcome: &Outcome) -> bool {
    outcome.status == Some(503)
}

/// Readers of the gallery, a reuse page, a reuse's JSON and the catalog, and a writer of new
/// reuses ("Charge <n>", tagged `charge-<n>`), all against the app.
fn mixed_load(app: &TestApp, token: &str, reuse_id: &str, reuse_slug: &str) -> Load {
    let (client, base, token) = (reqwest::Client::new(), app.url.clone(), token.to_owned());
    let reads = [
        "api/1/reuses/".to_owned(),
        format!("reuses/{reuse_slug}/"),
        format!("api/1/reuses/{reuse_id}/"),
        "datasets/".to_owned(),
    ];
    let next: NextRequest = Arc::new(move |n| match n % 5 {
        4 => (
            "create".to_owned(),
            client
                .post(format!("{base}api/1/reuses/"))
                .header("X-API-KEY", &token)
                .json(&json!({
                    "title": format!("Charge {n}"),
                    "description": "Écrite pendant la coupure.",
                    "url": format!("https://example.org/charge/{n}"),
                    "type": "api",
                    "topic": "others",
                    "tags": ["charge", format!("charge-{n}")],
                    "datasets": ["d0"],
                })),
        ),
        read => (
            reads[read].clone(),
            client.get(format!("{base}{}", reads[read])),
        ),
    });
    Load::start(CLIENTS, next)
}

#[tokio::test]
async fn a_database_restart_under_load_answers_503_then_recovers_by_itself() {
    let real = match std::env::var("VITRINE_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let dir = tempfile::tempdir().unwrap();
            url::Url::parse(&fresh_database_url(dir.path()).await).unwrap()
        }
        _ => {
            eprintln!("skipped: an embedded SQLite file has no server to lose");
            return;
        }
    };
    let mut relay = Relay::start(&format!(
        "{}:{}",
        real.host_str().unwrap(),
        real.port().unwrap_or(5432)
    ))
    .await;
    let mut through = real.clone();
    through.set_port(Some(relay.port)).unwrap();
    let app = TestApp::with_env(&[("VITRINE_DATABASE_URL", through.as_str())]).await;
    let admin = app.user("Admin", Role::Admin).await;
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "d0", "title": "Relevés"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, first) = app
        .call(
            reqwest::Method::POST,
            "/api/1/reuses/",
            Some(&admin),
            Some(json!({"title": "Première", "description": "x", "url": "https://example.org/1",
                "type": "api", "topic": "others", "tags": ["charge", "premiere"], "datasets": ["d0"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");

    let load = mixed_load(
        &app,
        &admin.token,
        first["id"].as_str().unwrap(),
        first["slug"].as_str().unwrap(),
    );
    load.wait_for(40, succeeded, 60).await;
    relay.cut();
    let cut = std::time::Instant::now();
    load.wait_for(2 * CLIENTS, unavailable, 120).await;
    let health = reqwest::Client::new()
        .get(format!("{}healthz", app.url))
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    let before_restore = load.count(|_| true);
    relay.restore().await;
    let outage = cut.elapsed();
    load.wait_for(100, succeeded, 120).await;
    let outcomes = load.stop().await;

    let wrong: Vec<_> = outcomes
        .iter()
        .filter(|outcome| !succeeded(outcome) && !unavailable(outcome))
        .collect();
    assert!(
        wrong.is_empty(),
        "only 2xx or 503, never a 500 or a hang: {wrong:?}"
    );
    for outcome in outcomes.iter().filter(|outcome| unavailable(outcome)) {
        // The API in its words for developers, the pages in the reader's (French here).
        let why = if outcome.body.trim_start().starts_with('{') {
            "The service is unavailable for the moment"
        } else {
            "Le site est momentanément indisponible"
        };
        assert!(outcome.body.contains(why), "a 503 says why: {outcome:?}");
        assert!(
            outcome
                .retry_after
                .as_deref()
                .is_some_and(|seconds| seconds.parse::<u64>().is_ok_and(|n| n > 0)),
            "a 503 says when to try again (Retry-After): {outcome:?}"
        );
    }
    let late = outcomes[before_restore..]
        .iter()
        .filter(|outcome| unavailable(outcome))
        .count();
    assert!(
        late <= 3 * CLIENTS,
        "recovers within a bounded number of requests: {late} answered 503 after the restore"
    );
    let count = |what: &str, status: u16| {
        outcomes
            .iter()
            .filter(|outcome| outcome.what == what && outcome.status == Some(status))
            .count()
    };
    let slowest = outcomes.iter().map(|outcome| outcome.took).max();
    eprintln!(
        "{} requests over a {outage:.1?} outage (slowest answer {slowest:.1?}): {} 2xx, {} 503 \
         ({late} after the restore); creations: {} 201, {} 503",
        outcomes.len(),
        outcomes.iter().filter(|outcome| succeeded(outcome)).count(),
        outcomes
            .iter()
            .filter(|outcome| unavailable(outcome))
            .count(),
        count("create", 201),
        count("create", 503),
    );

    // Every reuse is whole: its tags, its dataset link and counts, or nothing at all.
    let stored = reuses::Entity::find().all(app.db()).await.unwrap();
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for row in reuse_tags::Entity::find().all(app.db()).await.unwrap() {
        tags.entry(row.reuse_id).or_default().push(row.tag);
    }
    let links = reuse_datasets::Entity::find()
        .filter(reuse_datasets::Column::DatasetId.eq("d0"))
        .all(app.db())
        .await
        .unwrap();
    for reuse in &stored {
        let mut expected = vec![
            "charge".to_owned(),
            match reuse.title.strip_prefix("Charge ") {
                Some(n) => format!("charge-{n}"),
                None => "premiere".to_owned(),
            },
        ];
        expected.sort();
        let mut found = tags.get(&reuse.id).cloned().unwrap_or_default();
        found.sort();
        assert_eq!(found, expected, "tags of {}", reuse.title);
        assert_eq!(reuse.datasets_count, 1, "{}", reuse.title);
        assert!(
            links.iter().any(|link| link.reuse_id == reuse.id),
            "{} lost its dataset",
            reuse.title
        );
    }
    assert_eq!(links.len(), stored.len());
    for outcome in &outcomes {
        if outcome.what == "create" && outcome.status == Some(201) {
            let created: serde_json::Value = serde_json::from_str(&outcome.body).unwrap();
            assert!(
                stored.iter().any(|reuse| reuse.id == created["id"]),
                "a reuse answered 201 is stored: {created}"
            );
        }
    }
    let dataset = datasets::Entity::find_by_id("d0")
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        usize::try_from(dataset.reuses).unwrap(),
        stored.len(),
        "the dataset's count of reuses"
    );
    // The app's own mail worker lived through the outage and sends what is queued after it.
    crate::support::mail::queue_mails(&app, "apres-la-coupure", 1).await;
    let mut sent = false;
    for _ in 0..600 {
        sent = outbox::Entity::find()
            .filter(outbox::Column::Recipient.like("apres-la-coupure-%"))
            .filter(outbox::Column::Status.eq("sent"))
            .one(app.db())
            .await
            .unwrap()
            .is_some();
        if sent {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(sent, "the mail worker recovers by itself");
}
