//! A dataset the catalog now lists under a new id keeps what the community built on it: found
//! by its catalog page URL, its row, resources, tags, reuse links, discussions, follows,
//! watches and reports move to the new id.

use std::collections::{HashMap, HashSet};

use entity::datasets;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::error::AppResult;
use crate::import::CatalogDataset;

/// Tables naming a dataset by a `dataset_id` column.
const DATASET_ID_TABLES: [&str; 4] = [
    "dataset_resources",
    "dataset_tags",
    "reuse_datasets",
    "dataset_stewards",
];
/// Tables naming a dataset as a `('Dataset', subject_id)` pair.
const SUBJECT_TABLES: [&str; 4] = ["discussions", "follows", "watches", "reports"];

/// The stored datasets that `rows` may list under a new id: `(old id, new id)` for each row of
/// an unknown id whose catalog page URL is a stored dataset's that `rows` do not list. The
/// caller makes sure the old id is gone from the catalog before moving it: a page URL can pass
/// from one dataset to another (a slug given up, then taken).
pub async fn renamed_candidates(
    db: &impl ConnectionTrait,
    rows: &[CatalogDataset],
) -> AppResult<Vec<(String, String)>> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let known: HashSet<String> = datasets::Entity::find()
        .select_only()
        .column(datasets::Column::Id)
        .filter(datasets::Column::Id.is_in(ids.clone()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let listed: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let by_url: HashMap<&str, &str> = rows
        .iter()
        .filter(|row| !known.contains(&row.id))
        .filter_map(|row| Some((row.url.as_deref()?, row.id.as_str())))
        .collect();
    if by_url.is_empty() {
        return Ok(Vec::new());
    }
    let urls: Vec<String> = by_url.keys().map(|url| (*url).to_owned()).collect();
    // Live datasets first, then the oldest id: one candidate a new id, the same every time.
    let former = datasets::Entity::find()
        .filter(datasets::Column::Url.is_in(urls))
        .order_by_asc(datasets::Column::Deleted)
        .order_by_asc(datasets::Column::Id)
        .all(db)
        .await?;
    let mut taken = HashSet::new();
    let mut moves = Vec::new();
    for old in former {
        let Some(new_id) = old.url.as_deref().and_then(|url| by_url.get(url)) else {
            continue;
        };
        if listed.contains(old.id.as_str()) || !taken.insert(*new_id) {
            continue;
        }
        moves.push((old.id, (*new_id).to_owned()));
    }
    Ok(moves)
}

/// Gives the dataset `old_id` the id `new_id`, with everything that names it; says whether
/// it was there to move.
pub async fn rekey(db: &impl ConnectionTrait, old_id: &str, new_id: &str) -> AppResult<bool> {
    let Some(old) = datasets::Entity::find_by_id(old_id).one(db).await? else {
        return Ok(false);
    };
    if datasets::Entity::find_by_id(new_id)
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let old_id = old.id.clone();
    tracing::info!(old = %old_id, new = %new_id, "the catalog lists a dataset under a new id");
    // The slug is unique: the old row gives it up before the new one takes it.
    let parked = format!("{}~{}", old.slug, old_id);
    datasets::Entity::update_many()
        .col_expr(datasets::Column::Slug, Expr::value(parked))
        .filter(datasets::Column::Id.eq(old_id.as_str()))
        .exec(db)
        .await?;
    let mut copy = old;
    copy.id = new_id.to_owned();
    datasets::Entity::insert(copy.into_active_model())
        .exec_without_returning(db)
        .await?;
    for table in DATASET_ID_TABLES {
        let update = Query::update()
            .table(sea_orm::sea_query::Alias::new(table))
            .value(sea_orm::sea_query::Alias::new("dataset_id"), new_id)
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("dataset_id")).eq(old_id.as_str()))
            .to_owned();
        db.execute(&update).await?;
    }
    for table in SUBJECT_TABLES {
        let update = Query::update()
            .table(sea_orm::sea_query::Alias::new(table))
            .value(sea_orm::sea_query::Alias::new("subject_id"), new_id)
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("subject_class")).eq("Dataset"))
            .and_where(Expr::col(sea_orm::sea_query::Alias::new("subject_id")).eq(old_id.as_str()))
            .to_owned();
        db.execute(&update).await?;
    }
    datasets::Entity::delete_by_id(old_id).exec(db).await?;
    Ok(true)
}
