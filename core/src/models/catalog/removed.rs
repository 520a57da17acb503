//! The sync's marks on datasets: when it last saw each listed, and those the catalog no longer
//! has, marked deleted (never erased: reuses keep their link and show the dataset as removed).

use entity::datasets;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::DatasetChange;
use crate::error::AppResult;
use crate::models::datasets::write_changes;

/// Notes that the sync saw the datasets `ids` listed at `at`.
pub async fn mark_synced(
    db: &impl ConnectionTrait,
    ids: Vec<String>,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    datasets::Entity::update_many()
        .col_expr(datasets::Column::SyncedAt, Expr::value(at))
        .filter(datasets::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

/// Up to `limit` datasets a sync saw before `since` and not since, not marked deleted: those a
/// full pass that started at `since` did not find listed.
pub async fn unseen_since(
    db: &impl ConnectionTrait,
    since: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> AppResult<Vec<String>> {
    Ok(datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .filter(datasets::Column::SyncedAt.lt(since))
        .filter(datasets::Column::Deleted.eq(false))
        .order_by_asc(datasets::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Marks the dataset `id` deleted in the catalog since `at`, and notes the sync saw it so;
/// returns the change when it was not deleted already.
pub async fn mark_deleted(
    db: &impl ConnectionTrait,
    id: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<DatasetChange>> {
    let Some(current) = datasets::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut desired = current.clone();
    desired.synced_at = Some(at);
    if current.deleted {
        write_changes(db, &current, desired).await?;
        return Ok(None);
    }
    desired.deleted = true;
    desired.deleted_at = Some(at);
    let change = DatasetChange::between(&current, &desired, &[], None);
    write_changes(db, &current, desired).await?;
    Ok(change)
}
