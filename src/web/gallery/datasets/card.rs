//! A dataset as the datasets list shows it: a card.

use crate::markdown;
use crate::models::datasets::DatasetCard;
use crate::web::Frame;

/// Tags a card shows; the dataset's page has them all.
const CARD_TAGS: usize = 4;

/// What a dataset card shows.
pub struct DatasetCardView {
    /// Title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// The publishing organization's name, page and logo, or the publishing user's name.
    pub by: Option<String>,
    pub by_path: Option<String>,
    pub by_logo: Option<String>,
    /// First words of the description, as text.
    pub excerpt: String,
    /// « 3 réutilisations », « 1 discussion ».
    pub reuses: String,
    pub discussions: String,
    /// When its data last changed, in the reader's words and as a machine reads it.
    pub updated: String,
    pub updated_iso: String,
    /// Its first tags.
    pub tags: Vec<String>,
    /// Archived in the catalog.
    pub archived: bool,
}

impl DatasetCardView {
    /// The card of `card` for `frame`'s reader.
    pub fn new(card: &DatasetCard, frame: &Frame) -> Self {
        let dataset = &card.dataset;
        let updated = dataset.last_update.unwrap_or(dataset.last_modified);
        let (by, by_path, by_logo) = match (&card.organization, &card.owner) {
            (Some(org), _) => (
                Some(org.name.clone()),
                Some(format!("/organizations/{}/", org.slug)),
                org.logo.clone().filter(|logo| !logo.trim().is_empty()),
            ),
            (None, Some(user)) => (
                Some(user.name.clone()),
                Some(format!("/users/{}/", user.id)),
                None,
            ),
            (None, None) => (None, None, None),
        };
        Self {
            title: dataset.title.clone(),
            path: format!("/datasets/{}/", dataset.slug),
            by,
            by_path,
            by_logo,
            excerpt: markdown::excerpt(&dataset.description, 200),
            reuses: frame.count(dataset.reuses, "count.reuses"),
            discussions: frame.count(dataset.discussions, "count.discussions"),
            updated: frame.date(updated),
            updated_iso: updated.format("%Y-%m-%d").to_string(),
            tags: card.tags.iter().take(CARD_TAGS).cloned().collect(),
            archived: dataset.archived,
        }
    }
}
