//! udata CSV: data.gouv.fr's dataset export, `;`-separated, `"`-quoted, one header
//! row, fields possibly spanning several lines. Columns are found by header name.

mod header;
mod lines;
mod row;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use csv::ByteRecord;

use super::{Collector, ImportError, Parsed};
use header::header;
use lines::LineCounter;
use row::{Row, dataset};

/// The columns read, by header name; the others are ignored.
const COLUMNS: [&str; 25] = [
    "id",
    "title",
    "slug",
    "url",
    "organization",
    "organization_id",
    "description",
    "frequency",
    "license",
    "created_at",
    "last_modified",
    "tags",
    "archived",
    "deleted",
    "harvest.remote_id",
    "acronym",
    "featured",
    "badges",
    "temporal_coverage.start",
    "temporal_coverage.end",
    "spatial.granularity",
    "spatial.zones",
    "spatial.geom",
    "private",
    "last_update",
];
const ID: usize = 0;
const TITLE: usize = 1;
const SLUG: usize = 2;
const URL: usize = 3;
const ORGANIZATION: usize = 4;
const ORGANIZATION_ID: usize = 5;
const DESCRIPTION: usize = 6;
const FREQUENCY: usize = 7;
const LICENSE: usize = 8;
const CREATED_AT: usize = 9;
const LAST_MODIFIED: usize = 10;
const TAGS: usize = 11;
const ARCHIVED: usize = 12;
const DELETED: usize = 13;
const REMOTE_ID: usize = 14;
const ACRONYM: usize = 15;
const FEATURED: usize = 16;
const BADGES: usize = 17;
const TEMPORAL_START: usize = 18;
const TEMPORAL_END: usize = 19;
const SPATIAL_GRANULARITY: usize = 20;
const SPATIAL_ZONES: usize = 21;
const SPATIAL_GEOM: usize = 22;
/// Not in data.gouv.fr's export (it leaves private datasets out), read when a file has it.
const PRIVATE: usize = 23;
/// Not in data.gouv.fr's export, read when a file has it.
const LAST_UPDATE: usize = 24;
/// Columns without which the file is not a dataset export.
const REQUIRED: [usize; 2] = [ID, TITLE];

/// Parses a udata CSV export (without its BOM).
pub(super) fn parse(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .quote(b'"')
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let not_csv = |source| ImportError::NotCsv {
        file: file.to_owned(),
        source,
    };
    let mut record = ByteRecord::new();
    reader.read_byte_record(&mut record).map_err(not_csv)?;
    let width = record.len();
    let columns = header(&record, file)?;
    let mut collector = Collector::new("line");
    // Rows of one organization often follow each other: reuse its slug.
    let mut last_organization = None;
    let mut lines = LineCounter {
        bytes,
        counted: 0,
        line: 1,
    };
    while reader.read_byte_record(&mut record).map_err(not_csv)? {
        let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
        let row = if record.len() == width {
            let row = Row {
                record: &record,
                columns: &columns,
            };
            dataset(&row, &mut last_organization)
        } else {
            let found = record.len();
            let plural = if found == 1 { "" } else { "s" };
            Err(format!(
                "it has {found} field{plural} where the header has {width}"
            ))
        };
        collector.push(line, row);
    }
    Ok(collector.finish())
}
