//! The catalog sync against a local catalog (`support::catalog_peer`) speaking udata's API v1
//! and CKAN's Action API: paging and incremental runs ([`paging`]), what a dataset's life in the
//! catalog does to the mirror and who is told ([`lifecycle`]), an unreliable catalog
//! ([`faults`]), and one instance syncing at a time ([`lease`]).

mod faults;
mod lease;
mod lifecycle;
mod paging;

use vitrine::sync::state::Pass;
use vitrine::sync::{Options, Outcome};

use crate::support::TestApp;
use crate::support::catalog_peer::CatalogPeer;

/// The settings of an app syncing from `peer` speaking `kind`, with no scheduled job and no
/// pacing to speak of, plus `extra`.
pub fn sync_env<'a>(
    peer_url: &'a str,
    kind: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut env = vec![
        ("VITRINE_CATALOG_URL", peer_url),
        ("VITRINE_CATALOG_KIND", kind),
        ("VITRINE_SYNC_INTERVAL", "0"),
        ("VITRINE_SYNC_RATE", "1000"),
    ];
    env.extend_from_slice(extra);
    env
}

/// An app syncing from `peer` in `kind`'s dialect.
pub async fn synced_app(peer: &CatalogPeer, kind: &str, extra: &[(&str, &str)]) -> TestApp {
    let url = peer.url();
    TestApp::with_env(&sync_env(&url, kind, extra)).await
}

/// Runs one sync of `app`, which must be done (not refused for a lease held elsewhere).
pub async fn sync(app: &TestApp, full: bool) -> Pass {
    match vitrine::sync::run(&app.state, "test-instance", Options { full }, &|_| {}).await {
        Ok(Outcome::Done(pass)) => pass,
        Ok(Outcome::Busy { owner, .. }) => panic!("the lease is held by {owner:?}"),
        Err(err) => panic!("sync failed: {err}"),
    }
}

/// A dataset of the mirror as the udata API shows it (status, body).
pub async fn mirrored(app: &TestApp, id: &str) -> (reqwest::StatusCode, serde_json::Value) {
    app.get(&format!("/api/1/datasets/{id}/")).await
}

/// The ids the catalog's udata listing shows, newest first, `n` of them.
pub async fn newest_ids(peer: &CatalogPeer, n: usize) -> Vec<String> {
    let answer: serde_json::Value = peer
        .get(&format!("/api/1/datasets/?sort=-last_update&page_size={n}"))
        .await
        .json()
        .await
        .unwrap();
    answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}
