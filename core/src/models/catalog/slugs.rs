//! Slugs for imported datasets: unique across the table and the import, a suffixed one kept.

use std::collections::{HashMap, HashSet};

use entity::datasets;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;
use crate::import::CatalogDataset;

/// Whether `current` is `wanted`, or `wanted` with the suffix we add to keep slugs unique.
pub(super) fn slug_matches(current: &str, wanted: &str) -> bool {
    current == wanted
        || current
            .strip_prefix(wanted)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| n.parse::<u32>().is_ok())
}

/// Slugs taken in the database or earlier in this import, to hand out unique ones.
#[derive(Default)]
pub(super) struct SlugBook {
    taken: HashSet<String>,
}

impl SlugBook {
    /// Learns which of the slugs this chunk wants are held by other datasets.
    pub(super) async fn reserve(
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
    pub(super) fn take(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "dataset" } else { wanted };
        let slug = std::iter::once(base.to_owned())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or_default();
        self.taken.insert(slug.clone());
        slug
    }
}
