//! CKAN JSON: a saved `package_search` answer (`{"success": true, "result":
//! {"count": .., "results": [...]}}`), a `package_show` answer (`{"success": true,
//! "result": {...}}`), or a bare list of packages (or a single package).

use serde_json::Value;

use super::json::{self, Object};
use super::resources::{ckan_resource, resources};
use super::{
    CatalogDataset, CatalogOrganization, Format, ImportError, Parsed, non_blank, normalize_tags,
    required_id_title, slug_or, slugify,
};

/// Extras keys that may hold the update frequency, in order of preference.
const FREQUENCY_KEYS: [&str; 3] = ["frequency", "accrualPeriodicity", "accrual_periodicity"];
/// Extras keys that may hold the id on the harvested remote catalog.
const REMOTE_ID_KEYS: [&str; 3] = ["harvest.remote_id", "remote_id", "guid"];

/// Parses a CKAN JSON document.
pub(super) fn parse(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let document = json::read(bytes, file)?;
    let shape = |detail: &str| json::shape_error(file, Format::CkanJson, detail.to_owned());
    let items = match &document {
        Value::Array(items) => items.as_slice(),
        Value::Object(answer)
            if answer.contains_key("success") || answer.contains_key("result") =>
        {
            if answer.get("success") == Some(&Value::Bool(false)) {
                return Err(ImportError::CkanFailure {
                    file: file.to_owned(),
                    message: error_message(answer.get("error")),
                });
            }
            match answer.get("result") {
                Some(result @ Value::Object(fields)) => match fields.get("results") {
                    Some(Value::Array(items)) => items.as_slice(),
                    Some(other) => {
                        return Err(shape(&format!(
                            "its \"result.results\" field is {}, not a list",
                            json::kind(other)
                        )));
                    }
                    None if fields.contains_key("id") => std::slice::from_ref(result),
                    None => {
                        return Err(shape(
                            "its \"result\" is neither a package_search result (no \"results\" list) nor a package (no \"id\")",
                        ));
                    }
                },
                Some(Value::Array(items)) => items.as_slice(),
                Some(other) => {
                    return Err(shape(&format!(
                        "its \"result\" is {}, not packages",
                        json::kind(other)
                    )));
                }
                None => return Err(shape("it has \"success\" but no \"result\"")),
            }
        }
        Value::Object(package) if package.contains_key("id") && package.contains_key("name") => {
            std::slice::from_ref(&document)
        }
        Value::Object(_) => {
            return Err(shape(
                "it is an object with no \"result\" (not an API answer) and is not a package",
            ));
        }
        other => {
            return Err(shape(&format!(
                "it is {}, not an API answer or a list of packages",
                json::kind(other)
            )));
        }
    };
    Ok(json::collect(items, package))
}

/// The message of a CKAN error object (`{"__type": "Not Found Error", "message": ..}`,
/// or validation errors keyed by field).
fn error_message(error: Option<&Value>) -> String {
    let Some(Value::Object(error)) = error else {
        return match error {
            Some(Value::String(message)) => message.clone(),
            _ => "no error message given".to_owned(),
        };
    };
    let kind = error.get("__type").and_then(Value::as_str);
    let message = match error.get("message").and_then(Value::as_str) {
        Some(message) => message.to_owned(),
        None => error
            .iter()
            .filter(|(key, _)| key.as_str() != "__type")
            .map(|(key, value)| format!("{key}: {value}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    match (kind, message.is_empty()) {
        (Some(kind), true) => kind.to_owned(),
        (Some(kind), false) => format!("{kind}: {message}"),
        (None, true) => "no error message given".to_owned(),
        (None, false) => message,
    }
}

/// Converts one CKAN package.
pub(super) fn package(item: &Object) -> Result<CatalogDataset, String> {
    let id = json::text(item, "id")?;
    let name = json::text(item, "name")?;
    // CKAN shows the name when a package has no title.
    let title = match json::text(item, "title")? {
        Some(title) if !title.trim().is_empty() => Some(title),
        _ => name.clone(),
    };
    let (id, title) = required_id_title(id.as_deref(), title.as_deref())?;
    let slug = slug_or(name.as_deref(), &title);
    let description = json::text(item, "notes")?
        .map(|d| d.into_owned())
        .unwrap_or_default();
    let url = match non_blank(json::text(item, "ckan_url")?.as_deref()) {
        Some(url) => Some(url),
        None => non_blank(json::text(item, "url")?.as_deref()),
    };
    let organization = json::object(item, "organization")?
        .map(organization)
        .transpose()?;
    let license = match non_blank(json::text(item, "license_id")?.as_deref()) {
        Some(license) => Some(license),
        None => non_blank(json::text(item, "license_title")?.as_deref()),
    };
    let extras = extras(json::list(item, "extras")?);
    let extra = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| extras.iter().find(|(k, _)| k == key).map(|(_, v)| *v))
            .and_then(|v| non_blank(Some(v)))
    };
    let frequency = match non_blank(json::text(item, "frequency")?.as_deref()) {
        Some(frequency) => Some(frequency),
        None => extra(&FREQUENCY_KEYS),
    };
    let state = json::text(item, "state")?;
    Ok(CatalogDataset {
        resources: resources(item, &id, ckan_resource)?,
        id,
        title,
        slug,
        description,
        url,
        organization,
        tags: tags(json::list(item, "tags")?)?,
        license,
        frequency,
        created_at: json::date(item, "metadata_created")?,
        last_modified: json::date(item, "metadata_modified")?,
        archived: false,
        archived_at: None,
        deleted: state.is_some_and(|s| s.trim().eq_ignore_ascii_case("deleted")),
        deleted_at: None,
        remote_id: extra(&REMOTE_ID_KEYS),
        acronym: None,
        private: json::optional_flag(item, "private")?,
        featured: false,
        badges: Vec::new(),
        extras: item.contains_key("extras").then(|| {
            extras
                .iter()
                .map(|(key, value)| ((*key).to_owned(), Value::from(*value)))
                .collect()
        }),
        temporal_coverage: None,
        spatial: None,
        last_update: None,
    })
}

/// Converts the `organization` object: `name` is CKAN's slug, `title` its name.
fn organization(org: &Object) -> Result<CatalogOrganization, String> {
    let id = json::text(org, "id")?
        .filter(|id| !id.trim().is_empty())
        .ok_or("field \"organization\": it has no \"id\"")?
        .into_owned();
    let slug = non_blank(json::text(org, "name")?.as_deref());
    let name = non_blank(json::text(org, "title")?.as_deref())
        .or_else(|| slug.clone())
        .unwrap_or_else(|| id.clone());
    let slug = slug.unwrap_or_else(|| slugify(&name));
    let logo = non_blank(json::text(org, "image_url")?.as_deref());
    Ok(CatalogOrganization {
        id,
        name,
        slug,
        logo,
    })
}

/// Converts the `tags` list: objects with a `name` (CKAN) or plain strings.
fn tags(items: &[Value]) -> Result<Vec<String>, String> {
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        let name = match item {
            Value::String(name) => Some(name.as_str()),
            Value::Object(tag) => tag
                .get("name")
                .or_else(|| tag.get("display_name"))
                .and_then(Value::as_str),
            _ => None,
        };
        match name {
            Some(name) => names.push(name),
            None => {
                return Err(format!(
                    "field \"tags\": expected {{\"name\": ..}} objects, found {}",
                    json::kind(item)
                ));
            }
        }
    }
    Ok(normalize_tags(names))
}

/// The `extras` list as `(key, value)` pairs; entries that are not
/// `{"key": string, "value": string}` are skipped.
fn extras(items: &[Value]) -> Vec<(&str, &str)> {
    items
        .iter()
        .filter_map(|extra| {
            let key = extra.get("key")?.as_str()?;
            let value = extra.get("value")?.as_str()?;
            Some((key, value))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{Format, ImportError, parse_bytes};

    const PACKAGE: &str = r#"{
        "id": "3b2a1f0e-8c1d-4f5e-9a7b-6c5d4e3f2a1b",
        "name": "donnees-hospitalieres-covid-19",
        "title": "Données hospitalières COVID-19",
        "notes": "Nombre de patients hospitalisés.",
        "url": "https://example.org/source",
        "state": "active",
        "private": false,
        "license_id": "odc-odbl",
        "license_title": "Open Data Commons Open Database License (ODbL)",
        "metadata_created": "2020-03-18T17:51:38.346123",
        "metadata_modified": "2021-11-01T18:00:00.000001",
        "organization": {"id": "org-1", "name": "sante-publique-france", "title": "Santé publique France", "type": "organization"},
        "tags": [{"id": "t1", "name": "COVID-19", "display_name": "COVID-19"}, {"name": "Hôpital"}, {"name": "covid-19"}],
        "extras": [{"key": "accrualPeriodicity", "value": "daily"}, {"key": "guid", "value": "remote-7"}, {"oops": 1}],
        "resources": [
            {"id": "res-1", "name": "hospitalisations.csv", "description": "Par jour", "format": "CSV",
             "url": "https://example.org/hosp.csv", "size": "2048", "mimetype": "text/csv",
             "created": "2020-03-18T17:51:38.346123", "last_modified": null,
             "metadata_modified": "2021-11-01T18:00:00", "resource_type": null},
            {"id": "res-2", "name": "", "format": "", "url": "https://example.org/api",
             "size": null, "resource_type": "api"}
        ]
    }"#;

    #[test]
    fn search_and_show_answers_give_the_same_package() {
        let search = format!(
            r#"{{"help": "https://demo.ckan.org/api/3/action/help_show?name=package_search",
                "success": true, "result": {{"count": 1, "sort": "score desc", "results": [{PACKAGE}]}}}}"#
        );
        let show = format!(r#"{{"success": true, "result": {PACKAGE}}}"#);
        let list = format!("[{PACKAGE}]");
        let from_search = parse_bytes(search.as_bytes(), Format::CkanJson).unwrap();
        let from_show = parse_bytes(show.as_bytes(), Format::CkanJson).unwrap();
        let from_list = parse_bytes(list.as_bytes(), Format::CkanJson).unwrap();
        assert_eq!(from_search, from_show);
        assert_eq!(from_search, from_list);
        assert!(from_search.rejected.is_empty());
        let d = &from_search.datasets[0];
        assert_eq!(d.id, "3b2a1f0e-8c1d-4f5e-9a7b-6c5d4e3f2a1b");
        assert_eq!(d.slug, "donnees-hospitalieres-covid-19");
        assert_eq!(d.title, "Données hospitalières COVID-19");
        assert_eq!(d.description, "Nombre de patients hospitalisés.");
        assert_eq!(d.url.as_deref(), Some("https://example.org/source"));
        let org = d.organization.as_ref().unwrap();
        assert_eq!(
            (org.id.as_str(), org.name.as_str(), org.slug.as_str()),
            ("org-1", "Santé publique France", "sante-publique-france")
        );
        assert_eq!(d.tags, vec!["covid-19", "hôpital"]);
        assert_eq!(d.license.as_deref(), Some("odc-odbl"));
        assert_eq!(d.frequency.as_deref(), Some("daily"));
        assert_eq!(
            d.created_at.unwrap().to_rfc3339(),
            "2020-03-18T17:51:38.346123+00:00"
        );
        assert_eq!(
            d.last_modified.unwrap().to_rfc3339(),
            "2021-11-01T18:00:00.000001+00:00"
        );
        assert!(!d.deleted && !d.archived);
        assert_eq!(d.remote_id.as_deref(), Some("remote-7"));
        assert_eq!(d.private, Some(false));
        let extras = d.extras.as_ref().unwrap();
        assert_eq!(extras["accrualPeriodicity"], "daily");
        assert_eq!(
            extras.len(),
            2,
            "entries that are not key/value pairs are left out"
        );
        let resources = d.resources.as_ref().unwrap();
        let r = &resources[0];
        assert_eq!(
            (r.id.as_str(), r.title.as_str(), r.description.as_str()),
            ("res-1", "hospitalisations.csv", "Par jour")
        );
        assert_eq!(
            (
                r.format.as_deref(),
                r.filesize,
                r.mime.as_deref(),
                r.kind.as_str()
            ),
            (Some("csv"), Some(2048), Some("text/csv"), "main")
        );
        assert_eq!(
            r.last_modified.unwrap().to_rfc3339(),
            "2021-11-01T18:00:00+00:00",
            "metadata_modified when last_modified is null"
        );
        let api = &resources[1];
        assert_eq!(
            (api.title.as_str(), api.format.as_deref(), api.kind.as_str()),
            ("https://example.org/api", None, "api")
        );
    }

    #[test]
    fn deleted_untitled_and_bad_packages() {
        let json = r#"{"success": true, "result": {"count": 4, "results": [
            {"id": "p1", "name": "no-title", "title": "", "state": "deleted", "organization": null,
             "ckan_url": "https://ckan.example.org/dataset/no-title", "url": "https://example.org"},
            {"id": "p2", "name": "bad-date", "title": "Bad", "metadata_created": "2020-02-30T00:00:00"},
            {"id": "p3", "name": "bad-org", "title": "Bad org", "organization": {"name": "x"}},
            {"id": "", "name": "no-id", "title": "No id"}
        ]}}"#;
        let parsed = parse_bytes(json.as_bytes(), Format::CkanJson).unwrap();
        assert_eq!(parsed.datasets.len(), 1);
        let d = &parsed.datasets[0];
        assert_eq!(
            (d.title.as_str(), d.slug.as_str()),
            ("no-title", "no-title")
        );
        assert!(d.deleted);
        assert_eq!(
            d.url.as_deref(),
            Some("https://ckan.example.org/dataset/no-title")
        );
        let rejected: Vec<_> = parsed.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            rejected,
            [
                "item 2: field \"metadata_created\": \"2020-02-30T00:00:00\" is not a date",
                "item 3: field \"organization\": it has no \"id\"",
                "item 4: the id is missing",
            ]
        );
    }

    #[test]
    fn ckan_failure_and_bad_json_are_errors() {
        let failure = br#"{"help": "...", "success": false,
            "error": {"__type": "Not Found Error", "message": "Not found"}}"#;
        let err = parse_bytes(failure, Format::CkanJson).unwrap_err();
        assert!(matches!(err, ImportError::CkanFailure { .. }));
        assert_eq!(
            err.to_string(),
            "input is a CKAN error answer, not data: Not Found Error: Not found"
        );
        let validation =
            br#"{"success": false, "error": {"__type": "Validation Error", "q": ["bad"]}}"#;
        let err = parse_bytes(validation, Format::CkanJson).unwrap_err();
        assert!(
            err.to_string().ends_with("Validation Error: q: [\"bad\"]"),
            "{err}"
        );

        let err = parse_bytes(b"{\"success\": true, \"result\": [", Format::CkanJson).unwrap_err();
        assert!(matches!(err, ImportError::NotJson { .. }), "{err}");
        let err = parse_bytes(br#"{"success": true, "result": 3}"#, Format::CkanJson).unwrap_err();
        assert!(matches!(err, ImportError::UnexpectedShape { .. }), "{err}");
        let err = parse_bytes(br#"{"data": []}"#, Format::CkanJson).unwrap_err();
        assert!(matches!(err, ImportError::UnexpectedShape { .. }), "{err}");
    }
}
