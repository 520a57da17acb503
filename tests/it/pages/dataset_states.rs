//! Datasets the catalog archived or removed, as the pages show them: the reuses using one mark
//! it, its own page says so (410 once removed, as the API answers) and still lists its reuses.

use chrono::TimeZone;
use entity::datasets;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use vitrine::cache::GALLERY;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::datasets::dataset;
use crate::support::reuses::reuse;
use crate::support::web::{element, page};

/// What the sync does to a dataset the catalog archived or removed, on 14 March 2026.
async fn mark(app: &TestApp, id: &str, archived: bool, deleted: bool) {
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 14, 9, 30, 0).unwrap();
    let row = datasets::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut active = row.into_active_model();
    if archived {
        active.archived = Set(true);
        active.archived_at = Set(Some(at));
    }
    if deleted {
        active.deleted = Set(true);
        active.deleted_at = Set(Some(at));
    }
    active.update(app.db()).await.unwrap();
    app.state.cache.bump(GALLERY).await;
}

/// Three datasets (one to be removed, one to be archived, one that stays) and a reuse of all
/// three; returns the app and the datasets' slugs.
async fn reuse_of_three() -> (TestApp, [String; 3]) {
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let owner = app.user("Camille", Role::User).await;
    let mut slugs = Vec::new();
    for (id, title) in [
        ("d-gone", "Relevés supprimés"),
        ("d-old", "Archives anciennes"),
        ("d-live", "Données vivantes"),
    ] {
        let created = dataset(&app, &admin, id, title).await;
        slugs.push(created["slug"].as_str().unwrap().to_owned());
    }
    reuse(
        &app,
        &owner,
        "Carte des relevés",
        json!({"datasets": ["d-gone", "d-old", "d-live"]}),
    )
    .await;
    (app, slugs.try_into().unwrap())
}

#[tokio::test]
async fn a_reuse_marks_its_removed_and_archived_datasets() {
    let (app, [gone, old, live]) = reuse_of_three().await;
    mark(&app, "d-gone", false, true).await;
    mark(&app, "d-old", true, false).await;

    let (status, html) = page(&app, "/reuses/carte-des-releves/").await;
    assert_eq!(status, StatusCode::OK);
    let list = &html[html.find("id=\"reuse-datasets\"").expect(&html)..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert!(list.contains("Relevés supprimés"), "{list}");
    assert!(
        !list.contains(&format!("href=\"/datasets/{gone}/\"")),
        "a removed dataset is not linked: {list}"
    );
    assert!(
        list.contains(
            r#"<span class="dataset-state" data-state="deleted">retiré du catalogue</span>"#
        ),
        "{list}"
    );
    assert!(
        list.contains(&format!("href=\"/datasets/{old}/\"")),
        "{list}"
    );
    assert!(
        list.contains(r#"<span class="dataset-state" data-state="archived">archivé</span>"#),
        "{list}"
    );
    assert!(
        list.contains(&format!("href=\"/datasets/{live}/\"")),
        "{list}"
    );
    assert_eq!(list.matches("dataset-state").count(), 2, "{list}");

    let (_, html) = page(&app, "/reuses/carte-des-releves/?lang=en").await;
    assert!(html.contains(">removed from the catalog</span>"), "{html}");
    assert!(html.contains(">archived</span>"), "{html}");
}

#[tokio::test]
async fn a_dataset_page_counts_its_reuses_and_says_when_it_was_archived() {
    let (app, [_, old, live]) = reuse_of_three().await;
    let (status, html) = page(&app, &format!("/datasets/{live}/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        element(&html, "dataset-reuse-count").ends_with(">1 réutilisation"),
        "{html}"
    );
    assert!(
        !html.contains("id=\"dataset-state\""),
        "nothing to say of it"
    );

    mark(&app, "d-old", true, false).await;
    let (status, html) = page(&app, &format!("/datasets/{old}/")).await;
    assert_eq!(status, StatusCode::OK, "an archived dataset is still there");
    let notice = element(&html, "dataset-state");
    assert!(notice.contains("data-state=\"archived\""), "{notice}");
    assert!(
        notice.contains("Archivé dans le catalogue depuis le 14 mars 2026"),
        "{notice}"
    );
    assert!(html.contains("Carte des relevés"), "its reuses are listed");
    let (_, html) = page(&app, &format!("/datasets/{old}/?lang=en")).await;
    assert!(
        html.contains("Archived in the catalog since March 14, 2026"),
        "{html}"
    );
}

#[tokio::test]
async fn a_removed_dataset_page_answers_410_with_its_reuses() {
    let (app, [gone, _, _]) = reuse_of_three().await;
    mark(&app, "d-gone", false, true).await;

    let (status, html) = page(&app, &format!("/datasets/{gone}/")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("<h1>Relevés supprimés</h1>"), "{html}");
    let notice = element(&html, "dataset-state");
    assert!(notice.contains("data-state=\"deleted\""), "{notice}");
    assert!(
        notice.contains(
            "Retiré du catalogue le 14 mars 2026 ; les réutilisations ci-dessous gardent leur lien."
        ),
        "{notice}"
    );
    let reuses = &html[html.find("id=\"dataset-reuses\"").expect(&html)..];
    assert!(reuses.contains("Carte des relevés"), "{reuses}");
    assert!(reuses.contains("href=\"/reuses/carte-des-releves/\""));
    assert!(
        element(&html, "dataset-reuse-count").ends_with(">1 réutilisation"),
        "{html}"
    );
    assert!(
        !html.contains("id=\"ask-question\""),
        "no question about what is gone"
    );
    assert!(!html.contains("reuses.atom"), "nor a feed");
    let (status, html) = page(&app, "/datasets/d-gone/?lang=en").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        html.contains(
            "Removed from the catalog on March 14, 2026; the reuses below keep their link."
        ),
        "{html}"
    );

    let (status, body) = app.get("/api/1/datasets/d-gone/").await;
    assert_eq!(status, StatusCode::GONE, "the API keeps udata's answer");
    assert!(body["message"].is_string(), "{body}");
}
