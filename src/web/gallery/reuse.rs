//! A reuse's page, with its share card and the discussions about it.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};

use super::CardView;
use super::cards::{cover, image_alt};
use crate::db::read;
use crate::error::HttpResult;
use crate::markdown;
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::models::reuses::list::similar_reuses;
use crate::models::reuses::{Found, ReuseCard, find_reuse};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;
use crate::web::link_health::broken_alert;

/// How many similar reuses its page shows: one row of cards.
const SIMILAR: u64 = 3;

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
    /// Its link no longer answers: said to those who may edit it.
    link_alert: Option<String>,
    /// The viewer may feature it on the home page (animators).
    can_curate: bool,
    /// The picture's text alternative.
    image_alt: String,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
    /// Reuses sharing its datasets, then its topic.
    similar: Vec<CardView>,
    /// Its image, else its generated cover.
    picture: String,
    /// Its follow button and share links.
    social: crate::web::portal::Social,
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
    let mut frame = Frame::of(req);
    // Its author just published it: say so, once.
    let (id, slug) = (&card.reuse.id, &card.reuse.slug);
    if let Some(notice) = crate::web::reuse_form::just_published(req, &frame, id, slug) {
        frame.notice = Some(notice);
    }
    let public_url = &state.config.public_url;
    // The head's description and share card (`base.html`), at the reuse's canonical URL.
    frame.meta.describe(
        &card.reuse.title,
        &card.reuse.description,
        card.reuse
            .image
            .as_deref()
            .map(|path| crate::web::site::absolute(public_url, path)),
    );
    frame.meta.url = crate::urls::link(public_url, &format!("reuses/{}/", card.reuse.slug));
    let can_edit = crate::permissions::can_edit_reuse(&db, &viewer, &card.reuse)
        .await
        .is_ok();
    let link_alert = if can_edit {
        broken_alert(&db, &frame, &card.reuse.id).await?
    } else {
        None
    };
    let threads = discussions_about(&db, &viewer, SubjectClass::Reuse, &card.reuse.id).await?;
    let similar = similar_reuses(&db, &card.reuse, SIMILAR).await?;
    let social =
        crate::web::portal::reuse_social(&db, &state, &viewer, &mut frame, &card.reuse).await?;
    db.commit().await?;
    frame
        .crumb(frame.t("gallery.title"), Some("/reuses/"))
        .crumb(card.reuse.title.clone(), None);
    let mut page = ReusePage {
        social,
        picture: card
            .reuse
            .image
            .clone()
            .unwrap_or_else(|| cover(&card.reuse)),
        similar: similar
            .iter()
            .map(|card| CardView::new(card, &frame))
            .collect(),
        can_edit,
        link_alert,
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
