//! Feeds and maps for other sites: the gallery's Atom feed (with its filters), each dataset's
//! reuses as Atom, and `sitemap.xml` of the visible reuses and datasets.

use entity::{datasets, reuses};
use poem::web::{Data, Path, Query};
use poem::{Response, handler};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::HttpResult;
use crate::feeds::{ATOM, atom_feed, xml};
use crate::models::datasets::find_dataset;
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{ReuseCard, visible_to};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::urls::link;
use crate::web::gallery::GalleryQuery;

/// Entries a feed carries.
const FEED_SIZE: u64 = 50;
/// URLs one sitemap file may hold (sitemaps.org).
const SITEMAP_SIZE: u64 = 50_000;

/// The newest reuses of `filter` everybody may see.
async fn newest(state: &AppState, filter: &ReuseFilter) -> HttpResult<Vec<ReuseCard>> {
    let found = list_reuses(
        &state.db,
        &state.cache,
        &state.gallery,
        &Viewer::default(),
        filter,
        Paging::new(Some(1), Some(FEED_SIZE))?,
        Detail::Summary,
    )
    .await?;
    Ok(found.items)
}

/// `/reuses/feed.atom?…`: the newest reuses matching the gallery's filters.
#[handler]
pub async fn gallery_feed(
    req: &poem::Request,
    state: Data<&AppState>,
    query: Query<GalleryQuery>,
) -> HttpResult<Response> {
    let filter = ReuseFilter {
        sort: Some("-created".into()),
        ..query.filter()
    };
    let newest = newest(&state, &filter).await?;
    let own = req
        .original_uri()
        .path_and_query()
        .map_or("/reuses/feed.atom", |pq| pq.as_str())
        .to_owned();
    let page = own.replacen("/reuses/feed.atom", "/reuses/", 1);
    Ok(atom(atom_feed(
        &state.config.public_url,
        "Vitrine — réutilisations",
        &own,
        &page,
        &newest,
    )))
}

/// `/datasets/{slug}/reuses.atom`: the newest reuses of a dataset.
#[handler]
pub async fn dataset_feed(state: Data<&AppState>, slug: Path<String>) -> HttpResult<Response> {
    let dataset = find_dataset(&state.db, &slug).await?.dataset;
    let filter = ReuseFilter {
        dataset: Some(dataset.id.clone()),
        sort: Some("-created".into()),
        ..ReuseFilter::default()
    };
    let newest = newest(&state, &filter).await?;
    Ok(atom(atom_feed(
        &state.config.public_url,
        &format!("Vitrine — {}", dataset.title),
        &format!("datasets/{}/reuses.atom", dataset.slug),
        &format!("datasets/{}/", dataset.slug),
        &newest,
    )))
}

/// The HTTP answer carrying an Atom document.
fn atom(feed: String) -> Response {
    Response::builder().content_type(ATOM).body(feed)
}

/// `/sitemap.xml`: the home page, the gallery, every visible reuse and every dataset.
#[handler]
pub async fn sitemap(state: Data<&AppState>) -> HttpResult<Response> {
    let public_url = &state.config.public_url;
    let reuse_pages: Vec<(String, chrono::DateTime<chrono::Utc>)> = reuses::Entity::find()
        .select_only()
        .column(reuses::Column::Slug)
        .column(reuses::Column::LastModified)
        .filter(visible_to(&Viewer::default()))
        .order_by_desc(reuses::Column::LastModified)
        .limit(SITEMAP_SIZE / 2)
        .into_tuple()
        .all(&state.db)
        .await?;
    let dataset_pages: Vec<(String, chrono::DateTime<chrono::Utc>)> = datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Slug)
        .column(datasets::Column::LastModified)
        .filter(datasets::Column::Deleted.eq(false))
        .order_by_desc(datasets::Column::LastModified)
        .limit(SITEMAP_SIZE / 2 - 2)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in ["", "reuses/"] {
        out.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml(&link(public_url, path))
        ));
    }
    let pages = reuse_pages
        .into_iter()
        .map(|(slug, at)| (format!("reuses/{slug}/"), at))
        .chain(
            dataset_pages
                .into_iter()
                .map(|(slug, at)| (format!("datasets/{slug}/"), at)),
        );
    for (path, at) in pages {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            xml(&link(public_url, &path)),
            at.format("%Y-%m-%d")
        ));
    }
    out.push_str("</urlset>\n");
    Ok(Response::builder()
        .content_type("application/xml; charset=utf-8")
        .body(out))
}
