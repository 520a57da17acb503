//! Creating a dataset pushed by a catalog, and changing one.

use chrono::Utc;
use entity::datasets;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set, TransactionSession,
    TransactionTrait,
};

use super::fields::check_fields;
use super::{DatasetCard, DatasetFields, dataset_cards, find_dataset, replace_tags};
use crate::error::{AppError, AppResult};
use crate::import::slugify;
use crate::models::text::{normalize_tags, unique_slug};

/// Creates a dataset pushed by a catalog; its id must be new.
pub async fn create_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    fields: DatasetFields,
) -> AppResult<DatasetCard> {
    check_fields(db, &fields, true).await?;
    let txn = crate::db::begin_write(db).await?;
    let id = fields
        .id
        .clone()
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(crate::models::new_row_id);
    if datasets::Entity::find_by_id(id.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "id",
            format!("a dataset with the id {id:?} already exists"),
        ));
    }
    let title = fields.title.clone().unwrap_or_default().trim().to_owned();
    let wanted = fields.slug.clone().unwrap_or_else(|| slugify(&title));
    let slug = unique_slug(&txn, datasets::Entity, datasets::Column::Slug, &wanted).await?;
    let now = Utc::now();
    let created_at = fields.created_at.unwrap_or(now);
    let dataset = datasets::ActiveModel {
        id: Set(id),
        title: Set(title),
        slug: Set(slug),
        description: Set(fields.description.clone().unwrap_or_default()),
        url: Set(fields.url.clone().filter(|url| !url.is_empty())),
        organization_id: Set(fields.organization.clone().filter(|id| !id.is_empty())),
        owner_id: Set(fields.owner.clone().filter(|id| !id.is_empty())),
        license: Set(fields.license.clone().filter(|text| !text.is_empty())),
        frequency: Set(fields.frequency.clone().filter(|text| !text.is_empty())),
        created_at: Set(created_at),
        last_modified: Set(fields.last_modified.unwrap_or(created_at)),
        archived: Set(fields.archived.unwrap_or(false)),
        deleted: Set(false),
        source: Set("api".to_owned()),
        remote_id: Set(None),
        discussions: Set(0),
        discussions_open: Set(0),
        reuses: Set(0),
        followers: Set(0),
        views: Set(0),
        acronym: Set(None),
        private: Set(false),
        featured: Set(false),
        badges: Set("[]".to_owned()),
        extras: Set("{}".to_owned()),
        archived_at: Set(fields.archived.unwrap_or(false).then_some(now)),
        deleted_at: Set(None),
        temporal_coverage: Set(None),
        spatial: Set(None),
        last_update: Set(None),
    }
    .insert(&txn)
    .await?;
    let tags = normalize_tags(fields.tags.unwrap_or_default());
    replace_tags(&txn, &dataset.id, &tags).await?;
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("created dataset vanished".into()))
}

/// Changes the fields given, leaves the others.
pub async fn update_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id_or_slug: &str,
    fields: DatasetFields,
) -> AppResult<DatasetCard> {
    if fields.id.is_some() {
        return Err(AppError::field("id", "cannot be changed"));
    }
    check_fields(db, &fields, false).await?;
    let txn = crate::db::begin_write(db).await?;
    let current = find_dataset(&txn, id_or_slug).await?.dataset;
    let mut active = current.clone().into_active_model();
    if let Some(title) = fields.title {
        active.title = Set(title.trim().to_owned());
    }
    if let Some(slug) = fields.slug.filter(|slug| *slug != current.slug) {
        active.slug =
            Set(unique_slug(&txn, datasets::Entity, datasets::Column::Slug, &slug).await?);
    }
    let optional = |value: String| Some(value).filter(|text| !text.is_empty());
    if let Some(description) = fields.description {
        active.description = Set(description);
    }
    if let Some(url) = fields.url {
        active.url = Set(optional(url));
    }
    if let Some(org) = fields.organization {
        active.organization_id = Set(optional(org));
    }
    if let Some(owner) = fields.owner {
        active.owner_id = Set(optional(owner));
    }
    if let Some(license) = fields.license {
        active.license = Set(optional(license));
    }
    if let Some(frequency) = fields.frequency {
        active.frequency = Set(optional(frequency));
    }
    if let Some(archived) = fields.archived {
        active.archived = Set(archived);
    }
    if let Some(created_at) = fields.created_at {
        active.created_at = Set(created_at);
    }
    active.last_modified = Set(fields.last_modified.unwrap_or_else(Utc::now));
    let dataset = active.update(&txn).await?;
    if let Some(tags) = fields.tags {
        replace_tags(&txn, &dataset.id, &normalize_tags(tags)).await?;
    }
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("updated dataset vanished".into()))
}
