//! One instance syncs at a time: two configured to sync, only one reads the catalog; the job
//! that `vitrine serve` runs; `vitrine sync` from the command line.

use std::time::Duration;

use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use vitrine::sync::{Options, Outcome};

use super::synced_app;
use crate::support::catalog_peer::CatalogPeer;

#[tokio::test]
async fn of_two_instances_syncing_at_once_only_one_reads_the_catalog() {
    let peer = CatalogPeer::start(120).await;
    let first = synced_app(&peer, "udata", &[]).await;
    let second = first.sibling().await;
    // Slow answers, so that both runs start while the first holds the lease.
    peer.faults(json!({"hang": 2, "seconds": 1})).await;
    let (a, b) = tokio::join!(
        vitrine::sync::run(&first.state, "instance-a", Options::default(), &|_| {}),
        vitrine::sync::run(&second.state, "instance-b", Options::default(), &|_| {}),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let done = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Done(_)))
        .count();
    let busy: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Busy { owner, .. } => Some(owner.clone()),
            Outcome::Done(_) => None,
        })
        .collect();
    assert_eq!((done, busy.len()), (1, 1), "{busy:?}");
    assert!(
        busy[0]
            .as_deref()
            .is_some_and(|owner| owner.starts_with("instance-")),
        "{busy:?}"
    );
    let agents: std::collections::HashSet<String> = peer
        .log()
        .await
        .into_iter()
        .filter_map(|l| l.user_agent)
        .collect();
    assert_eq!(agents.len(), 1, "one instance read the catalog: {agents:?}");
    let pages = peer
        .log()
        .await
        .into_iter()
        .filter(|l| l.path == "/api/1/datasets/")
        .count();
    assert_eq!(pages, 2, "one pass of two pages");
}

#[tokio::test]
async fn the_server_runs_the_sync_on_its_interval() {
    let peer = CatalogPeer::start(15).await;
    let app = synced_app(&peer, "udata", &[("VITRINE_SYNC_INTERVAL", "1s")]).await;
    let mut health = serde_json::Value::Null;
    for _ in 0..100 {
        health = app.get("/healthz").await.1;
        if health["sync"]["last_success_at"].is_string() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(health["sync"]["last_success_at"].is_string(), "{health}");
    assert_eq!(health["sync"]["kind"], "udata");
    assert!(health["sync"]["next_run_at"].is_string(), "{health}");
    assert_eq!(
        entity::datasets::Entity::find()
            .count(app.db())
            .await
            .unwrap(),
        15
    );
}

#[tokio::test]
async fn the_command_line_syncs_and_prints_the_state() {
    let peer = CatalogPeer::start(25).await;
    let app = synced_app(&peer, "ckan", &[]).await;
    let output = app.command(&["sync", "--full"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("full sync done: read 25, created 25"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("read 25 of 25 datasets"),
        "plain lines off a terminal: {stderr}"
    );
    let output = app.command(&["sync", "--status"]);
    assert!(output.status.success());
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(status["last_run"]["created"], 25, "{status}");
    assert_eq!(status["kind"], "ckan");
}
