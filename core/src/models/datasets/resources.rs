//! Reading and writing the resources (files and APIs) of datasets.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use entity::dataset_resources;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use super::details::extras_text;
use crate::error::AppResult;
use crate::import::CatalogResource;

/// Ids a statement: well under both backends' bind-parameter limits.
const IDS: usize = 500;
/// Rows an insert (13 columns each).
const ROWS: usize = 1000;

/// Resources of these datasets, by dataset id, each list in the catalog's order.
pub async fn resources_of(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<dataset_resources::Model>>> {
    let mut resources: HashMap<String, Vec<dataset_resources::Model>> = HashMap::new();
    for chunk in ids.chunks(IDS) {
        let rows = dataset_resources::Entity::find()
            .filter(dataset_resources::Column::DatasetId.is_in(chunk.iter().cloned()))
            .order_by_asc(dataset_resources::Column::DatasetId)
            .order_by_asc(dataset_resources::Column::Position)
            .all(db)
            .await?;
        for row in rows {
            resources
                .entry(row.dataset_id.clone())
                .or_default()
                .push(row);
        }
    }
    Ok(resources)
}

/// The rows that store `resources` as those of `dataset_id`. Dates the catalog leaves out are
/// those of the stored resource with the same id, else `fallback`, so storing the same list
/// twice gives the same rows.
pub fn resource_rows(
    dataset_id: &str,
    resources: &[CatalogResource],
    current: &[dataset_resources::Model],
    fallback: DateTime<Utc>,
) -> Vec<dataset_resources::Model> {
    let stored: HashMap<&str, &dataset_resources::Model> =
        current.iter().map(|row| (row.id.as_str(), row)).collect();
    (0..)
        .zip(resources)
        .map(|(position, resource)| {
            let before = stored.get(resource.id.as_str());
            let created_at = resource
                .created_at
                .or(before.map(|row| row.created_at))
                .unwrap_or(fallback);
            let last_modified = resource
                .last_modified
                .or(before.map(|row| row.last_modified))
                .unwrap_or(created_at);
            dataset_resources::Model {
                id: resource.id.clone(),
                dataset_id: dataset_id.to_owned(),
                position,
                title: resource.title.clone(),
                description: resource.description.clone(),
                kind: resource.kind.clone(),
                format: resource.format.clone(),
                url: resource.url.clone(),
                filesize: resource.filesize,
                mime: resource.mime.clone(),
                created_at: created_at.trunc_subsecs(6),
                last_modified: last_modified.trunc_subsecs(6),
                extras: extras_text(&resource.extras),
            }
        })
        .collect()
}

/// Gives `dataset_ids` exactly the resources of `rows`: their old resources go, and a resource
/// id another dataset held moves with its row, as the catalog moved it.
pub async fn replace_resources(
    db: &impl ConnectionTrait,
    dataset_ids: &[String],
    rows: Vec<dataset_resources::Model>,
) -> AppResult<()> {
    for chunk in dataset_ids.chunks(IDS) {
        dataset_resources::Entity::delete_many()
            .filter(dataset_resources::Column::DatasetId.is_in(chunk.iter().cloned()))
            .exec(db)
            .await?;
    }
    // A resource id another dataset held moves with the row.
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    for chunk in ids.chunks(IDS) {
        dataset_resources::Entity::delete_many()
            .filter(dataset_resources::Column::Id.is_in(chunk.iter().cloned()))
            .exec(db)
            .await?;
    }
    let mut rows = rows
        .into_iter()
        .map(|row| row.into_active_model().reset_all())
        .peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(ROWS).collect();
        dataset_resources::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
