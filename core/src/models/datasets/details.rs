//! udata's fuller dataset as stored: the JSON columns (badges, extras, coverages) written and
//! read back, the dates a dataset was archived or deleted, and its last update.

use chrono::{DateTime, Utc};
use entity::dataset_resources;
use serde_json::{Value, json};

use super::DatasetCard;
use crate::import::{Extras, SpatialCoverage, TemporalCoverage};

/// The `badges` column: a JSON list of kinds.
pub(crate) fn badges_text(badges: &[String]) -> String {
    json!(badges).to_string()
}

/// An `extras` column: a JSON object.
pub(crate) fn extras_text(extras: &Extras) -> String {
    Value::Object(extras.clone()).to_string()
}

/// The `temporal_coverage` column.
pub(crate) fn temporal_coverage_text(coverage: &TemporalCoverage) -> String {
    json!(coverage).to_string()
}

/// The `spatial` column.
pub(crate) fn spatial_text(spatial: &SpatialCoverage) -> String {
    json!(spatial).to_string()
}

/// The free key/values of a resource.
pub fn resource_extras(resource: &dataset_resources::Model) -> Extras {
    serde_json::from_str(&resource.extras).unwrap_or_default()
}

/// Since when a dataset flagged `set` has been so: the date kept, else its last modification.
pub(crate) fn since(
    set: bool,
    at: Option<DateTime<Utc>>,
    last_modified: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    set.then(|| at.unwrap_or(last_modified))
}

impl DatasetCard {
    /// Its badge kinds.
    pub fn badges(&self) -> Vec<String> {
        serde_json::from_str(&self.dataset.badges).unwrap_or_default()
    }

    /// Its free key/values.
    pub fn extras(&self) -> Extras {
        serde_json::from_str(&self.dataset.extras).unwrap_or_default()
    }

    /// The period its data covers.
    pub fn temporal_coverage(&self) -> Option<TemporalCoverage> {
        let text = self.dataset.temporal_coverage.as_deref()?;
        serde_json::from_str(text).ok()
    }

    /// The places its data covers.
    pub fn spatial(&self) -> Option<SpatialCoverage> {
        let text = self.dataset.spatial.as_deref()?;
        serde_json::from_str(text).ok()
    }

    /// Since when the catalog has archived it; `None` when it is not archived.
    pub fn archived_since(&self) -> Option<DateTime<Utc>> {
        let dataset = &self.dataset;
        since(dataset.archived, dataset.archived_at, dataset.last_modified)
    }

    /// Since when the catalog has deleted it; `None` when it is not deleted.
    pub fn deleted_since(&self) -> Option<DateTime<Utc>> {
        let dataset = &self.dataset;
        since(dataset.deleted, dataset.deleted_at, dataset.last_modified)
    }

    /// When its data last changed, as udata says: the catalog's date, else the latest change
    /// of a resource, else its last modification.
    pub fn last_update(&self) -> DateTime<Utc> {
        self.dataset
            .last_update
            .or_else(|| self.resources.iter().map(|r| r.last_modified).max())
            .unwrap_or(self.dataset.last_modified)
    }
}
