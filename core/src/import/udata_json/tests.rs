//! The udata JSON reader on saved API pages, lists and single datasets.

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
