//! The catalog's datasets: their list as cards with search and filters (`list.rs`), and a
//! dataset's page with its tabs of reuses, discussions and resources (`page.rs`, `tabs.rs`).

mod card;
mod list;
mod page;
mod steward;
mod tabs;

pub use list::{DatasetsPage, DatasetsQuery, datasets_page};
pub use page::{DatasetPage, DatasetPageQuery, dataset_page};
pub use steward::set_steward;

use crate::web::Frame;

/// What the page (and the widget) says of a dataset the catalog deleted or archived, if it did.
pub(super) fn state_notice(frame: &Frame, dataset: &entity::datasets::Model) -> Option<String> {
    let (undated, dated, at) = if dataset.deleted {
        ("dataset.deleted", "dataset.deleted_on", dataset.deleted_at)
    } else if dataset.archived {
        (
            "dataset.archived",
            "dataset.archived_since",
            dataset.archived_at,
        )
    } else {
        return None;
    };
    Some(match at {
        Some(at) => frame.t_args(dated, &[("date", frame.date(at).into())]),
        None => frame.t(undated).to_owned(),
    })
}
