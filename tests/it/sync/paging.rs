//! Reading the catalog page by page, whole or from the checkpoint, in both dialects.

use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

use super::{mirrored, newest_ids, sync, synced_app};
use crate::support::catalog_peer::CatalogPeer;

#[tokio::test]
async fn a_udata_catalog_is_read_page_by_page_then_only_what_changed() {
    let peer = CatalogPeer::start(250).await;
    let app = synced_app(&peer, "udata", &[]).await;

    let first = sync(&app, false).await;
    assert!(first.full, "the first run reads everything");
    assert_eq!(first.counts.created, 250, "{:?}", first.counts);
    assert_eq!(first.counts.pages, 3, "100 a page: {:?}", first.counts);
    assert_eq!(
        entity::datasets::Entity::find()
            .count(app.db())
            .await
            .unwrap(),
        250
    );
    let log: Vec<_> = peer
        .log()
        .await
        .into_iter()
        .filter(|l| l.path == "/api/1/datasets/")
        .collect();
    let pages: Vec<&str> = log.iter().map(|l| l.query.as_str()).collect();
    assert_eq!(log.len(), 3, "{pages:?}");
    for (n, logged) in log.iter().enumerate() {
        assert_eq!(logged.path, "/api/1/datasets/");
        assert!(logged.query.contains("sort=-last_update"), "{pages:?}");
        assert!(
            logged.query.contains(&format!("page={}", n + 1)),
            "{pages:?}"
        );
        let agent = logged.user_agent.as_deref().unwrap_or_default();
        assert!(agent.starts_with("Vitrine/"), "{agent}");
        assert!(
            agent.contains(app.url.as_str()),
            "the site is named: {agent}"
        );
    }

    // A stored dataset has its organization (with its logo) and its resources.
    let id = &newest_ids(&peer, 1).await[0];
    let upstream = peer.dataset(id).await;
    let (status, dataset) = mirrored(&app, id).await;
    assert_eq!(status, StatusCode::OK, "{dataset}");
    assert_eq!(dataset["title"], upstream["title"]);
    let resources = dataset["resources"].as_array().unwrap();
    assert_eq!(
        resources.len(),
        upstream["resources"].as_array().unwrap().len()
    );
    // Its organization, as the catalog's list of organizations describes it.
    let org_id = dataset["organization"]["id"].as_str().unwrap();
    let (status, org) = app.get(&format!("/api/1/organizations/{org_id}/")).await;
    assert_eq!(status, StatusCode::OK, "{org}");
    let upstream_org: serde_json::Value = peer
        .get(&format!("/api/1/organizations/{org_id}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(org["description"], upstream_org["description"], "{org}");
    assert!(first.counts.organizations >= 1, "{:?}", first.counts);
    assert!(
        dataset["organization"]["logo"]
            .as_str()
            .unwrap_or_default()
            .starts_with("http"),
        "{dataset}"
    );

    // Three changes: the next run reads one page, and stores those three.
    peer.clear_log().await;
    let touched = peer.touch(3).await;
    for id in &touched {
        peer.upsert(serde_json::json!({"id": id, "title": format!("Nouveau titre {id}")}))
            .await;
    }
    let second = sync(&app, false).await;
    assert!(!second.full);
    assert_eq!(second.counts.pages, 1, "{:?}", second.counts);
    assert_eq!(second.counts.updated, 3, "{:?}", second.counts);
    assert_eq!(second.counts.created, 0);
    assert_eq!(peer.log().await.len(), 1);
    for id in &touched {
        let (_, dataset) = mirrored(&app, id).await;
        assert_eq!(dataset["title"], format!("Nouveau titre {id}"));
    }
}

#[tokio::test]
async fn a_ckan_catalog_is_read_by_metadata_modified_then_from_the_checkpoint() {
    let peer = CatalogPeer::start(1200).await;
    let app = synced_app(&peer, "ckan", &[]).await;

    let first = sync(&app, false).await;
    assert!(first.full);
    assert_eq!(first.counts.created, 1200, "{:?}", first.counts);
    assert_eq!(first.counts.pages, 3, "500 a page: {:?}", first.counts);
    let log: Vec<_> = peer
        .log()
        .await
        .into_iter()
        .filter(|l| l.path != "/api/3/action/organization_list")
        .collect();
    assert!(
        log.iter().all(|l| l.path == "/api/3/action/package_search"),
        "{log:?}"
    );
    assert!(
        !log[0].query.contains("fq="),
        "the whole listing: {:?}",
        log[0]
    );
    assert!(
        log[1].query.contains("metadata_modified"),
        "read on from the last time read: {:?}",
        log[1]
    );

    // The catalog page of a package is CKAN's `/dataset/<name>`.
    let listing = peer.listing().await;
    let (status, dataset) = mirrored(&app, &listing[0].id).await;
    assert_eq!(status, StatusCode::OK, "{dataset}");
    assert_eq!(
        dataset["url"],
        format!("{}/dataset/{}", peer.url(), listing[0].slug)
    );

    // Two changes: one filtered request, both stored.
    peer.clear_log().await;
    let touched = peer.touch(2).await;
    let second = sync(&app, false).await;
    assert!(!second.full);
    // The checkpoint is inclusive: the last package read before is read again.
    assert_eq!(second.counts.updated, 2, "{:?}", second.counts);
    assert!(second.counts.read <= 3, "{:?}", second.counts);
    let log = peer.log().await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0].query.contains("fq=metadata_modified"),
        "{:?}",
        log[0]
    );
    assert_eq!(touched.len(), 2);
}
