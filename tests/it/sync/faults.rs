//! An unreliable catalog: an outage midway (the next run goes on from the last page stored),
//! failures and 429s tried again, a request that hangs, a record that cannot be read.

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use serde_json::json;
use vitrine::sync::Options;

use super::{newest_ids, sync, synced_app};
use crate::support::catalog_peer::CatalogPeer;

fn page_of(query: &str) -> u32 {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page in {query}"))
}

#[tokio::test]
async fn an_outage_midway_fails_the_run_and_the_next_goes_on_from_its_last_page() {
    let peer = CatalogPeer::start(350).await;
    // Two requests a second: the catalog goes down between the second page and the third,
    // for longer than the one retry.
    let app = synced_app(
        &peer,
        "udata",
        &[("VITRINE_SYNC_RETRIES", "1"), ("VITRINE_SYNC_RATE", "2")],
    )
    .await;
    let run = tokio::spawn({
        let state = app.state.clone();
        async move { vitrine::sync::run(&state, "test-instance", Options::default(), &|_| {}).await }
    });
    for _ in 0..100 {
        if peer.log().await.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    peer.faults(json!({"down": true})).await;
    let failed = run.await.unwrap();
    assert!(failed.is_err(), "the run fails: {failed:?}");
    let status = vitrine::sync::status(app.db(), &app.state.config)
        .await
        .unwrap()
        .unwrap();
    let reason = status.last_error.clone().unwrap_or_default();
    assert!(reason.contains("503"), "the reason is kept: {reason}");
    assert!(status.last_success_at.is_none());
    let done = status.in_progress.clone().expect("the pass is kept");
    assert!(done.pages >= 2, "{done:?}");

    peer.faults(json!({"down": false})).await;
    peer.clear_log().await;
    let pass = sync(&app, false).await;
    assert!(pass.full);
    let first_page = page_of(&peer.log().await[0].query);
    assert_eq!(
        u64::from(first_page),
        done.pages + 1,
        "it goes on from the page after the last stored"
    );
    assert_eq!(
        entity::datasets::Entity::find()
            .count(app.db())
            .await
            .unwrap(),
        350
    );
}

#[tokio::test]
async fn failures_and_a_429_are_waited_out_and_tried_again() {
    let peer = CatalogPeer::start(150).await;
    let app = synced_app(&peer, "ckan", &[]).await;
    peer.faults(json!({"fail": 2, "status": 503})).await;
    peer.faults(json!({"throttle": 1, "retry_after": 1})).await;
    let started = std::time::Instant::now();
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.created, 150, "{:?}", pass.counts);
    assert_eq!(pass.counts.retries, 3, "{:?}", pass.counts);
    // 1 s then 2 s after the two failures, then the 1 s the 429 asked for.
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let statuses: Vec<u16> = peer.log().await.iter().map(|l| l.status).collect();
    assert_eq!(statuses[..4], [503, 503, 429, 200], "{statuses:?}");
}

#[tokio::test]
async fn a_request_that_hangs_times_out_and_is_tried_again() {
    let peer = CatalogPeer::start(30).await;
    let app = synced_app(&peer, "udata", &[("VITRINE_SYNC_TIMEOUT", "1s")]).await;
    peer.faults(json!({"hang": 1, "seconds": 3})).await;
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.created, 30, "{:?}", pass.counts);
    assert_eq!(pass.counts.retries, 1, "{:?}", pass.counts);
}

#[tokio::test]
async fn a_malformed_record_is_skipped_with_its_id_and_the_rest_goes_on() {
    for kind in ["udata", "ckan"] {
        let peer = CatalogPeer::start(40).await;
        let app = synced_app(&peer, kind, &[]).await;
        let broken = newest_ids(&peer, 1).await.remove(0);
        peer.malformed(&broken).await;
        let pass = sync(&app, false).await;
        assert_eq!(pass.counts.skipped, 1, "{kind}: {:?}", pass.counts);
        assert_eq!(pass.counts.created, 39, "{kind}: {:?}", pass.counts);
        let status = vitrine::sync::status(app.db(), &app.state.config)
            .await
            .unwrap()
            .unwrap();
        let logged = &status.errors[0];
        assert_eq!(
            logged.id.as_deref(),
            Some(broken.as_str()),
            "{kind}: {logged:?}"
        );
        assert!(
            ["resources", "created"]
                .iter()
                .any(|field| logged.reason.contains(field)),
            "{kind}: the reason names the field: {logged:?}"
        );
        let (code, health) = app.get("/healthz").await;
        assert!(code.is_success());
        assert_eq!(health["sync"]["last_run"]["skipped"], 1, "{kind}: {health}");
        assert!(health["sync"]["last_success_at"].is_string(), "{health}");
    }
}

#[tokio::test]
async fn sync_without_a_catalog_says_what_to_set() {
    let app = crate::support::TestApp::new().await;
    let outcome = vitrine::sync::run(&app.state, "x", Options::default(), &|_| {}).await;
    let err = outcome.expect_err("refused").to_string();
    assert!(err.contains("VITRINE_CATALOG_URL"), "{err}");
    let output = app.command(&["sync"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("VITRINE_CATALOG_URL"), "{stderr}");
}

#[tokio::test]
async fn a_dataset_the_database_refuses_is_skipped_and_the_rest_of_its_page_is_stored() {
    let peer = CatalogPeer::start(150).await;
    let app = synced_app(&peer, "udata", &[]).await;
    sync(&app, false).await;
    // The database refuses one row (here a trigger stands for a constraint the catalog's data
    // breaks): the page is then stored one dataset at a time.
    let trigger = if app.state.config.uses_sqlite() {
        vec![
            "CREATE TRIGGER refuse_title BEFORE UPDATE ON datasets WHEN NEW.title = 'Refusé' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ]
    } else {
        vec![
            "CREATE FUNCTION refuse_title() RETURNS trigger AS $$ BEGIN \
             IF NEW.title = 'Refusé' THEN RAISE EXCEPTION 'refused by the test'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_title BEFORE UPDATE ON datasets FOR EACH ROW \
             EXECUTE FUNCTION refuse_title()",
        ]
    };
    for statement in trigger {
        app.db().execute_unprepared(statement).await.unwrap();
    }
    let ids = newest_ids(&peer, 4).await;
    for (n, id) in ids.iter().enumerate() {
        let title = if n == 1 {
            "Refusé".to_owned()
        } else {
            format!("Changé {n}")
        };
        peer.upsert(json!({"id": id, "title": title})).await;
    }
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.skipped, 1, "{:?}", pass.counts);
    assert_eq!(
        pass.counts.updated, 3,
        "the rest of the page is stored: {:?}",
        pass.counts
    );
    let status = vitrine::sync::status(app.db(), &app.state.config)
        .await
        .unwrap()
        .unwrap();
    let logged = &status.errors[0];
    assert_eq!(logged.id.as_deref(), Some(ids[1].as_str()), "{logged:?}");
    assert!(logged.reason.contains("refused by the test"), "{logged:?}");
    assert!(
        status.last_error.is_none(),
        "the run itself succeeded: {status:?}"
    );
    assert_eq!(super::mirrored(&app, &ids[0]).await.1["title"], "Changé 0");
}

#[tokio::test]
async fn a_known_dataset_whose_record_breaks_is_kept_not_marked_deleted() {
    let peer = CatalogPeer::start(30).await;
    let app = synced_app(&peer, "udata", &[]).await;
    sync(&app, true).await;
    let broken = newest_ids(&peer, 1).await.remove(0);
    peer.malformed(&broken).await;
    // The listing rejects it, the full pass looks it up alone, and that record is broken too:
    // skipped, not taken for a deletion.
    let pass = sync(&app, true).await;
    assert_eq!(pass.counts.deleted, 0, "{:?}", pass.counts);
    assert!(pass.counts.skipped >= 1, "{:?}", pass.counts);
    let (status, shown) = super::mirrored(&app, &broken).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{shown}");
}
