//! The sorts of the reuse list: a sort key as udata names it, read into its column and order.

use entity::reuses;
use sea_orm::Order;

use crate::cache::gallery_index::SORT_KEYS;
use crate::error::{AppError, AppResult};

/// A list's sort: which of [`SORT_KEYS`], its column and its direction.
pub(super) struct Sort {
    pub(super) at: usize,
    pub(super) column: reuses::Column,
    pub(super) order: Order,
}

pub(super) fn sort_order(sort: Option<&str>) -> AppResult<Sort> {
    let sort = sort.unwrap_or("-created");
    let (key, order) = match sort.strip_prefix('-') {
        Some(key) => (key, Order::Desc),
        None => (sort, Order::Asc),
    };
    let Some(at) = SORT_KEYS.iter().position(|known| *known == key) else {
        return Err(AppError::field(
            "sort",
            format!(
                "{sort:?} is not a sort: use one of {} (prefix - for descending)",
                SORT_KEYS.join(", ")
            ),
        ));
    };
    let column = [
        reuses::Column::Title,
        reuses::Column::CreatedAt,
        reuses::Column::LastModified,
        reuses::Column::DatasetsCount,
        reuses::Column::Followers,
        reuses::Column::Views,
    ][at];
    Ok(Sort { at, column, order })
}
