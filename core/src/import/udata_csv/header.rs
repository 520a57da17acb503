//! Finding the columns read in the header row, and refusing a file without the required ones.

use csv::ByteRecord;

use super::{COLUMNS, REQUIRED};
use crate::import::ImportError;

/// Finds the index of each column of [`COLUMNS`] in the header row.
pub(super) fn header(
    record: &ByteRecord,
    file: &str,
) -> Result<[Option<usize>; COLUMNS.len()], ImportError> {
    let mut columns = [None; COLUMNS.len()];
    for (index, name) in record.iter().enumerate() {
        let name = name.trim_ascii();
        let known = COLUMNS
            .iter()
            .position(|column| name.eq_ignore_ascii_case(column.as_bytes()));
        if let Some(slot) = known.and_then(|known| columns.get_mut(known)) {
            slot.get_or_insert(index);
        }
    }
    for required in REQUIRED {
        if columns[required].is_none() {
            let single = record.len() == 1;
            let hint = match record.get(0) {
                Some(only) if single && only.contains(&b',') => {
                    " (the header has a single column: is the file `,`-separated instead of `;`?)"
                }
                _ => "",
            };
            return Err(ImportError::MissingColumn {
                file: file.to_owned(),
                column: COLUMNS[required],
                hint: hint.to_owned(),
            });
        }
    }
    Ok(columns)
}
