//! Storing what a catalog holds, from an export file or a page of its API: upsert by the
//! catalog's id, in one transaction, a thousand rows a round of statements, with the changes
//! people rely on told to them in the same transaction.

mod changes;
mod organizations;
mod rekey;
mod removed;
mod rows;
mod slugs;

use std::collections::HashMap;

use entity::{dataset_resources, datasets};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    TransactionSession, TransactionTrait,
};

pub use changes::DatasetChange;
pub use organizations::{OrganizationDetails, refresh_organizations};
pub use rekey::{rekey, renamed_candidates};
pub use removed::{mark_deleted, mark_synced, unseen_since};

use crate::error::AppResult;
use crate::import::{CatalogDataset, Parsed, RejectedRow};
use crate::models::datasets::{
    insert_tags, replace_resources, replace_tags, resources_of, tags_of, write_changes,
};
use crate::notifications::{Notifier, lifecycle};
use organizations::upsert_organizations;
use rows::{apply_row, desired_resources, new_dataset};
use slugs::{SlugBook, slug_matches};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Datasets that were new.
    pub created: usize,
    /// Datasets that changed.
    pub updated: usize,
    /// Datasets already as the file has them.
    pub skipped: usize,
    /// Organizations that were new.
    pub organizations_created: usize,
    /// Rows that could not be imported, and why.
    pub rejected: Vec<RejectedRow>,
    /// The changes of known datasets that people were told about.
    pub changes: Vec<DatasetChange>,
}

/// Rows a statement: few round trips, well under both backends' bind-parameter limits.
const BATCH: usize = 1000;

/// What a chunk of the file holds already.
struct Stored {
    datasets: HashMap<String, datasets::Model>,
    tags: HashMap<String, Vec<String>>,
    /// Loaded only when a row of the chunk lists resources.
    resources: HashMap<String, Vec<dataset_resources::Model>>,
}

/// The writes a chunk needs beyond updating changed rows, done a batch each.
#[derive(Default)]
struct Pending {
    datasets: Vec<datasets::Model>,
    tags: Vec<(String, String)>,
    /// Datasets whose resources are replaced by `resources`.
    replaced: Vec<String>,
    resources: Vec<dataset_resources::Model>,
}

/// Upserts every good row of a parsed export in one transaction; bad rows are reported, not
/// fatal. With a `notifier`, the owners of reuses and the followers of a dataset that changed
/// are told (see [`lifecycle`]).
pub async fn import_catalog<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    parsed: Parsed,
    source: &str,
    notifier: Option<&Notifier<'_>>,
) -> AppResult<ImportReport> {
    let txn = crate::db::begin_write(db).await?;
    let report = upsert_catalog(&txn, parsed, source, notifier).await?;
    txn.commit().await?;
    Ok(report)
}

/// [`import_catalog`] in the caller's transaction `txn`.
pub async fn upsert_catalog(
    txn: &impl ConnectionTrait,
    parsed: Parsed,
    source: &str,
    notifier: Option<&Notifier<'_>>,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        rejected: parsed.rejected,
        ..ImportReport::default()
    };
    // The parsers reject duplicate ids, so each id is here once.
    let rows = parsed.datasets;
    report.organizations_created = upsert_organizations(txn, &rows).await?;
    let mut slugs = SlugBook::default();
    let now = crate::clock::now();
    // Datasets whose title changes: the reuses built on them are found by it.
    let mut retitled = Vec::new();
    for chunk in rows.chunks(BATCH) {
        let stored = load(txn, chunk).await?;
        slugs.reserve(txn, chunk, &stored.datasets).await?;
        let mut pending = Pending::default();
        for row in chunk {
            match stored.datasets.get(&row.id) {
                None => {
                    let dataset = new_dataset(row, slugs.take(&row.slug), source, now);
                    let tags = row.tags.iter().map(|tag| (row.id.clone(), tag.clone()));
                    pending.tags.extend(tags);
                    if let Some(resources) = desired_resources(row, &dataset, &[]) {
                        pending.resources.extend(resources);
                    }
                    pending.datasets.push(dataset);
                    report.created += 1;
                }
                Some(current) => {
                    if current.title != row.title {
                        retitled.push(current.id.clone());
                    }
                    match update_dataset(txn, current, &stored, row, &mut slugs, &mut pending)
                        .await?
                    {
                        Updated::No => report.skipped += 1,
                        Updated::Yes(change) => {
                            report.updated += 1;
                            report.changes.extend(change.map(|change| *change));
                        }
                    }
                }
            }
        }
        write_pending(txn, pending).await?;
    }
    crate::search::reindex_reuses_of_datasets(txn, &retitled).await?;
    if let Some(notifier) = notifier {
        lifecycle::datasets_changed(txn, notifier, &report.changes).await?;
    }
    Ok(report)
}

/// Whether [`update_dataset`] wrote, and the change it made that people are told about.
enum Updated {
    No,
    Yes(Option<Box<DatasetChange>>),
}

/// Reads the stored datasets of a chunk, their tags and, when the chunk lists some, their
/// resources.
async fn load(db: &impl ConnectionTrait, chunk: &[CatalogDataset]) -> AppResult<Stored> {
    let ids: Vec<String> = chunk.iter().map(|row| row.id.clone()).collect();
    let datasets = datasets::Entity::find()
        .filter(datasets::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    let tags = tags_of(db, &ids).await?;
    let resources = if chunk.iter().any(|row| row.resources.is_some()) {
        resources_of(db, &ids).await?
    } else {
        HashMap::new()
    };
    Ok(Stored {
        datasets,
        tags,
        resources,
    })
}

/// Inserts the new datasets and their tags, then replaces the resources that changed.
async fn write_pending(db: &impl ConnectionTrait, pending: Pending) -> AppResult<()> {
    if !pending.datasets.is_empty() {
        let rows = pending
            .datasets
            .into_iter()
            .map(|dataset| dataset.into_active_model().reset_all());
        datasets::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    insert_tags(db, pending.tags).await?;
    if !pending.resources.is_empty() || !pending.replaced.is_empty() {
        replace_resources(db, &pending.replaced, pending.resources).await?;
    }
    Ok(())
}

/// Writes the catalog's version of a known dataset when it differs; says whether it did.
async fn update_dataset(
    db: &impl ConnectionTrait,
    current: &datasets::Model,
    stored: &Stored,
    row: &CatalogDataset,
    slugs: &mut SlugBook,
    pending: &mut Pending,
) -> AppResult<Updated> {
    let mut desired = current.clone();
    apply_row(row, &mut desired);
    // A slug we had to suffix (`slug-2`) stays; a slug the catalog changed follows it.
    if !slug_matches(&current.slug, &row.slug) {
        desired.slug = slugs.take(&row.slug);
    }
    let current_tags = stored.tags.get(&row.id).map_or(&[][..], Vec::as_slice);
    let current_resources = stored.resources.get(&row.id).map_or(&[][..], Vec::as_slice);
    let resources = desired_resources(row, &desired, current_resources)
        .filter(|resources| resources.as_slice() != current_resources);
    let row_changed = desired != *current;
    let tags_changed = current_tags != row.tags.as_slice();
    if !row_changed && !tags_changed && resources.is_none() {
        return Ok(Updated::No);
    }
    let change = DatasetChange::between(current, &desired, current_resources, resources.as_deref());
    if row_changed {
        write_changes(db, current, desired).await?;
    }
    if tags_changed {
        replace_tags(db, &current.id, &row.tags).await?;
    }
    if let Some(resources) = resources {
        pending.replaced.push(current.id.clone());
        pending.resources.extend(resources);
    }
    Ok(Updated::Yes(change.map(Box::new)))
}
