//! A dataset's life in the catalog, mirrored: archived, deleted, a resource added, a licence
//! changed, a new slug, a new id; and who hears of it, in the app and by mail.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use vitrine::models::users::Role;

use super::{mirrored, newest_ids, sync, sync_env, synced_app};
use crate::support::catalog_peer::CatalogPeer;
use crate::support::datasets::follow;
use crate::support::discussions::open;
use crate::support::mail::WAIT;
use crate::support::notifications::kinds;
use crate::support::reuses::{reuse, reuse_view};
use crate::support::world::world_with_mail;

/// The ids of the datasets a reuse (as the API shows it) uses.
fn dataset_ids(reuse: &Value) -> Vec<String> {
    let mut ids: Vec<String> = reuse["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn archived_and_deleted_datasets_stay_linked_and_their_reusers_hear_of_it_by_mail() {
    let peer = CatalogPeer::start(20).await;
    let url = peer.url();
    let Some((w, smtp)) = world_with_mail(&sync_env(&url, "udata", &[])).await else {
        return;
    };
    let app = &w.app;
    sync(app, true).await;
    let ids = newest_ids(&peer, 2).await;
    let (archived, deleted) = (&ids[0], &ids[1]);
    let reuse_id = reuse(
        app,
        &w.owner,
        "Carte des services",
        json!({"datasets": [archived, deleted, "ds-air"]}),
    )
    .await;
    let follower = app.user("Fanny", Role::User).await;
    follow(app, &follower, archived).await;

    peer.archive(archived).await;
    peer.delete(deleted).await;
    // Archived and deleted datasets leave udata's listing: the daily full pass finds them.
    let pass = sync(app, true).await;
    assert_eq!(pass.counts.deleted, 1, "{:?}", pass.counts);
    assert_eq!(pass.counts.notified, 2, "{:?}", pass.counts);
    let (status, shown) = mirrored(app, archived).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert!(
        shown["archived"].is_string(),
        "archived, with its date: {shown}"
    );
    let (status, gone) = mirrored(app, deleted).await;
    assert_eq!(status, StatusCode::GONE, "{gone}");
    // Datasets the sync never saw (created through the API) are not the catalog's to delete.
    assert_eq!(mirrored(app, "ds-air").await.0, StatusCode::OK);

    // The reuse keeps both links.
    let view = reuse_view(app, &w.owner, &reuse_id).await;
    let mut expected = vec![archived.clone(), deleted.clone(), "ds-air".to_owned()];
    expected.sort();
    assert_eq!(dataset_ids(&view), expected, "{view}");

    // The reuse's owner hears of both at once; the follower of the archived one, in the digest.
    assert_eq!(
        kinds(app, &w.owner).await,
        ["dataset_changed", "dataset_changed"]
    );
    assert_eq!(kinds(app, &follower).await, ["followed_dataset_changed"]);
    let titles = [shown["title"].as_str().unwrap().to_owned()];
    let mails = smtp.wait_for_to(&w.owner.email, 2, WAIT).await;
    assert_eq!(
        mails.len(),
        2,
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(
        mails.iter().any(|m| m.subject.contains(&titles[0])),
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(
        smtp.mails_to(&follower.email).is_empty(),
        "daily by default"
    );
    let digest = app.command(&["digest"]);
    assert!(
        digest.status.success(),
        "{}",
        String::from_utf8_lossy(&digest.stderr)
    );
    let digests = smtp.wait_for_to(&follower.email, 1, WAIT).await;
    assert_eq!(digests.len(), 1);
    assert!(digests[0].text.contains(&titles[0]), "{}", digests[0].text);

    // Once a day a dataset: the deleted one is not told again on the next full pass.
    let again = sync(app, true).await;
    assert_eq!(again.counts.deleted, 0, "{:?}", again.counts);
    assert_eq!(kinds(app, &w.owner).await.len(), 2);
}

#[tokio::test]
async fn a_resource_added_is_told_once_a_day_and_a_new_licence_the_same_day_is_not() {
    let peer = CatalogPeer::start(10).await;
    let app = synced_app(&peer, "ckan", &[]).await;
    sync(&app, false).await;
    let owner = app.user("Rose", Role::User).await;
    let id = peer.listing().await[3].id.clone();
    reuse(&app, &owner, "Tableau de bord", json!({"datasets": [id]})).await;

    let before = mirrored(&app, &id).await.1["resources"]
        .as_array()
        .unwrap()
        .len();
    peer.add_resource(
        &id,
        json!({"title": "Données 2025", "url": "https://example.org/2025.csv", "format": "csv"}),
    )
    .await;
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.updated, 1, "{:?}", pass.counts);
    let (_, shown) = mirrored(&app, &id).await;
    assert_eq!(
        shown["resources"].as_array().unwrap().len(),
        before + 1,
        "{shown}"
    );
    let (status, inbox) = app
        .call(Method::GET, "/api/1/notifications/", Some(&owner), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    let text = inbox.to_string();
    assert!(
        text.contains("Données 2025"),
        "the notice names the new file: {text}"
    );
    assert_eq!(kinds(&app, &owner).await, ["dataset_changed"]);

    peer.license(&id, "odc-odbl").await;
    sync(&app, false).await;
    let (_, shown) = mirrored(&app, &id).await;
    assert_eq!(shown["license"], "odc-odbl", "{shown}");
    assert_eq!(
        kinds(&app, &owner).await,
        ["dataset_changed"],
        "at most once a day a dataset"
    );
}

#[tokio::test]
async fn a_new_slug_or_a_new_id_keeps_the_reuses_discussions_and_followers() {
    let peer = CatalogPeer::start(12).await;
    let app = synced_app(&peer, "udata", &[]).await;
    sync(&app, false).await;
    let ids = newest_ids(&peer, 2).await;
    let (renamed, rekeyed) = (&ids[0], &ids[1]);
    let owner = app.user("Rose", Role::User).await;
    let follower = app.user("Fanny", Role::User).await;
    let reuse_id = reuse(
        &app,
        &owner,
        "Carte",
        json!({"datasets": [renamed, rekeyed]}),
    )
    .await;
    let question = open(&app, &follower, rekeyed, "Mise à jour ?", "Quand ?").await;
    follow(&app, &follower, rekeyed).await;

    peer.rename(renamed, "un-nouveau-nom").await;
    peer.rekey(rekeyed, "aaaaaaaaaaaaaaaaaaaaaaaa").await;
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.rekeyed, 1, "{:?}", pass.counts);
    assert_eq!(pass.counts.created, 0, "{:?}", pass.counts);

    let (_, shown) = mirrored(&app, renamed).await;
    assert_eq!(shown["slug"], "un-nouveau-nom", "{shown}");
    assert_eq!(mirrored(&app, "un-nouveau-nom").await.0, StatusCode::OK);
    assert_eq!(mirrored(&app, rekeyed).await.0, StatusCode::NOT_FOUND);
    let (status, moved) = mirrored(&app, "aaaaaaaaaaaaaaaaaaaaaaaa").await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        moved["followers"]
            .as_i64()
            .or(moved["metrics"]["followers"].as_i64()),
        Some(1),
        "{moved}"
    );

    let view = reuse_view(&app, &owner, &reuse_id).await;
    let mut expected = vec![renamed.clone(), "aaaaaaaaaaaaaaaaaaaaaaaa".to_owned()];
    expected.sort();
    assert_eq!(dataset_ids(&view), expected, "{view}");
    let (status, threads) = app
        .get("/api/1/discussions/?for=aaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    assert_eq!(status, StatusCode::OK, "{threads}");
    assert_eq!(threads["data"][0]["id"], question["id"], "{threads}");
    let (status, followers) = app
        .get("/api/1/datasets/aaaaaaaaaaaaaaaaaaaaaaaa/followers/")
        .await;
    assert_eq!(status, StatusCode::OK, "{followers}");
    assert!(followers.to_string().contains(&follower.id), "{followers}");
}

#[tokio::test]
async fn a_page_url_taken_over_by_another_dataset_is_no_rename() {
    let peer = CatalogPeer::start(250).await;
    let app = synced_app(&peer, "udata", &[]).await;
    sync(&app, false).await;
    let first = newest_ids(&peer, 1).await.remove(0);
    let slug = peer.dataset(&first).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner = app.user("Rose", Role::User).await;
    let reuse_id = reuse(&app, &owner, "Carte", json!({"datasets": [first]})).await;
    // The dataset gives its slug up, and a new one takes it (and its page URL).
    peer.rename(&first, &format!("{slug}-ancien")).await;
    // Enough changes after that for the renamed one to be on the second page, the newcomer on
    // the first: the newcomer's page URL is then a stored dataset's, not listed on its page.
    peer.touch(150).await;
    peer.upsert(json!({"id": "cccccccccccccccccccccccc", "title": "Un autre", "slug": slug}))
        .await;
    let pass = sync(&app, false).await;
    assert_eq!(pass.counts.rekeyed, 0, "{:?}", pass.counts);
    assert_eq!(pass.counts.created, 1, "{:?}", pass.counts);
    assert!(pass.counts.pages >= 2, "{:?}", pass.counts);
    let view = reuse_view(&app, &owner, &reuse_id).await;
    assert_eq!(dataset_ids(&view), [first.as_str()], "{view}");
    let (_, kept) = mirrored(&app, &first).await;
    assert_eq!(kept["slug"], format!("{slug}-ancien"), "{kept}");
    assert_eq!(
        mirrored(&app, "cccccccccccccccccccccccc").await.0,
        StatusCode::OK
    );
}
