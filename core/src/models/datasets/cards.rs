//! A dataset with what its views show beside it: tags, resources, organization and owner.

use entity::{dataset_resources, datasets, organizations, users};
use sea_orm::ConnectionTrait;

use super::{resources_of, tags_of};
use crate::error::AppResult;
use crate::models::organizations::organizations_by_id;
use crate::models::users::users_by_id;

/// A dataset with what its views need: tags, resources, organization, owner.
#[derive(Clone, Debug)]
pub struct DatasetCard {
    /// The row.
    pub dataset: datasets::Model,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// Its resources, in the catalog's order.
    pub resources: Vec<dataset_resources::Model>,
    /// The organization publishing it.
    pub organization: Option<organizations::Model>,
    /// The user publishing it, when no organization does.
    pub owner: Option<users::Model>,
}

/// Adds tags, resources, organizations and owners to rows, in four queries whatever their
/// number (up to 500).
pub async fn dataset_cards(
    db: &impl ConnectionTrait,
    rows: Vec<datasets::Model>,
) -> AppResult<Vec<DatasetCard>> {
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let mut tags = tags_of(db, &ids).await?;
    let mut resources = resources_of(db, &ids).await?;
    let orgs =
        organizations_by_id(db, rows.iter().filter_map(|d| d.organization_id.clone())).await?;
    let owners = users_by_id(db, rows.iter().filter_map(|d| d.owner_id.clone())).await?;
    Ok(rows
        .into_iter()
        .map(|dataset| DatasetCard {
            tags: tags.remove(&dataset.id).unwrap_or_default(),
            resources: resources.remove(&dataset.id).unwrap_or_default(),
            organization: dataset
                .organization_id
                .as_ref()
                .and_then(|id| orgs.get(id).cloned()),
            owner: dataset
                .owner_id
                .as_ref()
                .and_then(|id| owners.get(id).cloned()),
            dataset,
        })
        .collect())
}
