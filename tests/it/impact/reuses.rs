//! Reuses by type for the site, an organization (once per reuse, however many of its datasets
//! it uses) and a dataset, private and deleted ones left out; followers of each.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{SITE, by_type_sum, current, of_dataset, of_organization, refresh};
use crate::support::datasets::follow;
use crate::support::people::person;
use crate::support::reuses::reuse;
use crate::support::world::world;

/// `reuses_by_type` of `month` without the zeros, as `(type, count)`.
fn types_of(month: &Value) -> Vec<(String, u64)> {
    month["reuses_by_type"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(kind, n)| (kind.clone(), n.as_u64().unwrap()))
        .collect()
}

/// `(type, count)` pairs, sorted as `reuses_by_type` is.
fn expected(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut pairs: Vec<(String, u64)> = pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn reuses_count_by_type_once_per_organization_and_never_private_or_deleted() {
    let w = world(&[]).await;
    let app = &w.app;
    // Both of the organization's datasets: once for it, once for each dataset.
    reuse(
        app,
        &w.owner,
        "Carte",
        json!({"datasets": ["ds-air", "ds-velo"]}),
    )
    .await;
    reuse(
        app,
        &w.org_editor,
        "API air",
        json!({"datasets": ["ds-air"], "type": "api"}),
    )
    .await;
    // Olivia's own dataset: the site's, not the organization's.
    reuse(
        app,
        &w.owner,
        "Appli",
        json!({"datasets": ["ds-perso"], "type": "application"}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Brouillon",
        json!({"datasets": ["ds-air"], "private": true}),
    )
    .await;
    let deleted = reuse(
        app,
        &w.owner,
        "Retirée",
        json!({"datasets": ["ds-velo"], "type": "paper"}),
    )
    .await;
    let (status, body) = app
        .call(
            Method::DELETE,
            &format!("/api/1/reuses/{deleted}/"),
            Some(&w.owner),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    refresh(app).await;

    for (path, types) in [
        (
            SITE.to_owned(),
            expected(&[("visualization", 1), ("api", 1), ("application", 1)]),
        ),
        (
            of_organization(&w.org_id),
            expected(&[("visualization", 1), ("api", 1)]),
        ),
        (
            of_dataset("ds-air"),
            expected(&[("visualization", 1), ("api", 1)]),
        ),
        (of_dataset("ds-velo"), expected(&[("visualization", 1)])),
        (of_dataset("ds-perso"), expected(&[("application", 1)])),
    ] {
        let month = current(app, &path).await;
        assert_eq!(types_of(&month), types, "{path}: {month}");
        let total: u64 = types.iter().map(|(_, n)| n).sum();
        assert_eq!(month["reuses"], total, "{path}: {month}");
        assert_eq!(by_type_sum(&month), total, "{path}: {month}");
    }
    // By slug too.
    let (_, org) = app
        .get(&format!("/api/1/organizations/{}/", w.org_id))
        .await;
    let slug = org["slug"].as_str().unwrap();
    assert_eq!(current(app, &of_organization(slug)).await["reuses"], 2);
}

#[tokio::test]
async fn followers_of_a_dataset_an_organization_and_the_site() {
    let w = world(&[]).await;
    let app = &w.app;
    let (ada, bob) = (
        person(app, "Ada Lovelace").await,
        person(app, "Bob Marley").await,
    );
    follow(app, &ada, "ds-air").await;
    follow(app, &bob, "ds-air").await;
    let path = format!("/api/1/organizations/{}/followers/", w.org_id);
    let (status, body) = app.call(Method::POST, &path, Some(&ada), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    refresh(app).await;
    assert_eq!(current(app, &of_dataset("ds-air")).await["followers"], 2);
    assert_eq!(current(app, &of_dataset("ds-velo")).await["followers"], 0);
    assert_eq!(
        current(app, &of_organization(&w.org_id)).await["followers"],
        1
    );
    assert_eq!(current(app, SITE).await["followers"], 3);

    // Unfollowed: counted no more at the next run.
    let (status, body) = app
        .call(
            Method::DELETE,
            "/api/1/datasets/ds-air/followers/",
            Some(&bob),
            None,
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    refresh(app).await;
    assert_eq!(current(app, &of_dataset("ds-air")).await["followers"], 1);
    assert_eq!(current(app, SITE).await["followers"], 2);
}
