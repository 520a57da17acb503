//! Looking one dataset up by id or slug.

use entity::datasets;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::{DatasetCard, dataset_cards};
use crate::error::{AppError, AppResult};

/// The dataset with this id, else the one with this slug (the id wins should a catalog give a
/// slug spelled like another dataset's id); 410 when the catalog deleted it.
pub async fn find_dataset(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<DatasetCard> {
    let dataset = find_row(db, id_or_slug).await?;
    if dataset.deleted {
        return Err(AppError::Gone(format!(
            "dataset {id_or_slug:?} has been deleted"
        )));
    }
    card_of(db, dataset, id_or_slug).await
}

/// The id of the dataset with this id, else with this slug, reading nothing else; 410 when the
/// catalog deleted it.
pub async fn find_dataset_id(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<String> {
    let (id, deleted): (String, bool) = datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .column(datasets::Column::Deleted)
        .filter(by_id_or_slug(id_or_slug))
        .order_by_desc(Expr::col(datasets::Column::Id).eq(id_or_slug))
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))?;
    if deleted {
        return Err(AppError::Gone(format!(
            "dataset {id_or_slug:?} has been deleted"
        )));
    }
    Ok(id)
}

/// The same, even when the catalog deleted it (`deleted` set): its page still shows it, and
/// the reuses that keep their link to it.
pub async fn find_dataset_even_deleted(
    db: &impl ConnectionTrait,
    id_or_slug: &str,
) -> AppResult<DatasetCard> {
    let dataset = find_row(db, id_or_slug).await?;
    card_of(db, dataset, id_or_slug).await
}

async fn find_row(db: &impl ConnectionTrait, id_or_slug: &str) -> AppResult<datasets::Model> {
    datasets::Entity::find()
        .filter(by_id_or_slug(id_or_slug))
        .order_by_desc(Expr::col(datasets::Column::Id).eq(id_or_slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))
}

/// The dataset whose id, or else slug, is `id_or_slug`.
fn by_id_or_slug(id_or_slug: &str) -> Condition {
    Condition::any()
        .add(datasets::Column::Id.eq(id_or_slug))
        .add(datasets::Column::Slug.eq(id_or_slug))
}

async fn card_of(
    db: &impl ConnectionTrait,
    dataset: datasets::Model,
    id_or_slug: &str,
) -> AppResult<DatasetCard> {
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::not_found("dataset", id_or_slug))
}
