//! Reuse cards as the showcase pages show them, and the first cards of a filter.

use sea_orm::ConnectionTrait;

use crate::error::HttpResult;
use crate::markdown;
use crate::models::paging::Paging;
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{Detail, ReuseCard};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

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
    /// The card of `card` for `frame`'s reader.
    pub(super) fn new(card: &ReuseCard, frame: &Frame) -> Self {
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
pub(super) fn image_alt(frame: &Frame, title: &str) -> String {
    frame.t_args("reuse.image_alt", &[("title", title.into())])
}

/// The cards of the first `limit` reuses of a filter as `viewer` may see them, and how many
/// there are in all.
pub(super) async fn first_cards(
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
