//! Reuse cards as the showcase pages show them, and the first cards of a filter.

use entity::reuses;
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
    /// The publisher's page.
    pub by_path: Option<String>,
    /// The organization's logo or the owner's avatar, when they have one.
    pub by_picture: Option<String>,
    /// The publisher's initials, shown when they have no picture.
    pub by_initials: String,
    /// Linked datasets.
    pub datasets: i32,
    /// Views and followers.
    pub views: i32,
    pub followers: i32,
    /// Publication day, in the reader's words and as a machine reads it.
    pub created: String,
    pub created_iso: String,
    /// The picture: the reuse's own thumbnail, else its generated cover. Always set.
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
        let by = publisher(card);
        let (by_path, by_picture) = match (&card.organization, &card.owner) {
            (Some(org), _) => (
                Some(format!("/organizations/{}/", org.slug)),
                org.logo.clone(),
            ),
            (None, Some(user)) => (
                Some(format!("/users/{}/", user.id)),
                user.avatar_url.clone(),
            ),
            (None, None) => (None, None),
        };
        Self {
            title: card.reuse.title.clone(),
            path: format!("/reuses/{}/", card.reuse.slug),
            kind: frame.t(&format!("type.{}", card.reuse.r#type)),
            by_initials: match card
                .organization
                .as_ref()
                .and_then(|org| org.acronym.as_deref())
            {
                Some(acronym) if (1..=4).contains(&acronym.chars().count()) => acronym.to_owned(),
                _ => initials(&by),
            },
            by,
            by_path,
            by_picture: by_picture.filter(|url| !url.trim().is_empty()),
            datasets: card.reuse.datasets_count,
            views: card.reuse.views,
            followers: card.reuse.followers,
            created: frame.date(card.reuse.created_at),
            created_iso: card.reuse.created_at.format("%Y-%m-%d").to_string(),
            thumbnail: Some(cover(&card.reuse)),
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

/// The reuse's picture: its own thumbnail, else its generated cover, at an address that
/// changes with the reuse (the cover may then be kept by browsers).
pub fn cover(reuse: &reuses::Model) -> String {
    match &reuse.image_thumbnail {
        Some(thumbnail) => thumbnail.clone(),
        None => format!(
            "/reuses/{}/cover.svg?v={}",
            reuse.slug,
            reuse.last_modified.timestamp()
        ),
    }
}

/// Who published a reuse: its organization, else its owner.
pub(super) fn publisher(card: &ReuseCard) -> String {
    card.organization
        .as_ref()
        .map(|org| org.name.clone())
        .or_else(|| card.owner.as_ref().map(|user| user.name.clone()))
        .unwrap_or_default()
}

/// The first letters of the first two words of a name that start with a capital, else of its
/// first two words (« Ville de Lyon » → « VL », « open data lab » → « OD »).
pub fn initials(name: &str) -> String {
    let firsts: Vec<char> = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .collect();
    let capitals: Vec<char> = firsts
        .iter()
        .copied()
        .filter(|c| c.is_uppercase())
        .collect();
    let chosen = if capitals.is_empty() {
        firsts
    } else {
        capitals
    };
    chosen
        .into_iter()
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The text alternative of a reuse's picture: what it illustrates.
pub(super) fn image_alt(frame: &Frame, title: &str) -> String {
    frame.t_args("reuse.image_alt", &[("title", title.into())])
}

/// The cards of the first `limit` reuses of a filter as `viewer` may see them, and how many
/// there are in all.
pub async fn first_cards(
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
