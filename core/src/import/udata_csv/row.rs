//! Converting one CSV record into a dataset, its values looked up by column.

use csv::ByteRecord;

use super::{
    ARCHIVED, COLUMNS, CREATED_AT, DELETED, DESCRIPTION, FREQUENCY, ID, LAST_MODIFIED, LICENSE,
    ORGANIZATION, ORGANIZATION_ID, REMOTE_ID, SLUG, TAGS, TITLE, URL,
};
use crate::import::{
    CatalogDataset, CatalogOrganization, date_field, flag_field, non_blank, normalize_tags,
    required_id_title, slug_or, slugify,
};

/// A data record with the header's column positions.
pub(super) struct Row<'r> {
    pub(super) record: &'r ByteRecord,
    pub(super) columns: &'r [Option<usize>; COLUMNS.len()],
}

impl<'r> Row<'r> {
    /// The text of column `column`, `None` when the file has no such column.
    fn get(&self, column: usize) -> Result<Option<&'r str>, String> {
        let Some(bytes) = self.columns[column].and_then(|index| self.record.get(index)) else {
            return Ok(None);
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("column \"{}\" is not valid UTF-8", COLUMNS[column]))
    }

    /// The text of a column, `None` when absent or blank.
    fn text(&self, column: usize) -> Result<Option<String>, String> {
        Ok(non_blank(self.get(column)?))
    }

    fn date(&self, column: usize) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
        date_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }

    fn flag(&self, column: usize) -> Result<bool, String> {
        flag_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }
}

/// Converts one data record.
///
/// `last_organization` is the organization of the previous row that had one.
pub(super) fn dataset(
    row: &Row<'_>,
    last_organization: &mut Option<CatalogOrganization>,
) -> Result<CatalogDataset, String> {
    let (id, title) = required_id_title(row.get(ID)?, row.get(TITLE)?)?;
    let slug = slug_or(row.get(SLUG)?, &title);
    let organization = match row.get(ORGANIZATION_ID)?.map(str::trim) {
        Some(id) if !id.is_empty() => {
            let name = row
                .get(ORGANIZATION)?
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let name = name.unwrap_or(id);
            match last_organization {
                Some(last) if last.id == id && last.name == name => Some(last.clone()),
                _ => {
                    let organization = CatalogOrganization {
                        id: id.to_owned(),
                        name: name.to_owned(),
                        slug: slugify(name),
                    };
                    *last_organization = Some(organization.clone());
                    Some(organization)
                }
            }
        }
        _ => None,
    };
    Ok(CatalogDataset {
        id,
        slug,
        description: row.get(DESCRIPTION)?.unwrap_or_default().to_owned(),
        url: row.text(URL)?,
        organization,
        tags: normalize_tags(row.get(TAGS)?.unwrap_or_default().split(',')),
        license: row.text(LICENSE)?,
        frequency: row.text(FREQUENCY)?,
        created_at: row.date(CREATED_AT)?,
        last_modified: row.date(LAST_MODIFIED)?,
        archived: row.flag(ARCHIVED)?,
        deleted: row.flag(DELETED)?,
        remote_id: row.text(REMOTE_ID)?,
        title,
    })
}
