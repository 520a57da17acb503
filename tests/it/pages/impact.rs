//! The impact pages: the site's, an organization's and a dataset's figures now, a plot and its
//! table for each figure over twelve months, the blocks on organization and dataset pages, and
//! the searches that found nothing only where the site chooses to show them.

use serde_json::json;

use crate::support::reuses::reuse;
use crate::support::web::{element, get_in, page};
use crate::support::world::world;

/// The `<figure>`s of `html` with their table's rows: (id, rows).
fn plots(html: &str) -> Vec<(String, usize)> {
    html.split("<figure class=\"plot-figure\" id=\"")
        .skip(1)
        .map(|figure| {
            let id = figure[..figure.find('"').unwrap()].to_owned();
            let figure = &figure[..figure.find("</figure>").unwrap()];
            assert_eq!(figure.matches("<svg").count(), 1, "{id}: one plot");
            let body = &figure[figure.find("<tbody>").expect("a table")..];
            (id, body.matches("<tr>").count())
        })
        .collect()
}

#[tokio::test]
async fn impact_pages_plot_each_figure_beside_its_table_and_blocks_link_to_them() {
    let w = world(&[]).await;
    let app = &w.app;
    let map = reuse(app, &w.owner, "Carte de l’air", json!({})).await;
    reuse(app, &w.owner, "API de l’air", json!({"type": "api"})).await;
    reuse(app, &w.owner, "Brouillon", json!({"private": true})).await;

    // Before the job's first count: the block says so, with zeros nowhere claimed.
    let (_, org) = app
        .get(&format!("/api/1/organizations/{}/", w.org_id))
        .await;
    let slug = org["slug"].as_str().unwrap().to_owned();
    let (status, html) = page(app, &format!("/organizations/{slug}/")).await;
    assert!(status.is_success());
    assert!(
        html.contains("Les chiffres seront calculés sous peu."),
        "{html}"
    );

    vitrine::impact::refresh(&app.state).await.unwrap();
    let (status, html) = page(app, "/impact/").await;
    assert!(status.is_success(), "{status}");
    assert_eq!(
        element(&html, "impact-reuses"),
        "id=\"impact-reuses\">2 réutilisations <span class=\"muted\">(API 1, Visualisation 1)",
        "the two public reuses, per type"
    );
    let figures = plots(&html);
    assert_eq!(
        figures,
        [
            "reuses",
            "answered",
            "median",
            "waiting_week",
            "waiting_month",
            "followers",
            "reuse_links",
            "resource_links"
        ]
        .map(|id| (format!("plot-{id}"), 12)),
        "each figure: a plot and a table of twelve months"
    );
    let leaders = element(&html, "impact-leaders");
    assert!(leaders.contains("id=\"impact-leaders\""), "{leaders}");
    assert!(
        html.contains("Ville de Lyon"),
        "the organization whose data is reused"
    );
    assert!(html.contains("href=\"/api/1/site/metrics.csv\""), "{html}");
    assert!(
        !html.contains("id=\"misses\""),
        "searches not shown unless chosen"
    );

    // The organization's page has the block, linking to its twelve months.
    let (_, html) = page(app, &format!("/organizations/{slug}/")).await;
    assert!(
        element(&html, "impact-reuses").contains("2 réutilisations"),
        "{html}"
    );
    let trend = format!("href=\"/impact/organizations/{slug}/\"");
    assert!(html.contains(&trend), "{html}");
    let (status, html) = page(app, &format!("/impact/organizations/{slug}/")).await;
    assert!(status.is_success());
    assert!(html.contains("Impact : Ville de Lyon"), "{html}");
    assert_eq!(plots(&html).len(), 8);

    // The dataset's page too; one without reuses shows none.
    let (_, html) = page(app, "/datasets/qualite-de-l-air/").await;
    assert!(
        html.contains("href=\"/impact/datasets/qualite-de-l-air/\""),
        "{html}"
    );
    let (status, html) = page(app, "/impact/datasets/qualite-de-l-air/").await;
    assert!(status.is_success());
    assert!(element(&html, "impact-reuses").contains("2 réutilisations"));
    let (status, _) = page(app, "/impact/organizations/nulle-part/").await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);

    // Cached for anonymous visitors, and counted again when the job counts: a change made
    // outside any request (no write to bump the cache) shows after the next count.
    let cached = app
        .request(reqwest::Method::GET, "/impact/")
        .send()
        .await
        .unwrap();
    assert_eq!(cached.headers().get("x-cache").unwrap(), "hit");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    entity::reuses::Entity::update_many()
        .col_expr(entity::reuses::Column::Type, Expr::value("application"))
        .filter(entity::reuses::Column::Id.eq(map.as_str()))
        .exec(app.db())
        .await
        .unwrap();
    vitrine::impact::refresh(&app.state).await.unwrap();
    let (_, html) = page(app, "/impact/").await;
    assert!(
        element(&html, "impact-reuses").contains("(API 1, Application 1)"),
        "{html}"
    );

    // In English, with the reader's words.
    let html = get_in(app, "/impact/", "en").await.text().await.unwrap();
    assert!(
        html.contains("Public reuses") && html.contains("2 reuses"),
        "{html}"
    );
}

#[tokio::test]
async fn searches_that_found_nothing_show_on_impact_when_the_site_chooses() {
    let w = world(&[("VITRINE_IMPACT_SHOW_SEARCHES", "true")]).await;
    let app = &w.app;
    for _ in 0..5 {
        let (status, _) = page(app, "/datasets/?q=horaires+des+piscines").await;
        assert!(status.is_success());
    }
    // Searched twice only: the animators see it, not everyone.
    for _ in 0..2 {
        let (status, _) = page(app, "/reuses/?q=mon+nom+en+grand").await;
        assert!(status.is_success());
    }
    app.state.misses.flush(app.db()).await;
    let (_, html) = page(app, "/impact/").await;
    let table = element(&html, "misses-table");
    assert!(table.contains("id=\"misses-table\""), "{html}");
    assert!(html.contains("horaires des piscines"), "{html}");
    assert!(
        html.contains("/data-requests/new?title=horaires+des+piscines"),
        "each can become a data request: {html}"
    );
    assert!(!html.contains("mon nom en grand"), "{html}");
}
