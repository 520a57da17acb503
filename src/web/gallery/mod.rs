//! The showcase pages: home, gallery, reuse detail, datasets and dataset page, a person's page,
//! and the widget of a dataset's reuses portals frame; one file a page, the reuse cards they
//! share in `cards.rs`.

mod cards;
mod cover;
mod datasets;
mod embed;
pub(crate) mod finding;
mod home_page;
mod list;
mod reuse;
mod understood;
mod user;

pub use cards::{CardView, cover, first_cards, initials};
pub use cover::reuse_cover;
pub use datasets::{
    DatasetPage, DatasetPageQuery, DatasetsPage, DatasetsQuery, dataset_page, datasets_page,
    set_steward,
};
pub use embed::{EMBED_CARDS, EmbedPage, embed_reuses};
pub use home_page::{HomePage, home};
pub use list::{GalleryPage, GalleryQuery, gallery};
pub use reuse::{ReusePage, reuse_page};
pub use user::{UserPage, user_page};

/// The parameter, unless missing or blank.
fn nonempty(value: &Option<String>) -> Option<String> {
    value.clone().filter(|text| !text.trim().is_empty())
}
