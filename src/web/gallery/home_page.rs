//! The home page: the animators' showcase.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::Data;
use poem::{Request, handler};

use super::CardView;
use crate::db::read;
use crate::error::HttpResult;
use crate::models::datasets::{DatasetFilter, list_datasets};
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::list::featured_reuses;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// The home page: the animators' showcase.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    frame: Frame,
    featured: Vec<CardView>,
    /// Columns of the featured grid on a wide screen (see [`balanced_columns`]).
    columns: usize,
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
        columns: balanced_columns(cards.len()),
        featured: cards
            .iter()
            .map(|card| CardView::new(card, &frame))
            .collect(),
        frame,
        datasets,
    })
}

/// Columns for `count` cards such that no short row sits under full ones: every row full, or
/// the last one short of one card in a grid of four or five (three under four reads as a
/// grid; two under three reads as an orphan row). Three is preferred, then four, five, two.
pub fn balanced_columns(count: usize) -> usize {
    if count <= 3 {
        return count.max(1);
    }
    [3, 4, 5, 2]
        .into_iter()
        .find(|&columns| {
            let last = count % columns;
            last == 0 || (columns >= 4 && last == columns - 1)
        })
        .unwrap_or(4)
}

#[cfg(test)]
mod tests {
    use super::balanced_columns;

    #[test]
    fn no_featured_count_leaves_an_orphan_row() {
        let columns: Vec<usize> = (1..=12).map(balanced_columns).collect();
        assert_eq!(columns, [1, 2, 3, 4, 5, 3, 4, 4, 3, 5, 4, 3]);
    }
}
