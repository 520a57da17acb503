//! Converting one CSV record into a dataset, its values looked up by column.

use csv::ByteRecord;

use super::{
    ACRONYM, ARCHIVED, BADGES, COLUMNS, CREATED_AT, DELETED, DESCRIPTION, FEATURED, FREQUENCY, ID,
    LAST_MODIFIED, LAST_UPDATE, LICENSE, ORGANIZATION, ORGANIZATION_ID, PRIVATE, REMOTE_ID, SLUG,
    SPATIAL_GEOM, SPATIAL_GRANULARITY, SPATIAL_ZONES, TAGS, TEMPORAL_END, TEMPORAL_START, TITLE,
    URL,
};
use crate::import::{
    CatalogDataset, CatalogOrganization, SpatialCoverage, TemporalCoverage, date_field, day_field,
    flag_field, non_blank, normalize_tags, required_id_title, since_field, slug_or, slugify,
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

    /// A flag, `None` when the file has no such column.
    fn optional_flag(&self, column: usize) -> Result<Option<bool>, String> {
        match self.get(column)? {
            None => Ok(None),
            Some(_) => self.flag(column).map(Some),
        }
    }

    fn since(
        &self,
        column: usize,
    ) -> Result<(bool, Option<chrono::DateTime<chrono::Utc>>), String> {
        since_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }

    fn day(&self, column: usize) -> Result<Option<chrono::NaiveDate>, String> {
        day_field(
            self.get(column)?,
            format_args!("column \"{}\"", COLUMNS[column]),
        )
    }

    /// The comma-separated values of a column, trimmed, blank ones left out.
    fn list(&self, column: usize) -> Result<Vec<String>, String> {
        Ok(self
            .get(column)?
            .unwrap_or_default()
            .split(',')
            .filter_map(|value| non_blank(Some(value)))
            .collect())
    }

    fn temporal_coverage(&self) -> Result<Option<TemporalCoverage>, String> {
        let coverage = TemporalCoverage {
            start: self.day(TEMPORAL_START)?,
            end: self.day(TEMPORAL_END)?,
        };
        Ok((coverage != TemporalCoverage::default()).then_some(coverage))
    }

    /// udata's export writes the zones' names and the geometry as GeoJSON.
    fn spatial(&self) -> Result<Option<SpatialCoverage>, String> {
        let geom = match self.text(SPATIAL_GEOM)? {
            None => None,
            Some(geom) => Some(
                serde_json::from_str(&geom)
                    .map_err(|_| format!("column \"{}\" is not GeoJSON", COLUMNS[SPATIAL_GEOM]))?,
            ),
        };
        let spatial = SpatialCoverage {
            zones: self.list(SPATIAL_ZONES)?,
            granularity: self.text(SPATIAL_GRANULARITY)?,
            geom,
        };
        Ok((spatial != SpatialCoverage::default()).then_some(spatial))
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
                        logo: None,
                    };
                    *last_organization = Some(organization.clone());
                    Some(organization)
                }
            }
        }
        _ => None,
    };
    let (archived, archived_at) = row.since(ARCHIVED)?;
    let (deleted, deleted_at) = row.since(DELETED)?;
    Ok(CatalogDataset {
        archived,
        archived_at,
        deleted,
        deleted_at,
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
        remote_id: row.text(REMOTE_ID)?,
        acronym: row.text(ACRONYM)?,
        private: row.optional_flag(PRIVATE)?,
        featured: row.flag(FEATURED)?,
        badges: row.list(BADGES)?,
        extras: None,
        temporal_coverage: row.temporal_coverage()?,
        spatial: row.spatial()?,
        last_update: row.date(LAST_UPDATE)?,
        resources: None,
        title,
    })
}
