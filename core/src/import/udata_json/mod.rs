//! udata JSON: a saved page of `/api/1/datasets/` (`{"data": [...], "page": 1, ...}`),
//! a plain list of dataset objects, or a single dataset object.

use serde_json::Value;

use super::json::{self, Object};
use super::resources::{resources, udata_resource};
use super::{
    CatalogDataset, CatalogOrganization, Format, ImportError, Parsed, SpatialCoverage,
    TemporalCoverage, non_blank, normalize_tags, required_id_title, slug_or,
};

/// Parses a udata JSON document.
pub(super) fn parse(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let document = json::read(bytes, file)?;
    let shape = |detail| json::shape_error(file, Format::UdataJson, detail);
    let items = match &document {
        Value::Array(items) => items.as_slice(),
        Value::Object(page) => match page.get("data") {
            Some(Value::Array(items)) => items.as_slice(),
            Some(other) => {
                return Err(shape(format!(
                    "its \"data\" field is {}, not a list",
                    json::kind(other)
                )));
            }
            // A single dataset, as `/api/1/datasets/{id}/` answers.
            None if page.contains_key("id") && page.contains_key("title") => {
                std::slice::from_ref(&document)
            }
            None => {
                return Err(shape(
                    "it is an object with neither a \"data\" list nor a dataset's \"id\" and \"title\""
                        .to_owned(),
                ));
            }
        },
        other => {
            return Err(shape(format!(
                "it is {}, not a list or an API page",
                json::kind(other)
            )));
        }
    };
    Ok(json::collect(items, dataset))
}

/// Converts one udata dataset object.
pub(super) fn dataset(item: &Object) -> Result<CatalogDataset, String> {
    let id = json::text(item, "id")?;
    let title = json::text(item, "title")?;
    let (id, title) = required_id_title(id.as_deref(), title.as_deref())?;
    let slug = slug_or(json::text(item, "slug")?.as_deref(), &title);
    let description = json::text(item, "description")?
        .map(|d| d.into_owned())
        .unwrap_or_default();
    let url = match non_blank(json::text(item, "page")?.as_deref()) {
        Some(page) => Some(page),
        None => non_blank(json::text(item, "uri")?.as_deref()),
    };
    let organization = json::object(item, "organization")?
        .map(organization)
        .transpose()?;
    let tags = tags(json::list(item, "tags")?)?;
    let license = match item.get("license") {
        // Some udata versions give the license as an object.
        Some(Value::Object(license)) => non_blank(json::text(license, "id")?.as_deref()),
        _ => non_blank(json::text(item, "license")?.as_deref()),
    };
    let frequency = non_blank(json::text(item, "frequency")?.as_deref());
    let created_at = json::date(item, "created_at")?;
    let last_modified = match json::date(item, "last_modified")? {
        Some(date) => Some(date),
        None => json::date(item, "last_update")?,
    };
    let remote_id = match json::object(item, "harvest")? {
        Some(harvest) => non_blank(json::text(harvest, "remote_id")?.as_deref()),
        None => None,
    };
    let (archived, archived_at) = json::since(item, "archived")?;
    let (deleted, deleted_at) = json::since(item, "deleted")?;
    let temporal_coverage = json::object(item, "temporal_coverage")?
        .map(temporal_coverage)
        .transpose()?;
    let spatial = json::object(item, "spatial")?.map(spatial).transpose()?;
    Ok(CatalogDataset {
        acronym: non_blank(json::text(item, "acronym")?.as_deref()),
        private: json::optional_flag(item, "private")?,
        featured: json::flag(item, "featured")?,
        badges: badges(json::list(item, "badges")?)?,
        extras: json::extras(item, "extras")?,
        last_update: json::date(item, "last_update")?,
        resources: resources(item, &id, udata_resource)?,
        id,
        title,
        slug,
        description,
        url,
        organization,
        tags,
        license,
        frequency,
        created_at,
        last_modified,
        archived,
        archived_at,
        deleted,
        deleted_at,
        remote_id,
        temporal_coverage,
        spatial,
    })
}

/// Converts `temporal_coverage` (`{start, end}`, dates or date-times).
fn temporal_coverage(coverage: &Object) -> Result<TemporalCoverage, String> {
    let in_field = |reason: String| format!("field \"temporal_coverage\": {reason}");
    Ok(TemporalCoverage {
        start: json::day(coverage, "start").map_err(in_field)?,
        end: json::day(coverage, "end").map_err(in_field)?,
    })
}

/// Converts `spatial` (`{zones, granularity, geom}`); zones and granularity may be ids or, with
/// udata's full-objects header, `{id, ...}` objects.
fn spatial(spatial: &Object) -> Result<SpatialCoverage, String> {
    let in_field = |reason: String| format!("field \"spatial\": {reason}");
    let id_of = |value: &Value| match value {
        Value::String(id) => Some(id.clone()),
        Value::Object(object) => object.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    let mut zones = Vec::new();
    for zone in json::list(spatial, "zones").map_err(in_field)? {
        zones.push(
            id_of(zone).ok_or_else(|| {
                in_field(format!("expected zone ids, found {}", json::kind(zone)))
            })?,
        );
    }
    let granularity = spatial
        .get("granularity")
        .and_then(id_of)
        .filter(|id| !id.trim().is_empty());
    let geom = spatial.get("geom").filter(|geom| !geom.is_null()).cloned();
    Ok(SpatialCoverage {
        zones,
        granularity,
        geom,
    })
}

/// Converts the `badges` list: `{"kind": ..}` objects or plain kinds.
fn badges(items: &[Value]) -> Result<Vec<String>, String> {
    let mut kinds = Vec::with_capacity(items.len());
    for item in items {
        let kind = match item {
            Value::String(kind) => Some(kind.as_str()),
            Value::Object(badge) => badge.get("kind").and_then(Value::as_str),
            _ => None,
        };
        match kind.map(str::trim) {
            Some("") => {}
            Some(kind) => kinds.push(kind.to_owned()),
            None => {
                return Err(format!(
                    "field \"badges\": expected {{\"kind\": ..}} objects, found {}",
                    json::kind(item)
                ));
            }
        }
    }
    Ok(kinds)
}

/// Converts the `organization` object (`{id, name, slug, ...}`).
fn organization(org: &Object) -> Result<CatalogOrganization, String> {
    let id = json::text(org, "id")?
        .filter(|id| !id.trim().is_empty())
        .ok_or("field \"organization\": it has no \"id\"")?
        .into_owned();
    let slug = non_blank(json::text(org, "slug")?.as_deref());
    let name = non_blank(json::text(org, "name")?.as_deref())
        .or_else(|| slug.clone())
        .unwrap_or_else(|| id.clone());
    let slug = slug.unwrap_or_else(|| super::slugify(&name));
    let logo = non_blank(json::text(org, "logo")?.as_deref());
    Ok(CatalogOrganization {
        id,
        name,
        slug,
        logo,
    })
}

/// Converts the `tags` list of strings.
fn tags(items: &[Value]) -> Result<Vec<String>, String> {
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(name) => names.push(name.as_str()),
            other => {
                return Err(format!(
                    "field \"tags\": expected strings, found {}",
                    json::kind(other)
                ));
            }
        }
    }
    Ok(normalize_tags(names))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
