//! The gallery: reuses filtered, sorted, searched and paged from the query string.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Query};
use poem::{Request, handler};
use serde::Deserialize;

use super::{CardView, nonempty};
use crate::error::{AppError, HttpResult};
use crate::models::paging::{PageOf, Paging};
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{Detail, ReuseCard};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// The gallery's query string.
#[derive(Deserialize, Default)]
pub struct GalleryQuery {
    q: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    topic: Option<String>,
    tag: Option<String>,
    dataset: Option<String>,
    organization: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

impl GalleryQuery {
    /// The reuse filter these parameters describe.
    pub fn filter(&self) -> ReuseFilter {
        ReuseFilter {
            q: nonempty(&self.q),
            sort: nonempty(&self.sort),
            kind: nonempty(&self.kind),
            topic: nonempty(&self.topic),
            tags: nonempty(&self.tag).into_iter().collect(),
            dataset: nonempty(&self.dataset),
            organization: nonempty(&self.organization),
            ..ReuseFilter::default()
        }
    }
}

/// The gallery.
#[derive(Template, WebTemplate)]
#[template(path = "reuses.html")]
pub struct GalleryPage {
    frame: Frame,
    /// This page's Atom feed (same filters).
    feed: String,
    cards: Vec<CardView>,
    total: u64,
    q: String,
    kind: String,
    topic: String,
    tag: String,
    sort: String,
    types: Vec<(&'static str, &'static str)>,
    topics: Vec<(&'static str, &'static str)>,
    sorts: Vec<(&'static str, &'static str)>,
    page: u64,
    pages: u64,
    previous: Option<String>,
    next: Option<String>,
}

/// Filters, sorts, searches and pages the reuses, without JavaScript.
#[handler]
pub async fn gallery(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<GalleryQuery>,
) -> HttpResult<GalleryPage> {
    let frame = Frame::of(req);
    let page_number = match nonempty(&query.page) {
        Some(page) => Some(
            page.parse::<u64>()
                .map_err(|_| AppError::field("page", "must be a whole number"))?,
        ),
        None => None,
    };
    let paging = Paging::new(page_number, Some(24))?;
    let filter = query.filter();
    // On the pool, not in a read transaction: a page from the gallery index is one query.
    let found: PageOf<ReuseCard> = list_reuses(
        &state.db,
        &state.cache,
        &state.gallery,
        &viewer,
        &filter,
        paging,
        Detail::Summary,
    )
    .await?;
    let pages = found.total.div_ceil(paging.page_size).max(1);
    let link = |page: u64| {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("q", &filter.q),
            ("type", &filter.kind),
            ("topic", &filter.topic),
            ("tag", &filter.tags.first().cloned()),
            ("dataset", &filter.dataset),
            ("organization", &filter.organization),
            ("sort", &filter.sort),
        ] {
            if let Some(value) = value {
                pairs.append_pair(key, value);
            }
        }
        pairs.append_pair("page", &page.to_string());
        format!("/reuses/?{}", pairs.finish())
    };
    let t = |key: &str| frame.t(key);
    let feed = format!(
        "/reuses/feed.atom{}",
        req.uri()
            .query()
            .filter(|query| !query.is_empty())
            .map(|query| format!("?{query}"))
            .unwrap_or_default()
    );
    Ok(GalleryPage {
        feed,
        cards: found
            .items
            .iter()
            .map(|card| CardView::new(card, &frame))
            .collect(),
        total: found.total,
        q: filter.q.clone().unwrap_or_default(),
        kind: filter.kind.clone().unwrap_or_default(),
        topic: filter.topic.clone().unwrap_or_default(),
        tag: filter.tags.first().cloned().unwrap_or_default(),
        sort: filter.sort.clone().unwrap_or_else(|| "-created".into()),
        types: TYPES
            .iter()
            .map(|(id, _)| (*id, t(&format!("type.{id}"))))
            .collect(),
        topics: TOPICS
            .iter()
            .map(|(id, _)| (*id, t(&format!("topic.{id}"))))
            .collect(),
        sorts: vec![
            ("-created", t("gallery.sort_created")),
            ("title", t("gallery.sort_title")),
            ("-datasets", t("gallery.sort_datasets")),
            ("-followers", t("gallery.sort_followers")),
            ("-views", t("gallery.sort_views")),
        ],
        page: paging.page,
        pages,
        previous: (paging.page > 1).then(|| link(paging.page - 1)),
        next: found.has_next().then(|| link(paging.page + 1)),
        frame,
    })
}
