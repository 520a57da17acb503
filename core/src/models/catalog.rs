//! Storing what a catalog export holds: upsert by the catalog's id, in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{datasets, organizations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::error::AppResult;
use crate::import::{CatalogDataset, CatalogOrganization, Parsed, RejectedRow};
use crate::models::datasets::{insert_tags, replace_tags, tags_of};

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
}

/// Rows a statement: few round trips, well under both backends' bind-parameter limits.
const BATCH: usize = 1000;

/// Upserts every good row of a parsed export; bad rows are reported, not fatal.
pub async fn import_catalog<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    parsed: Parsed,
    source: &str,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        rejected: parsed.rejected,
        ..ImportReport::default()
    };
    // The parsers reject duplicate ids, so each id is here once.
    let rows = parsed.datasets;
    let txn = crate::db::begin_write(db).await?;
    report.organizations_created = upsert_organizations(&txn, &rows).await?;
    let mut slugs = SlugBook::default();
    for chunk in rows.chunks(BATCH) {
        let ids: Vec<String> = chunk.iter().map(|row| row.id.clone()).collect();
        let existing: HashMap<String, datasets::Model> = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(ids.clone()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
        let existing_tags = tags_of(&txn, &ids).await?;
        slugs.reserve(&txn, chunk, &existing).await?;
        let mut inserts = Vec::new();
        let mut new_tags = Vec::new();
        for row in chunk {
            match existing.get(&row.id) {
                None => {
                    let slug = slugs.take(&row.slug);
                    new_tags.extend(row.tags.iter().map(|tag| (row.id.clone(), tag.clone())));
                    inserts.push(new_dataset(row, slug, source));
                    report.created += 1;
                }
                Some(current) => {
                    let tags = existing_tags.get(&row.id).cloned().unwrap_or_default();
                    if update_dataset(&txn, current, &tags, row, &mut slugs).await? {
                        report.updated += 1;
                    } else {
                        report.skipped += 1;
                    }
                }
            }
        }
        if !inserts.is_empty() {
            datasets::Entity::insert_many(inserts)
                .exec_without_returning(&txn)
                .await?;
        }
        insert_tags(&txn, new_tags).await?;
    }
    txn.commit().await?;
    Ok(report)
}

fn new_dataset(row: &CatalogDataset, slug: String, source: &str) -> datasets::ActiveModel {
    let created_at = row.created_at.unwrap_or_else(Utc::now);
    datasets::ActiveModel {
        id: Set(row.id.clone()),
        title: Set(row.title.clone()),
        slug: Set(slug),
        description: Set(row.description.clone()),
        url: Set(row.url.clone()),
        organization_id: Set(row.organization.as_ref().map(|org| org.id.clone())),
        owner_id: Set(None),
        license: Set(row.license.clone()),
        frequency: Set(row.frequency.clone()),
        created_at: Set(created_at),
        last_modified: Set(row.last_modified.unwrap_or(created_at)),
        archived: Set(row.archived),
        deleted: Set(row.deleted),
        source: Set(source.to_owned()),
        remote_id: Set(row.remote_id.clone()),
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
        archived_at: Set(None),
        deleted_at: Set(None),
        temporal_coverage: Set(None),
        spatial: Set(None),
        last_update: Set(None),
    }
}

/// Writes the catalog's version of a known dataset when it differs; says whether it did.
async fn update_dataset(
    db: &impl ConnectionTrait,
    current: &datasets::Model,
    current_tags: &[String],
    row: &CatalogDataset,
    slugs: &mut SlugBook,
) -> AppResult<bool> {
    let mut desired = current.clone();
    desired.title = row.title.clone();
    desired.description = row.description.clone();
    desired.url = row.url.clone();
    desired.organization_id = row.organization.as_ref().map(|org| org.id.clone());
    desired.license = row.license.clone();
    desired.frequency = row.frequency.clone();
    desired.created_at = row.created_at.unwrap_or(current.created_at);
    desired.last_modified = row.last_modified.unwrap_or(current.last_modified);
    desired.archived = row.archived;
    desired.deleted = row.deleted;
    desired.remote_id = row.remote_id.clone();
    // A slug we had to suffix (`slug-2`) stays; a slug the catalog changed follows it.
    if !slug_matches(&current.slug, &row.slug) {
        desired.slug = slugs.take(&row.slug);
    }
    let row_changed = desired != *current;
    let tags_changed = current_tags != row.tags.as_slice();
    if !row_changed && !tags_changed {
        return Ok(false);
    }
    if row_changed {
        desired.into_active_model().reset_all().update(db).await?;
    }
    if tags_changed {
        replace_tags(db, &current.id, &row.tags).await?;
    }
    Ok(true)
}

fn slug_matches(current: &str, wanted: &str) -> bool {
    current == wanted
        || current
            .strip_prefix(wanted)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| n.parse::<u32>().is_ok())
}

/// Slugs taken in the database or earlier in this import, to hand out unique ones.
#[derive(Default)]
struct SlugBook {
    taken: HashSet<String>,
}

impl SlugBook {
    /// Learns which of the slugs this chunk wants are held by other datasets.
    async fn reserve(
        &mut self,
        db: &impl ConnectionTrait,
        chunk: &[CatalogDataset],
        existing: &HashMap<String, datasets::Model>,
    ) -> AppResult<()> {
        let wanted: Vec<String> = chunk
            .iter()
            .filter(|row| {
                existing
                    .get(&row.id)
                    .is_none_or(|current| !slug_matches(&current.slug, &row.slug))
            })
            .map(|row| row.slug.clone())
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let held: Vec<String> = datasets::Entity::find()
            .select_only()
            .column(datasets::Column::Slug)
            .filter(datasets::Column::Slug.is_in(wanted))
            .into_tuple()
            .all(db)
            .await?;
        self.taken.extend(held);
        Ok(())
    }

    /// `wanted` if free, else the first free `wanted-N`; marks it taken.
    fn take(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "dataset" } else { wanted };
        let slug = std::iter::once(base.to_owned())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or_default();
        self.taken.insert(slug.clone());
        slug
    }
}

/// Creates the organizations the rows name and renames those whose name changed.
async fn upsert_organizations(
    db: &impl ConnectionTrait,
    rows: &[CatalogDataset],
) -> AppResult<usize> {
    let mut wanted: HashMap<&str, &CatalogOrganization> = HashMap::new();
    for org in rows.iter().filter_map(|row| row.organization.as_ref()) {
        wanted.entry(org.id.as_str()).or_insert(org);
    }
    let ids: Vec<String> = wanted.keys().map(|id| (*id).to_owned()).collect();
    let mut existing = HashMap::new();
    for chunk in ids.chunks(500) {
        for org in organizations::Entity::find()
            .filter(organizations::Column::Id.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            existing.insert(org.id.clone(), org);
        }
    }
    let mut slugs: HashSet<String> = organizations::Entity::find()
        .select_only()
        .column(organizations::Column::Slug)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut created = 0;
    let now = Utc::now();
    let mut ordered: Vec<&CatalogOrganization> = wanted.into_values().collect();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    let mut inserts = Vec::new();
    for org in ordered {
        match existing.get(&org.id) {
            Some(current) if current.name != org.name => {
                let mut active = current.clone().into_active_model();
                active.name = Set(org.name.clone());
                active.last_modified = Set(now);
                active.update(db).await?;
            }
            Some(_) => {}
            None => {
                let base = if org.slug.is_empty() {
                    "organization"
                } else {
                    &org.slug
                };
                let slug = std::iter::once(base.to_owned())
                    .chain((2..).map(|n| format!("{base}-{n}")))
                    .find(|candidate| !slugs.contains(candidate))
                    .unwrap_or_default();
                slugs.insert(slug.clone());
                inserts.push(organizations::ActiveModel {
                    id: Set(org.id.clone()),
                    name: Set(org.name.clone()),
                    acronym: Set(None),
                    slug: Set(slug),
                    description: Set(String::new()),
                    url: Set(None),
                    logo: Set(None),
                    badges: Set("[]".to_owned()),
                    created_at: Set(now),
                    last_modified: Set(now),
                });
                created += 1;
            }
        }
    }
    for batch in inserts.chunks(BATCH) {
        organizations::Entity::insert_many(batch.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(created)
}
