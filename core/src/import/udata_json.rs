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
fn dataset(item: &Object) -> Result<CatalogDataset, String> {
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
    Ok(CatalogOrganization { id, name, slug })
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
mod tests {
    use super::super::{Format, ImportError, parse_bytes};

    const ITEM: &str = r#"{
        "id": "5e7e104ace2080d9162b61d8",
        "title": "Données hospitalières relatives à l'épidémie de COVID-19",
        "slug": "donnees-hospitalieres-relatives-a-lepidemie-de-covid-19",
        "description": "Les données…",
        "page": "https://www.data.gouv.fr/fr/datasets/donnees-hospitalieres-relatives-a-lepidemie-de-covid-19/",
        "uri": "https://www.data.gouv.fr/api/1/datasets/donnees-hospitalieres-relatives-a-lepidemie-de-covid-19/",
        "organization": {"id": "5e7e1047634f4149c8e1b3a8", "name": "Santé publique France", "slug": "sante-publique-france", "logo": null},
        "owner": null,
        "tags": ["COVID19", "covid-19", " hopital ", "", "covid19"],
        "license": "lov2",
        "frequency": "daily",
        "created_at": "2020-03-18T17:51:38.346000",
        "last_modified": "2024-04-11T07:49:07.215000+00:00",
        "archived": null,
        "deleted": null,
        "harvest": {"remote_id": "remote-42"},
        "resources": []
    }"#;

    #[test]
    fn api_page_and_plain_array_give_the_same_datasets() {
        let page = format!(r#"{{"data": [{ITEM}], "page": 1, "page_size": 20, "total": 1}}"#);
        let array = format!("[{ITEM}]");
        let from_page = parse_bytes(page.as_bytes(), Format::UdataJson).unwrap();
        let from_array = parse_bytes(array.as_bytes(), Format::UdataJson).unwrap();
        let single = parse_bytes(ITEM.as_bytes(), Format::UdataJson).unwrap();
        assert_eq!(from_page, from_array);
        assert_eq!(from_page, single);
        assert!(from_page.rejected.is_empty());
        let d = &from_page.datasets[0];
        assert_eq!(d.id, "5e7e104ace2080d9162b61d8");
        assert_eq!(
            d.url.as_deref(),
            Some(
                "https://www.data.gouv.fr/fr/datasets/donnees-hospitalieres-relatives-a-lepidemie-de-covid-19/"
            )
        );
        let org = d.organization.as_ref().unwrap();
        assert_eq!(org.name, "Santé publique France");
        assert_eq!(org.slug, "sante-publique-france");
        assert_eq!(d.tags, vec!["covid-19", "covid19", "hopital"]);
        assert_eq!(d.license.as_deref(), Some("lov2"));
        assert_eq!(d.frequency.as_deref(), Some("daily"));
        assert_eq!(
            d.created_at.unwrap().to_rfc3339(),
            "2020-03-18T17:51:38.346+00:00"
        );
        assert_eq!(
            d.last_modified.unwrap().to_rfc3339(),
            "2024-04-11T07:49:07.215+00:00"
        );
        assert!(!d.archived && !d.deleted);
        assert_eq!(d.remote_id.as_deref(), Some("remote-42"));
    }

    #[test]
    fn bad_items_are_rejected_with_their_index() {
        let json = r#"{"data": [
            {"id": "a", "title": "Good", "organization": null, "archived": "2022-01-01T00:00:00"},
            {"id": "b", "title": "  "},
            "not a dataset",
            {"id": "d", "title": "Bad date", "created_at": "2020-13-45"},
            {"id": "e", "title": "Bad tags", "tags": [1]},
            {"title": "No id"},
            {"id": "g", "title": "Org without a slug", "slug": "", "deleted": "2023-02-02",
             "organization": {"id": "o1", "name": "Ville de Besançon"}}
        ]}"#;
        let parsed = parse_bytes(json.as_bytes(), Format::UdataJson).unwrap();
        let ids: Vec<_> = parsed.datasets.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "g"]);
        assert!(parsed.datasets[0].archived);
        assert!(parsed.datasets[0].organization.is_none());
        let g = &parsed.datasets[1];
        assert!(g.deleted && !g.archived);
        assert_eq!(g.slug, "org-without-a-slug");
        assert_eq!(g.organization.as_ref().unwrap().slug, "ville-de-besancon");
        let rejected: Vec<_> = parsed.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            rejected,
            [
                "item 2: the title is missing",
                "item 3: expected a dataset object, found a string",
                "item 4: field \"created_at\": \"2020-13-45\" is not a date",
                "item 5: field \"tags\": expected strings, found a number",
                "item 6: the id is missing",
            ]
        );
        assert_eq!(parsed.rejected[0].line, 2);
    }

    #[test]
    fn the_fuller_shape_and_resources_are_kept() {
        let json = r#"[{
            "id": "d1", "title": "Bornes", "acronym": "IRVE", "private": true, "featured": true,
            "badges": [{"kind": "pivotal-data"}, "spd"],
            "extras": {"custom": 1},
            "archived": "2024-02-01T10:00:00+00:00", "deleted": null,
            "temporal_coverage": {"start": "2020-01-01", "end": "2020-12-31T00:00:00"},
            "spatial": {"zones": ["fr:departement:69", {"id": "fr:commune:69123"}],
                        "granularity": {"id": "fr:commune", "name": "Commune"}, "geom": null},
            "last_update": "2024-01-31T00:00:00",
            "resources": [
                {"id": "r1", "title": "Bornes.csv", "description": "Le fichier", "type": "main",
                 "format": "CSV", "url": "https://example.org/bornes.csv", "filesize": 1234,
                 "mime": "text/csv", "created_at": "2020-01-02T00:00:00",
                 "last_modified": "2024-01-31T00:00:00", "extras": {"check:available": true}},
                {"title": "", "type": "weird", "url": "https://example.org/doc"}
            ]
        }, {"id": "d2", "title": "Sans ressources"}]"#;
        let parsed = parse_bytes(json.as_bytes(), Format::UdataJson).unwrap();
        assert_eq!(parsed.rejected, []);
        let d = &parsed.datasets[0];
        assert_eq!(d.acronym.as_deref(), Some("IRVE"));
        assert_eq!((d.private, d.featured), (Some(true), true));
        assert_eq!(d.badges, ["pivotal-data", "spd"]);
        assert_eq!(d.extras.as_ref().unwrap()["custom"], 1);
        assert!(d.archived && !d.deleted);
        assert_eq!(
            d.archived_at.unwrap().to_rfc3339(),
            "2024-02-01T10:00:00+00:00"
        );
        let coverage = d.temporal_coverage.as_ref().unwrap();
        assert_eq!(
            (
                coverage.start.unwrap().to_string(),
                coverage.end.unwrap().to_string()
            ),
            ("2020-01-01".to_owned(), "2020-12-31".to_owned())
        );
        let spatial = d.spatial.as_ref().unwrap();
        assert_eq!(spatial.zones, ["fr:departement:69", "fr:commune:69123"]);
        assert_eq!(spatial.granularity.as_deref(), Some("fr:commune"));
        assert_eq!(spatial.geom, None);
        assert!(d.last_update.is_some());
        let resources = d.resources.as_ref().unwrap();
        let r1 = &resources[0];
        assert_eq!(
            (r1.id.as_str(), r1.title.as_str(), r1.kind.as_str()),
            ("r1", "Bornes.csv", "main")
        );
        assert_eq!(r1.format.as_deref(), Some("csv"));
        assert_eq!(
            (r1.filesize, r1.mime.as_deref()),
            (Some(1234), Some("text/csv"))
        );
        assert_eq!(r1.extras["check:available"], true);
        let r2 = &resources[1];
        assert_eq!(
            r2.id, "d1-2",
            "an id made from the dataset's and the position"
        );
        assert_eq!(r2.title, "https://example.org/doc", "the URL when untitled");
        assert_eq!(r2.kind, "other");
        let d2 = &parsed.datasets[1];
        assert_eq!(d2.resources, None, "no resources key: the stored ones stay");
        assert_eq!((d2.private, d2.extras.as_ref()), (None, None));
    }

    #[test]
    fn a_resource_without_url_or_a_taken_resource_id_rejects_the_item() {
        let json = r#"[
            {"id": "a", "title": "A", "resources": [{"id": "r", "url": "https://x.org/r"}]},
            {"id": "b", "title": "B", "resources": [{"id": "s", "title": "No URL"}]},
            {"id": "c", "title": "C", "resources": [{"id": "r", "url": "https://x.org/r"}]},
            {"id": "d", "title": "D", "resources": [
                {"id": "t", "url": "https://x.org/t"}, {"id": "t", "url": "https://x.org/t"}]},
            {"id": "e", "title": "E", "resources": [{"id": "t", "url": "https://x.org/t"}]}
        ]"#;
        let parsed = parse_bytes(json.as_bytes(), Format::UdataJson).unwrap();
        let ids: Vec<_> = parsed.datasets.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "e"]);
        let rejected: Vec<_> = parsed.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            rejected,
            [
                "item 2: resource 1: it has no \"url\"",
                "item 3: resource id \"r\" was already seen at item 1",
                "item 4: resource id \"t\" is listed twice",
            ]
        );
    }

    #[test]
    fn invalid_json_and_wrong_shapes_are_errors() {
        let err = parse_bytes(b"{\"data\": [\n  {\"id\": }\n]}", Format::UdataJson).unwrap_err();
        assert!(matches!(err, ImportError::NotJson { .. }));
        let message = err.to_string();
        assert!(
            message.starts_with("input is not valid JSON: "),
            "{message}"
        );
        assert!(message.contains("line 2 column 10"), "{message}");

        let err = parse_bytes(br#"{"total": 0}"#, Format::UdataJson).unwrap_err();
        assert!(matches!(err, ImportError::UnexpectedShape { .. }), "{err}");
        let err = parse_bytes(br#"{"data": {}}"#, Format::UdataJson).unwrap_err();
        assert_eq!(
            err.to_string(),
            "input does not look like a udata JSON list of datasets: its \"data\" field is an object, not a list"
        );
        let err = parse_bytes(b"42", Format::UdataJson).unwrap_err();
        assert!(matches!(err, ImportError::UnexpectedShape { .. }), "{err}");
    }
}
