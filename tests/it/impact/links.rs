//! The share of working links, from the link checker's last visits to a local site: the
//! reuses' links and the resources' files, for a dataset, its organization and the site; a
//! past month keeps what was seen in its time.

use serde_json::{Value, json};

use super::{SITE, a_month_later, current, metrics, of_dataset, of_organization, refresh};
use crate::linkcheck::site::Site;
use crate::linkcheck::{ALLOW, NO_GAP, pass};
use crate::support::api::create;
use crate::support::reuses::reuse;
use crate::support::world::world;

/// `(checked, working, percent)` of the `kind` links (`reuse`, `resource`) of a month.
fn links(month: &Value, kind: &str) -> (u64, u64, Option<u64>) {
    (
        month[format!("{kind}_links_checked")].as_u64().unwrap(),
        month[format!("{kind}_links_working")].as_u64().unwrap(),
        month[format!("{kind}_links_working_percent")].as_u64(),
    )
}

#[tokio::test]
async fn working_links_are_shared_by_dataset_organization_and_site() {
    let w = world(&[ALLOW, NO_GAP]).await;
    let app = &w.app;
    let site = Site::start("127.0.0.1", None).await;
    create(
        app,
        &w.admin,
        "/api/1/datasets/",
        json!({"id": "ds-files", "title": "Fichiers", "organization": w.org_id, "resources": [
            {"id": "r-ok", "title": "ok.csv", "url": site.url("/ok")},
            {"id": "r-gone", "title": "gone.csv", "url": site.url("/gone")},
        ]}),
    )
    .await;
    let url = |path: &str| json!(site.url(path));
    reuse(
        app,
        &w.owner,
        "Marche",
        json!({"datasets": ["ds-air"], "url": url("/ok")}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Disparue",
        json!({"datasets": ["ds-air"], "url": url("/gone")}),
    )
    .await;
    reuse(
        app,
        &w.owner,
        "Perso",
        json!({"datasets": ["ds-perso"], "url": url("/no-head")}),
    )
    .await;
    // Not checked yet: no share.
    refresh(app).await;
    let air = current(app, &of_dataset("ds-air")).await;
    assert_eq!(links(&air, "reuse"), (0, 0, None), "{air}");

    let tally = pass(app).await;
    assert_eq!((tally.checked, tally.works), (5, 3), "{tally:?}");
    refresh(app).await;
    let cases = [
        (of_dataset("ds-air"), (2, 1, Some(50)), (0, 0, None)),
        (of_dataset("ds-files"), (0, 0, None), (2, 1, Some(50))),
        (of_dataset("ds-perso"), (1, 1, Some(100)), (0, 0, None)),
        (
            of_organization(&w.org_id),
            (2, 1, Some(50)),
            (2, 1, Some(50)),
        ),
        // Two of three reuses' links work: 67 %, rounded.
        (SITE.to_owned(), (3, 2, Some(67)), (2, 1, Some(50))),
    ];
    for (path, reuses, resources) in &cases {
        let month = current(app, path).await;
        assert_eq!(links(&month, "reuse"), *reuses, "{path}: {month}");
        assert_eq!(links(&month, "resource"), *resources, "{path}: {month}");
    }
    // Only the current month has links.
    let body = metrics(app, SITE).await;
    assert_eq!(links(&body["months"][10], "reuse"), (0, 0, None), "{body}");

    // A month later, with no visit since: the month gone by keeps what was seen in its time.
    a_month_later(app);
    refresh(app).await;
    for (path, reuses, resources) in &cases {
        let body = metrics(app, path).await;
        assert_eq!(
            links(&body["months"][10], "reuse"),
            *reuses,
            "{path}: {body}"
        );
        assert_eq!(
            links(&body["months"][10], "resource"),
            *resources,
            "{path}: {body}"
        );
        assert_eq!(links(&body["current"], "reuse"), *reuses, "{path}: {body}");
    }
}
