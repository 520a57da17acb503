//! Parsing of data-catalog exports for `vitrine import datasets`.
//!
//! Each supported [`Format`] is read into a format-neutral list of
//! [`CatalogDataset`]s. A row (or JSON item) that cannot be used is not fatal: it is
//! reported in [`Parsed::rejected`] with its location and the reason. Only problems
//! that make the whole file unusable (unreadable, not CSV/JSON, wrong header or
//! shape, a CKAN error answer) are returned as an [`ImportError`].

mod ckan_json;
mod collector;
mod dates;
mod error;
mod fields;
mod format;
mod json;
mod parsed;
mod resources;
mod slug;
mod udata_csv;
mod udata_json;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use std::path::Path;

pub use error::ImportError;
pub use format::Format;
pub use parsed::{
    CatalogDataset, CatalogOrganization, CatalogResource, Extras, Parsed, RESOURCE_TYPES,
    RejectedRow, SpatialCoverage, TemporalCoverage,
};
pub(crate) use slug::fold_letter;
pub use slug::slugify;

use collector::Collector;
use fields::{
    date_field, day_field, flag_field, format_field, non_blank, normalize_tags, required_id_title,
    resource_kind, since_field, slug_or,
};

/// Reads and parses the file at `path` as `format`.
pub fn parse_file(path: &Path, format: Format) -> Result<Parsed, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse_named(&bytes, format, &path.display().to_string())
}

/// Parses the content of a file as `format`; errors name the file `"input"`.
pub fn parse_bytes(bytes: &[u8], format: Format) -> Result<Parsed, ImportError> {
    parse_named(bytes, format, "input")
}

fn parse_named(bytes: &[u8], format: Format, file: &str) -> Result<Parsed, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_owned(),
            format,
        });
    }
    match format {
        Format::UdataCsv => udata_csv::parse(bytes, file),
        Format::UdataJson => udata_json::parse(bytes, file),
        Format::CkanJson => ckan_json::parse(bytes, file),
    }
}

/// Parses the dataset objects of a page of udata's API (`data` of `/api/1/datasets/`), already
/// read as JSON: as [`Format::UdataJson`] does, item by item.
pub fn udata_items(items: &[serde_json::Value]) -> Parsed {
    json::collect(items, udata_json::dataset)
}

/// Parses the packages of a page of CKAN's API (`result.results` of `package_search`), already
/// read as JSON: as [`Format::CkanJson`] does, item by item.
pub fn ckan_items(items: &[serde_json::Value]) -> Parsed {
    json::collect(items, ckan_json::package)
}
