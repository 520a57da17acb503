//! What parsing an export gives: the datasets as the catalog describes them, and the rows
//! left out with their reasons.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Free key/values a catalog attaches to a dataset or a resource.
pub type Extras = serde_json::Map<String, serde_json::Value>;

/// One dataset as the catalog describes it, before it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogDataset {
    /// The catalog's id, verbatim (never blank).
    pub id: String,
    /// The title, trimmed (never empty).
    pub title: String,
    /// The slug from the file; when the file has none, `slugify(title)`.
    pub slug: String,
    /// The description (empty when the file has none).
    pub description: String,
    /// The dataset's page on the catalog.
    pub url: Option<String>,
    /// The publishing organization, if any.
    pub organization: Option<CatalogOrganization>,
    /// Tags: lower-cased, trimmed, sorted, unique, empty ones dropped.
    pub tags: Vec<String>,
    /// The license id (or title when the catalog gives no id).
    pub license: Option<String>,
    /// The update frequency as the catalog names it (`daily`, `weekly`, ...).
    pub frequency: Option<String>,
    /// When the dataset was created on the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// When the dataset was last modified on the catalog.
    pub last_modified: Option<DateTime<Utc>>,
    /// Whether the catalog marks the dataset as archived.
    pub archived: bool,
    /// Since when, when the catalog says.
    pub archived_at: Option<DateTime<Utc>>,
    /// Whether the catalog marks the dataset as deleted.
    pub deleted: bool,
    /// Since when, when the catalog says.
    pub deleted_at: Option<DateTime<Utc>>,
    /// The id on the harvested remote catalog (udata's `harvest.remote_id`), if any.
    pub remote_id: Option<String>,
    /// An acronym of the title.
    pub acronym: Option<String>,
    /// Whether only its producer sees it; `None` when the format does not say (kept as stored).
    pub private: Option<bool>,
    /// Whether the catalog features it.
    pub featured: bool,
    /// udata's badge kinds (`pivotal-data`, `spd`, ...).
    pub badges: Vec<String>,
    /// Free key/values; `None` when the format does not say (kept as stored).
    pub extras: Option<Extras>,
    /// The period the data covers.
    pub temporal_coverage: Option<TemporalCoverage>,
    /// The places the data covers.
    pub spatial: Option<SpatialCoverage>,
    /// When its data last changed; `None` when the catalog does not say (kept as stored).
    pub last_update: Option<DateTime<Utc>>,
    /// Its files and APIs, in the catalog's order; `None` when the format does not list them
    /// (udata's CSV): the stored ones are kept.
    pub resources: Option<Vec<CatalogResource>>,
}

/// A file or API of a dataset (udata's resource, CKAN's resource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogResource {
    /// The catalog's id; when the file has none, `<dataset id>-<position from 1>`.
    pub id: String,
    /// Title (the file name when the catalog gives no title).
    pub title: String,
    /// Description (Markdown, empty when none).
    pub description: String,
    /// udata's type: `main`, `documentation`, `update`, `api`, `code` or `other`.
    pub kind: String,
    /// Format, lower-cased (`csv`, `json`, ...).
    pub format: Option<String>,
    /// Where it is.
    pub url: String,
    /// Size in bytes.
    pub filesize: Option<i64>,
    /// MIME type.
    pub mime: Option<String>,
    /// Creation date on the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification on the catalog.
    pub last_modified: Option<DateTime<Utc>>,
    /// Free key/values (udata's `check:available`, ...).
    pub extras: Extras,
}

/// The resource types udata knows, the first being the default.
pub const RESOURCE_TYPES: [&str; 6] = ["main", "documentation", "update", "api", "code", "other"];

/// The period a dataset covers (udata's `temporal_coverage`), stored as this JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporalCoverage {
    /// First day covered.
    pub start: Option<NaiveDate>,
    /// Last day covered.
    pub end: Option<NaiveDate>,
}

/// The places a dataset covers (udata's `spatial`), stored as this JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpatialCoverage {
    /// Zone ids (`fr:departement:69`) or, from udata's CSV, zone names.
    #[serde(default)]
    pub zones: Vec<String>,
    /// Granularity id (`fr:commune`, `country`, ...).
    #[serde(default)]
    pub granularity: Option<String>,
    /// A GeoJSON geometry.
    #[serde(default)]
    pub geom: Option<serde_json::Value>,
}

/// The organization publishing a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogOrganization {
    /// The catalog's id of the organization.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The slug from the file; when the file has none, `slugify(name)`.
    pub slug: String,
    /// Its logo's URL, when the format gives one (udata's `logo`, CKAN's `image_url`).
    pub logo: Option<String>,
}

/// What parsing a file gave: good rows and, per bad row, where and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The usable datasets, in file order.
    pub datasets: Vec<CatalogDataset>,
    /// The rows (or items) that were left out, in file order.
    pub rejected: Vec<RejectedRow>,
}

/// A row (CSV) or item (JSON) that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    /// CSV: the 1-based line where the record starts (the header is line 1).
    /// JSON: the 1-based index of the item in the list.
    pub line: u64,
    /// Where the row is, for messages: `"line 12"` or `"item 3"`.
    pub location: String,
    /// The catalog's id of the dataset, when the row gives one.
    pub id: Option<String>,
    /// Why it was left out, e.g. `column "created_at": "2020-13-45" is not a date`.
    pub reason: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}
