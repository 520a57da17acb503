//! Looking one dataset up by id or slug.

use entity::datasets;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{DatasetCard, dataset_cards};
use crate::error::{AppError, AppResult};

/// The dataset with this id, else the one with this slug (the id wins should a catalog give a
/// slug spelled like another dataset's id); 410 when the catalog deleted it.
pub async fn find_dataset(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<DatasetCard> {
    let dataset = datasets::Entity::find()
        .filter(
            Condition::any()
                .add(datasets::Column::Id.eq(id_or_slug))
                .add(datasets::Column::Slug.eq(id_or_slug)),
        )
        .order_by_desc(Expr::col(datasets::Column::Id).eq(id_or_slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))?;
    if dataset.deleted {
        return Err(AppError::Gone(format!(
            "dataset {id_or_slug:?} has been deleted"
        )));
    }
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))
}
