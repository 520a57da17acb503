//! Searches that find nothing: counted per normalized query and week with nothing about who
//! searched, never served from the page cache (each one counts), and listed to animators with a
//! link that makes each a data request.

use sea_orm::EntityTrait;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::reuses::reuse;
use crate::support::web::{page, page_as, signed_in};
use crate::support::world::world;

#[tokio::test]
async fn searches_with_no_result_reach_the_animators_as_data_to_request() {
    let world = world(&[]).await;
    let app = &world.app;
    reuse(app, &world.owner, "Carte de la qualité de l'air", json!({})).await;
    for path in [
        "/datasets/?q=%C3%89lections+Municipales",
        "/datasets/?q=elections++municipales",
        "/reuses/?q=trottinettes",
        // Found something: not a miss.
        "/datasets/?q=air",
        "/reuses/?q=air",
        // Narrowed by a filter, or personal-looking: not counted.
        "/datasets/?q=cantines&tag=covid",
        "/datasets/?q=jean.dupont%40example.org",
        "/datasets/?q=0612345678",
    ] {
        let (status, _) = page(app, path).await;
        assert!(status.is_success(), "{path}: {status}");
    }
    // The same search again is computed again, not served from the cache: it counts too.
    let again = app
        .request(reqwest::Method::GET, "/reuses/?q=trottinettes")
        .send()
        .await
        .unwrap();
    assert_ne!(
        again.headers().get("x-cache").map(|v| v.to_str().unwrap()),
        Some("hit")
    );
    app.state.misses.flush(app.db()).await;

    assert_eq!(
        misses(app).await,
        [
            ("datasets".to_owned(), "elections municipales".to_owned(), 2),
            ("reuses".to_owned(), "trottinettes".to_owned(), 2),
        ]
    );

    let moderator = signed_in(app, &world.moderator.id).await;
    let dashboard = page_as(app, "/moderation/", &moderator).await;
    let table = &dashboard[dashboard.find("id=\"misses-table\"").expect("the misses")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("elections municipales"), "{table}");
    assert!(
        table.contains("/data-requests/new?title=elections+municipales"),
        "{table}"
    );
    assert!(table.contains("trottinettes"), "{table}");
    assert!(!table.contains("air<"), "{table}");
    assert!(
        !table.contains("dupont") && !table.contains("0612"),
        "{table}"
    );
    // Not for anybody else.
    let producer = signed_in(app, &world.org_admin.id).await;
    assert!(
        !page_as(app, "/moderation/", &producer)
            .await
            .contains("misses-table")
    );
}

/// Every row of `search_misses`, sorted, as (scope, query, searches).
async fn misses(app: &TestApp) -> Vec<(String, String, i32)> {
    let mut rows: Vec<(String, String, i32)> = entity::search_misses::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.scope, row.query, row.searches))
        .collect();
    rows.sort();
    rows
}
