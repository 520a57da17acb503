//! The gallery: reuses filtered, sorted, searched and paged from the query string.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::finding::{
    Chip, Pager, chips, gallery_link, hidden_inputs, pager, topic_options, type_options,
};
use super::{CardView, nonempty, understood};
use crate::cache::search_misses::Scope;
use crate::error::HttpResult;
use crate::models::paging::PageOf;
use crate::models::reuses::list::{ReuseFilter, list_reuses, topic_counts, type_counts};
use crate::models::reuses::{Detail, ReuseCard};
use crate::page_cache::transient_if;
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
    owner: Option<String>,
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
            owner: nonempty(&self.owner),
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
    /// Each type, with how many reuses of it the other filters keep when that is cheap.
    types: Vec<(&'static str, String)>,
    /// Each topic, counted as the types are.
    topics: Vec<(&'static str, String)>,
    sorts: Vec<(&'static str, &'static str)>,
    /// The active filters, each with a link to the list without it.
    chips: Vec<Chip>,
    /// Filters the form has no field for, kept by its hidden inputs.
    hidden: Vec<(&'static str, String)>,
    pager: Option<Pager>,
    /// A page past the last: what to say, and the link to the last page.
    past_end: Option<(String, String)>,
}

/// Filters, sorts, searches and pages the reuses, without JavaScript.
#[handler]
pub async fn gallery(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<GalleryQuery>,
) -> HttpResult<Response> {
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("gallery.title"), None);
    // Values no list understands (`?type=bogus`) are left out, and the page says so.
    let (paging, bad_page) = understood::paging(nonempty(&query.page), 24, &frame);
    let (filter, bad_filters) = understood::understood(query.filter(), &frame);
    frame.notice = bad_filters.or(bad_page);
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
    let missed = state.misses.record_miss(
        Scope::Reuses,
        filter.search_only(),
        found.total,
        paging.page,
        state.clock.now(),
    );
    let pages = found.total.div_ceil(paging.page_size).max(1);
    let chips = chips(&state.db, &filter, &frame).await?;
    let counts = type_counts(&state.db, &state.cache, &state.gallery, &viewer, &filter).await?;
    let topics = topic_counts(&state.db, &state.cache, &state.gallery, &viewer, &filter).await?;
    let t = |key: &str| frame.t(key);
    let feed = format!(
        "/reuses/feed.atom{}",
        req.uri()
            .query()
            .filter(|query| !query.is_empty())
            .map(|query| format!("?{query}"))
            .unwrap_or_default()
    );
    let page = GalleryPage {
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
        types: type_options(&frame, counts.as_ref()),
        topics: topic_options(&frame, topics.as_ref()),
        sorts: vec![
            ("-created", t("gallery.sort_created")),
            ("title", t("gallery.sort_title")),
            ("-datasets", t("gallery.sort_datasets")),
            ("-followers", t("gallery.sort_followers")),
            ("-views", t("gallery.sort_views")),
        ],
        chips,
        hidden: hidden_inputs(&filter),
        pager: pager(&filter, paging.page, pages),
        past_end: (paging.page > pages).then(|| {
            let said = frame.t_args("gallery.past_end", &[("pages", pages.into())]);
            (said, gallery_link(&filter, None, pages))
        }),
        frame,
    };
    Ok(transient_if(page.into_response(), missed))
}
