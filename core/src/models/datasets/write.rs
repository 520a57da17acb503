//! Creating a dataset pushed by a catalog, and changing one.

use chrono::{DateTime, Utc};
use entity::{dataset_resources, datasets};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable,
    ModelTrait, QueryFilter, TransactionSession, TransactionTrait,
};

use super::fields::{Mark, check_fields};
use super::{
    DatasetCard, DatasetFields, ResourceFields, badges_text, dataset_cards, extras_text,
    find_dataset, replace_resources, replace_tags, resource_rows, spatial_text,
    temporal_coverage_text,
};
use crate::error::{AppError, AppResult};
use crate::import::{CatalogResource, RESOURCE_TYPES, slugify};
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
    let now = crate::clock::now();
    let created_at = fields.created_at.unwrap_or(now);
    let mut dataset = blank_dataset(id, slug, "api", created_at);
    dataset.title = title;
    dataset.last_modified = fields.last_modified.unwrap_or(created_at);
    apply(&fields, &mut dataset, now);
    let dataset = dataset.into_active_model().reset_all().insert(&txn).await?;
    let tags = normalize_tags(fields.tags.unwrap_or_default());
    replace_tags(&txn, &dataset.id, &tags).await?;
    if let Some(resources) = fields.resources {
        store_resources(&txn, &dataset.id, resources, &[], now).await?;
    }
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("created dataset vanished".into()))
}

/// Changes the fields given, leaves the others; `resources`, when given, replace the current
/// ones.
pub async fn update_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id_or_slug: &str,
    fields: DatasetFields,
) -> AppResult<DatasetCard> {
    check_fields(db, &fields, false).await?;
    let txn = crate::db::begin_write(db).await?;
    let current = find_dataset(&txn, id_or_slug).await?;
    // A client sending back what it read sends the id too.
    if fields
        .id
        .as_ref()
        .is_some_and(|id| id.trim() != current.dataset.id)
    {
        return Err(AppError::field("id", "cannot be changed"));
    }
    let now = crate::clock::now();
    let mut desired = current.dataset.clone();
    apply(&fields, &mut desired, now);
    if let Some(slug) = fields
        .slug
        .as_ref()
        .filter(|slug| **slug != current.dataset.slug)
    {
        desired.slug = unique_slug(&txn, datasets::Entity, datasets::Column::Slug, slug).await?;
    }
    desired.last_modified = fields.last_modified.unwrap_or(now);
    let dataset = write_changes(&txn, &current.dataset, desired).await?;
    if let Some(tags) = fields.tags {
        replace_tags(&txn, &dataset.id, &normalize_tags(tags)).await?;
    }
    if let Some(resources) = fields.resources {
        store_resources(&txn, &dataset.id, resources, &current.resources, now).await?;
    }
    txn.commit().await?;
    let mut cards = dataset_cards(db, vec![dataset]).await?;
    cards
        .pop()
        .ok_or_else(|| AppError::Internal("updated dataset vanished".into()))
}

/// A new row for dataset `id`, with nothing known of it yet: no counts, no marks, no
/// coverage; imports and pushes then set what their catalog says.
pub(crate) fn blank_dataset(
    id: String,
    slug: String,
    source: &str,
    created_at: DateTime<Utc>,
) -> datasets::Model {
    datasets::Model {
        id,
        title: String::new(),
        slug,
        description: String::new(),
        url: None,
        organization_id: None,
        owner_id: None,
        license: None,
        frequency: None,
        created_at,
        last_modified: created_at,
        archived: false,
        deleted: false,
        source: source.to_owned(),
        remote_id: None,
        discussions: 0,
        discussions_open: 0,
        reuses: 0,
        followers: 0,
        views: 0,
        acronym: None,
        private: false,
        featured: false,
        badges: "[]".to_owned(),
        extras: "{}".to_owned(),
        archived_at: None,
        deleted_at: None,
        temporal_coverage: None,
        spatial: None,
        last_update: None,
        synced_at: None,
    }
}

/// Marks a dataset deleted, as the catalog does (udata's soft delete): it answers 410 from then
/// on, reuses keep their link to it, and its row stays. Deleting it again answers 410.
pub async fn delete_dataset<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id_or_slug: &str,
) -> AppResult<datasets::Model> {
    let txn = crate::db::begin_write(db).await?;
    let current = find_dataset(&txn, id_or_slug).await?;
    let now = crate::clock::now();
    let mut desired = current.dataset.clone();
    desired.deleted = true;
    desired.deleted_at = Some(now);
    desired.last_modified = now;
    let dataset = write_changes(&txn, &current.dataset, desired).await?;
    txn.commit().await?;
    Ok(dataset)
}

/// Writes the columns of `desired` that differ from `current` (so counters moved meanwhile
/// stay as they are).
pub(crate) async fn write_changes(
    db: &impl ConnectionTrait,
    current: &datasets::Model,
    desired: datasets::Model,
) -> AppResult<datasets::Model> {
    let mut active = current.clone().into_active_model();
    for column in datasets::Column::iter() {
        let value = desired.get(column);
        if value != current.get(column) {
            active.set(column, value);
        }
    }
    Ok(active.update(db).await?)
}

/// Sets the columns of `dataset` that `fields` give, but for the id, slug and last
/// modification; `archived` and its date move together.
fn apply(fields: &DatasetFields, dataset: &mut datasets::Model, now: DateTime<Utc>) {
    let optional = |value: &String| Some(value.trim().to_owned()).filter(|text| !text.is_empty());
    if let Some(title) = &fields.title {
        dataset.title = title.trim().to_owned();
    }
    if let Some(description) = &fields.description {
        dataset.description.clone_from(description);
    }
    let texts = [
        (&fields.url, &mut dataset.url),
        (&fields.organization, &mut dataset.organization_id),
        (&fields.owner, &mut dataset.owner_id),
        (&fields.license, &mut dataset.license),
        (&fields.frequency, &mut dataset.frequency),
        (&fields.acronym, &mut dataset.acronym),
    ];
    for (given, column) in texts {
        if let Some(value) = given {
            *column = optional(value);
        }
    }
    if let Some(mark) = fields.archived {
        (dataset.archived, dataset.archived_at) = match mark {
            Mark::Unset => (false, None),
            Mark::Set if dataset.archived => (true, dataset.archived_at.or(Some(now))),
            Mark::Set => (true, Some(now)),
            Mark::Since(date) => (true, Some(date)),
        };
    }
    if let Some(created_at) = fields.created_at {
        dataset.created_at = created_at;
    }
    if let Some(private) = fields.private {
        dataset.private = private;
    }
    if let Some(featured) = fields.featured {
        dataset.featured = featured;
    }
    if let Some(badges) = &fields.badges {
        let kinds: Vec<String> = badges.iter().map(|kind| kind.trim().to_owned()).collect();
        dataset.badges = badges_text(&kinds);
    }
    if let Some(extras) = &fields.extras {
        dataset.extras = extras_text(extras);
    }
    if let Some(coverage) = &fields.temporal_coverage {
        dataset.temporal_coverage = coverage.as_ref().map(temporal_coverage_text);
    }
    if let Some(spatial) = &fields.spatial {
        dataset.spatial = spatial.as_ref().map(spatial_text);
    }
    if let Some(last_update) = fields.last_update {
        dataset.last_update = Some(last_update);
    }
}

/// Gives the dataset exactly `resources`; a resource keeps the dates stored for its id unless
/// given. An id another dataset holds is a conflict.
async fn store_resources(
    db: &impl ConnectionTrait,
    dataset_id: &str,
    resources: Vec<ResourceFields>,
    current: &[dataset_resources::Model],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let resources: Vec<CatalogResource> = resources.into_iter().map(catalog_resource).collect();
    let ids: Vec<String> = resources.iter().map(|r| r.id.clone()).collect();
    let held = dataset_resources::Entity::find()
        .filter(dataset_resources::Column::Id.is_in(ids.clone()))
        .filter(dataset_resources::Column::DatasetId.ne(dataset_id))
        .one(db)
        .await?;
    if let Some(held) = held {
        let index = ids.iter().position(|id| *id == held.id).unwrap_or_default();
        return Err(AppError::conflict(
            &format!("resources[{index}].id"),
            format!("another dataset has a resource with the id {:?}", held.id),
        ));
    }
    let rows = resource_rows(dataset_id, &resources, current, now);
    replace_resources(db, &[dataset_id.to_owned()], rows).await
}

/// A checked resource as the catalog's, its id generated (a UUID, as udata's) when absent.
fn catalog_resource(resource: ResourceFields) -> CatalogResource {
    let text = |value: Option<String>| value.map(|text| text.trim().to_owned());
    CatalogResource {
        // udata's resource ids are UUIDs.
        id: text(resource.id).unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        title: text(resource.title).unwrap_or_default(),
        description: resource.description.unwrap_or_default(),
        kind: resource
            .kind
            .unwrap_or_else(|| RESOURCE_TYPES[0].to_owned()),
        format: text(resource.format)
            .filter(|format| !format.is_empty())
            .map(|format| format.to_lowercase()),
        url: text(resource.url).unwrap_or_default(),
        filesize: resource.filesize,
        mime: text(resource.mime).filter(|mime| !mime.is_empty()),
        created_at: resource.created_at,
        last_modified: resource.last_modified,
        extras: resource.extras.unwrap_or_default(),
    }
}
