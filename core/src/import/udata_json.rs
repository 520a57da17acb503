//! udata JSON: a saved page of `/api/1/datasets/` (`{"data": [...], "page": 1, ...}`),
//! a plain list of dataset objects, or a single dataset object.

use serde_json::Value;

use super::json::{self, Object};
use super::{
    CatalogDataset, CatalogOrganization, Format, ImportError, Parsed, non_blank, normalize_tags,
    required_id_title, slug_or,
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
    Ok(CatalogDataset {
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
        archived: json::flag(item, "archived")?,
        deleted: json::flag(item, "deleted")?,
        remote_id,
    })
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
