//! What parsing an export gives: the datasets as the catalog describes them, and the rows
//! left out with their reasons.

use std::fmt;

use chrono::{DateTime, Utc};

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
    /// Whether the catalog marks the dataset as deleted.
    pub deleted: bool,
    /// The id on the harvested remote catalog (udata's `harvest.remote_id`), if any.
    pub remote_id: Option<String>,
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
    /// Why it was left out, e.g. `column "created_at": "2020-13-45" is not a date`.
    pub reason: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}
