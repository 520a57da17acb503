//! The stored form of a catalog's dataset: the row it gives, and what changed since the last
//! import.

use chrono::{DateTime, SubsecRound, Utc};
use entity::{dataset_resources, datasets};

use crate::import::CatalogDataset;
use crate::models::datasets::{
    badges_text, blank_dataset, extras_text, resource_rows, since, spatial_text,
    temporal_coverage_text,
};

/// The row of a dataset new to the mirror.
pub(super) fn new_dataset(
    row: &CatalogDataset,
    slug: String,
    source: &str,
    now: DateTime<Utc>,
) -> datasets::Model {
    let created_at = row.created_at.unwrap_or(now).trunc_subsecs(6);
    let mut dataset = blank_dataset(row.id.clone(), slug, source, created_at);
    apply_row(row, &mut dataset);
    dataset
}

/// Sets what the catalog says of the dataset on its row. What the format does not carry
/// (`None`: private, extras, last update) stays; a mark the catalog gives no date for keeps
/// the stored date, else takes the last modification.
pub(super) fn apply_row(row: &CatalogDataset, dataset: &mut datasets::Model) {
    let stored = |date: DateTime<Utc>| date.trunc_subsecs(6);
    dataset.title.clone_from(&row.title);
    dataset.description.clone_from(&row.description);
    dataset.url.clone_from(&row.url);
    dataset.organization_id = row.organization.as_ref().map(|org| org.id.clone());
    dataset.license.clone_from(&row.license);
    dataset.frequency.clone_from(&row.frequency);
    dataset.created_at = row.created_at.map_or(dataset.created_at, stored);
    dataset.last_modified = row.last_modified.map_or(dataset.last_modified, stored);
    let kept = |set: bool, at: Option<DateTime<Utc>>| at.filter(|_| set);
    let archived_at = row
        .archived_at
        .map(stored)
        .or(kept(dataset.archived, dataset.archived_at));
    dataset.archived_at = since(row.archived, archived_at, dataset.last_modified);
    dataset.archived = row.archived;
    let deleted_at = row
        .deleted_at
        .map(stored)
        .or(kept(dataset.deleted, dataset.deleted_at));
    dataset.deleted_at = since(row.deleted, deleted_at, dataset.last_modified);
    dataset.deleted = row.deleted;
    dataset.remote_id.clone_from(&row.remote_id);
    dataset.acronym.clone_from(&row.acronym);
    if let Some(private) = row.private {
        dataset.private = private;
    }
    dataset.featured = row.featured;
    dataset.badges = badges_text(&row.badges);
    if let Some(extras) = &row.extras {
        dataset.extras = extras_text(extras);
    }
    dataset.temporal_coverage = row.temporal_coverage.as_ref().map(temporal_coverage_text);
    dataset.spatial = row.spatial.as_ref().map(spatial_text);
    if let Some(last_update) = row.last_update {
        dataset.last_update = Some(stored(last_update));
    }
}

/// The resource rows the catalog gives the dataset, `None` when the format lists none (the
/// stored ones stay). Dates it leaves out are the stored ones, else the dataset's last
/// modification, so importing a file twice gives the same rows.
pub(super) fn desired_resources(
    row: &CatalogDataset,
    dataset: &datasets::Model,
    current: &[dataset_resources::Model],
) -> Option<Vec<dataset_resources::Model>> {
    let resources = row.resources.as_ref()?;
    Some(resource_rows(
        &dataset.id,
        resources,
        current,
        dataset.last_modified,
    ))
}
