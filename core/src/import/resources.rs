//! The resources of a dataset in the JSON formats: udata's resource objects and CKAN's.

use serde_json::Value;

use super::json::{self, Object};
use super::{CatalogResource, format_field, non_blank, resource_kind};

/// Converts a `resources` list with `convert` (udata's or CKAN's keys); `None` when the item has
/// no `resources` key, so the stored ones are kept.
pub(super) fn resources(
    item: &Object,
    dataset_id: &str,
    convert: fn(&Object, String) -> Result<CatalogResource, String>,
) -> Result<Option<Vec<CatalogResource>>, String> {
    if !item.contains_key("resources") {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (position, resource) in (1..).zip(json::list(item, "resources")?) {
        let in_list = |reason: String| format!("resource {position}: {reason}");
        let Value::Object(resource) = resource else {
            return Err(in_list(format!(
                "expected an object, found {}",
                json::kind(resource)
            )));
        };
        let id = non_blank(json::text(resource, "id").map_err(in_list)?.as_deref())
            .unwrap_or_else(|| format!("{dataset_id}-{position}"));
        out.push(convert(resource, id).map_err(in_list)?);
    }
    Ok(Some(out))
}

/// A udata resource (`{id, title, description, type, format, url, filesize, mime, created_at,
/// last_modified, extras, ...}`).
pub(super) fn udata_resource(resource: &Object, id: String) -> Result<CatalogResource, String> {
    let url = url(resource)?;
    Ok(CatalogResource {
        title: non_blank(json::text(resource, "title")?.as_deref()).unwrap_or_else(|| url.clone()),
        description: description(resource, "description")?,
        kind: resource_kind(json::text(resource, "type")?.as_deref()),
        format: format_field(json::text(resource, "format")?.as_deref()),
        filesize: json::integer(resource, "filesize")?,
        mime: non_blank(json::text(resource, "mime")?.as_deref()),
        created_at: json::date(resource, "created_at")?,
        last_modified: json::date(resource, "last_modified")?,
        extras: json::extras(resource, "extras")?.unwrap_or_default(),
        url,
        id,
    })
}

/// A CKAN resource (`{id, name, description, format, url, size, mimetype, created,
/// last_modified, metadata_modified, resource_type, ...}`).
pub(super) fn ckan_resource(resource: &Object, id: String) -> Result<CatalogResource, String> {
    let url = url(resource)?;
    let last_modified = match json::date(resource, "last_modified")? {
        Some(date) => Some(date),
        None => json::date(resource, "metadata_modified")?,
    };
    // CKAN's resource types are free text; `api` and `documentation` mean what udata's do.
    let kind = match json::text(resource, "resource_type")?.as_deref() {
        Some(kind @ ("api" | "documentation")) => kind.to_owned(),
        _ => resource_kind(None),
    };
    let mime = match non_blank(json::text(resource, "mimetype")?.as_deref()) {
        Some(mime) => Some(mime),
        None => non_blank(json::text(resource, "mimetype_inner")?.as_deref()),
    };
    Ok(CatalogResource {
        title: non_blank(json::text(resource, "name")?.as_deref()).unwrap_or_else(|| url.clone()),
        description: description(resource, "description")?,
        kind,
        format: format_field(json::text(resource, "format")?.as_deref()),
        filesize: json::integer(resource, "size")?,
        mime,
        created_at: json::date(resource, "created")?,
        last_modified,
        extras: Default::default(),
        url,
        id,
    })
}

/// The resource's `url`, which it cannot go without.
fn url(resource: &Object) -> Result<String, String> {
    non_blank(json::text(resource, "url")?.as_deref()).ok_or_else(|| "it has no \"url\"".to_owned())
}

fn description(resource: &Object, key: &str) -> Result<String, String> {
    Ok(json::text(resource, key)?
        .map(|d| d.into_owned())
        .unwrap_or_default())
}
