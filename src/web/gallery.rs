//! The showcase pages: home, gallery, reuse detail, datasets and dataset page.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use crate::db::read;
use crate::error::{AppError, HttpResult};
use crate::markdown;
use crate::models::datasets::{DatasetCard, DatasetFilter, find_dataset, list_datasets};
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::models::paging::{PageOf, Paging};
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::list::{ReuseFilter, featured_reuses, list_reuses};
use crate::models::reuses::{Detail, Found, ReuseCard, find_reuse};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;

/// What a reuse card shows.
pub struct CardView {
    /// Title.
    pub title: String,
    /// Page path.
    pub path: String,
    /// Type, in the reader's language.
    pub kind: &'static str,
    /// Owner's or organization's name.
    pub by: String,
    /// Linked datasets.
    pub datasets: i32,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// First words of the description, as text.
    pub excerpt: String,
    /// First letter of the title, for cards without an image.
    pub initial: String,
    /// The thumbnail's text alternative.
    pub alt: String,
}

impl CardView {
    fn new(card: &ReuseCard, frame: &Frame) -> Self {
        Self {
            title: card.reuse.title.clone(),
            path: format!("/reuses/{}/", card.reuse.slug),
            kind: frame.t(&format!("type.{}", card.reuse.r#type)),
            by: card
                .organization
                .as_ref()
                .map(|org| org.name.clone())
                .or_else(|| card.owner.as_ref().map(|user| user.name.clone()))
                .unwrap_or_default(),
            datasets: card.reuse.datasets_count,
            thumbnail: card.reuse.image_thumbnail.clone(),
            excerpt: markdown::excerpt(&card.reuse.description, 160),
            alt: image_alt(frame, &card.reuse.title),
            initial: card
                .reuse
                .title
                .chars()
                .next()
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_default(),
        }
    }
}

/// The text alternative of a reuse's picture: what it illustrates.
fn image_alt(frame: &Frame, title: &str) -> String {
    frame.t_args("reuse.image_alt", &[("title", title.into())])
}

/// The home page: the animators' showcase.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    frame: Frame,
    featured: Vec<CardView>,
    datasets: u64,
}

/// Shows the featured reuses.
#[handler]
pub async fn home(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<HomePage> {
    let frame = Frame::of(req);
    let db = read(&state.db).await?;
    let cards = featured_reuses(&db, &viewer, 12, Detail::Summary).await?;
    let datasets = list_datasets(
        &db,
        &DatasetFilter::default(),
        Paging::new(Some(1), Some(1))?,
    )
    .await?
    .total;
    db.commit().await?;
    Ok(HomePage {
        featured: cards
            .iter()
            .map(|card| CardView::new(card, &frame))
            .collect(),
        frame,
        datasets,
    })
}

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

fn nonempty(value: &Option<String>) -> Option<String> {
    value.clone().filter(|text| !text.trim().is_empty())
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

/// A reuse's page.
#[derive(Template, WebTemplate)]
#[template(path = "reuse.html")]
pub struct ReusePage {
    frame: Frame,
    card: ReuseCard,
    kind: &'static str,
    topic: &'static str,
    by: String,
    description: String,
    can_edit: bool,
    /// The viewer may feature it on the home page (animators).
    can_curate: bool,
    /// The picture's text alternative.
    image_alt: String,
    /// Open Graph / Twitter card: absolute page URL, image URL, plain-text summary.
    share_url: String,
    share_image: Option<String>,
    share_summary: String,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
}

/// Shows one reuse; an old slug redirects to the current one.
#[handler]
pub async fn reuse_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<Response> {
    let db = read(&state.db).await?;
    let card = match find_reuse(&db, &viewer, &slug).await? {
        Found::Reuse(card) => *card,
        Found::MovedTo(slug) => {
            return Ok(Redirect::moved_permanent(format!("/reuses/{slug}/")).into_response());
        }
    };
    state.views.record(&card.reuse.id);
    let viewed = crate::page_cache::Viewed(card.reuse.id.clone());
    let frame = Frame::of(req);
    let can_edit = crate::permissions::can_edit_reuse(&db, &viewer, &card.reuse)
        .await
        .is_ok();
    let threads = discussions_about(&db, &viewer, SubjectClass::Reuse, &card.reuse.id).await?;
    db.commit().await?;
    let public_url = &state.config.public_url;
    let mut page = ReusePage {
        share_url: crate::urls::link(public_url, &format!("reuses/{}/", card.reuse.slug)),
        share_image: card
            .reuse
            .image
            .as_deref()
            .map(|path| absolute(public_url, path)),
        share_summary: markdown::excerpt(&card.reuse.description, 200),
        can_edit,
        can_curate: crate::permissions::can_curate(&viewer).is_ok(),
        image_alt: image_alt(&frame, &card.reuse.title),
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::Reuse.as_str(),
        discussion_subject: card.reuse.id.clone(),
        kind: frame.t(&format!("type.{}", card.reuse.r#type)),
        topic: frame.t(&format!("topic.{}", card.reuse.topic)),
        by: CardView::new(&card, &frame).by,
        description: markdown::render_plain(&card.reuse.description),
        card,
        frame,
    }
    .into_response();
    page.extensions_mut().insert(viewed);
    Ok(page)
}

/// The datasets list.
#[derive(Template, WebTemplate)]
#[template(path = "datasets.html")]
pub struct DatasetsPage {
    frame: Frame,
    datasets: Vec<DatasetCard>,
    total: u64,
    q: String,
}

/// `?q=` of the datasets list.
#[derive(Deserialize)]
pub struct DatasetsQuery {
    q: Option<String>,
}

/// Lists the catalog's datasets.
#[handler]
pub async fn datasets_page(
    req: &Request,
    state: Data<&AppState>,
    query: Query<DatasetsQuery>,
) -> HttpResult<DatasetsPage> {
    let filter = DatasetFilter {
        q: nonempty(&query.q),
        ..DatasetFilter::default()
    };
    let found = list_datasets(&state.db, &filter, Paging::new(Some(1), Some(100))?).await?;
    Ok(DatasetsPage {
        frame: Frame::of(req),
        total: found.total,
        datasets: found.items,
        q: filter.q.unwrap_or_default(),
    })
}

/// A dataset's page.
#[derive(Template, WebTemplate)]
#[template(path = "dataset.html")]
pub struct DatasetPage {
    frame: Frame,
    dataset: DatasetCard,
    description: String,
    /// The first reuses (a dozen) and how many there are: the gallery shows them all.
    reuses: Vec<CardView>,
    reuses_total: u64,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
}

/// Shows a dataset and its reuses.
#[handler]
pub async fn dataset_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<DatasetPage> {
    let db = read(&state.db).await?;
    let dataset = find_dataset(&db, &slug).await?;
    let frame = Frame::of(req);
    let filter = ReuseFilter {
        dataset: Some(dataset.dataset.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, reuses_total) = first_cards(&db, &state, &viewer, &filter, &frame, 12).await?;
    let threads =
        discussions_about(&db, &viewer, SubjectClass::Dataset, &dataset.dataset.id).await?;
    db.commit().await?;
    Ok(DatasetPage {
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::Dataset.as_str(),
        discussion_subject: dataset.dataset.id.clone(),
        description: markdown::render_plain(&dataset.dataset.description),
        reuses,
        reuses_total,
        dataset,
        frame,
    })
}

/// A person's page: who they are and the reuses they publish.
#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
pub struct UserPage {
    frame: Frame,
    user: entity::users::Model,
    reuses: Vec<CardView>,
}

/// Shows a user, the target of `@mentions`.
#[handler]
pub async fn user_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<UserPage> {
    let db = read(&state.db).await?;
    let user = crate::models::users::find_user(&db, &id).await?;
    let frame = Frame::of(req);
    let filter = ReuseFilter {
        owner: Some(user.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, _) = first_cards(&db, &state, &viewer, &filter, &frame, 100).await?;
    db.commit().await?;
    Ok(UserPage {
        reuses,
        user,
        frame,
    })
}

/// The cards of the first `limit` reuses of a filter as `viewer` may see them, and how many
/// there are in all.
async fn first_cards(
    db: &impl ConnectionTrait,
    state: &AppState,
    viewer: &Viewer,
    filter: &ReuseFilter,
    frame: &Frame,
    limit: u64,
) -> HttpResult<(Vec<CardView>, u64)> {
    let found = list_reuses(
        db,
        &state.cache,
        &state.gallery,
        viewer,
        filter,
        Paging::new(Some(1), Some(limit))?,
        Detail::Summary,
    )
    .await?;
    let cards = found
        .items
        .iter()
        .map(|card| CardView::new(card, frame))
        .collect();
    Ok((cards, found.total))
}

/// `path` made absolute on the site (already absolute URLs are kept).
fn absolute(public_url: &url::Url, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        crate::urls::link(public_url, path)
    }
}
