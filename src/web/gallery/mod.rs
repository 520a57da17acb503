//! The showcase pages: home, gallery, reuse detail, datasets and dataset page, and a person's
//! page; one file a page, the reuse cards they share in `cards.rs`.

mod cards;
mod datasets;
mod home_page;
mod list;
mod reuse;
mod user;

pub use cards::CardView;
pub use datasets::{DatasetPage, DatasetsPage, DatasetsQuery, dataset_page, datasets_page};
pub use home_page::{HomePage, home};
pub use list::{GalleryPage, GalleryQuery, gallery};
pub use reuse::{ReusePage, reuse_page};
pub use user::{UserPage, user_page};

/// The parameter, unless missing or blank.
fn nonempty(value: &Option<String>) -> Option<String> {
    value.clone().filter(|text| !text.trim().is_empty())
}
