//! The errors that make a whole export unusable.

use std::path::PathBuf;

use super::Format;

/// Errors that make the whole file unusable (nothing should be written).
///
/// `file` is the path given to [`parse_file`], or `"input"` for [`parse_bytes`].
///
/// [`parse_file`]: super::parse_file
/// [`parse_bytes`]: super::parse_bytes
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file's path.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The file has no content at all.
    #[error("{file} is empty (expected {})", format.description())]
    Empty {
        /// The file's name.
        file: String,
        /// The format it was read as.
        format: Format,
    },
    /// The CSV header row lacks a required column.
    #[error("{file} is not a udata CSV export: the header row has no \"{column}\" column{hint}")]
    MissingColumn {
        /// The file's name.
        file: String,
        /// The missing column.
        column: &'static str,
        /// A hint on the likely cause (may be empty).
        hint: String,
    },
    /// The file could not be split into CSV records.
    #[error("{file} could not be read as CSV: {source}")]
    NotCsv {
        /// The file's name.
        file: String,
        /// The CSV reader's error (with its position).
        #[source]
        source: csv::Error,
    },
    /// The file is not valid JSON.
    #[error("{file} is not valid JSON: {source}")]
    NotJson {
        /// The file's name.
        file: String,
        /// The JSON parser's error (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// The file is JSON but not laid out like the expected export.
    #[error("{file} does not look like {}: {detail}", format.description())]
    UnexpectedShape {
        /// The file's name.
        file: String,
        /// The format it was read as.
        format: Format,
        /// What was found instead.
        detail: String,
    },
    /// The file is a CKAN answer reporting a failure (`"success": false`).
    #[error("{file} is a CKAN error answer, not data: {message}")]
    CkanFailure {
        /// The file's name.
        file: String,
        /// CKAN's error message.
        message: String,
    },
}
