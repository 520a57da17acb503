//! `vitrine import datasets`: udata CSV and JSON and CKAN JSON catalogs, idempotent, errors by line.

use reqwest::StatusCode;
use serde_json::json;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::api::create;
use crate::support::app::repo_file;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_sample_udata_csv_imports_once_and_twice_changes_nothing() {
    let app = TestApp::new().await;
    let file = repo_file("demo/catalog-sample.udata.csv");
    let first = app.command(&[
        "import",
        "datasets",
        file.to_str().unwrap(),
        "--format",
        "udata-csv",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).starts_with("created 18, updated 0, skipped 0, rejected 0"),
        "{}",
        stdout(&first)
    );
    let (_, list) = app.get("/api/1/datasets/?page_size=100").await;
    assert_eq!(list["total"], 18);
    let (status, dataset) = app.get("/api/1/datasets/42804b1b55038d46830fe1b1/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dataset["organization"]["name"], "Santé publique France");
    assert_eq!(dataset["organization"]["id"], "83920052c63b2be3dbfb4889");
    assert!(
        dataset["tags"]
            .as_array()
            .unwrap()
            .contains(&"covid".into())
    );
    assert_eq!(dataset["resources"], json!([]), "the export lists none");
    assert!(dataset["archived"].is_null());
    assert_eq!(
        dataset["temporal_coverage"],
        json!({"start": "2020-03-18", "end": null})
    );
    assert_eq!(dataset["spatial"]["zones"], json!(["France"]));
    assert_eq!(dataset["spatial"]["granularity"], "fr:departement");
    assert!(dataset["quality"]["score"].is_number());
    let (_, orgs) = app.get("/api/1/organizations/").await;
    let org_count = orgs["total"].as_u64().unwrap();
    assert!(
        org_count >= 3,
        "organizations created from the file: {orgs}"
    );

    let second = app.command(&["import", "datasets", file.to_str().unwrap()]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second)
            .starts_with("created 0, updated 0, skipped 18, rejected 0, organizations created 0"),
        "{}",
        stdout(&second)
    );
    let (_, orgs) = app.get("/api/1/organizations/").await;
    assert_eq!(orgs["total"].as_u64().unwrap(), org_count);
}

#[tokio::test]
async fn a_changed_row_is_updated_and_a_malformed_row_is_reported_by_line() {
    let app = TestApp::new().await;
    let sample = std::fs::read_to_string(repo_file("demo/catalog-sample.udata.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.csv");
    std::fs::write(&file, &sample).unwrap();
    assert!(
        app.command(&["import", "datasets", file.to_str().unwrap()])
            .status
            .success()
    );

    // Rename one dataset and add a row whose date is impossible.
    let renamed = sample.replacen(
        "\"Données hospitalières relatives à l'épidémie de COVID-19\";",
        "\"Données hospitalières (révisées)\";",
        1,
    );
    let header = sample.lines().next().unwrap();
    let columns = header.split(';').count();
    let mut broken: Vec<String> = vec!["\"\"".into(); columns];
    broken[0] = "\"badrow00000000000000001\"".into();
    broken[1] = "\"Ligne cassée\"".into();
    let created_at = header
        .split(';')
        .position(|c| c == "\"created_at\"")
        .unwrap();
    broken[created_at] = "\"2020-13-45\"".into();
    let content = format!("{}\n{}\n", renamed.trim_end(), broken.join(";"));
    let broken_line = content.lines().count();
    std::fs::write(&file, &content).unwrap();

    let output = app.command(&["import", "datasets", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("created 0, updated 1, skipped 17, rejected 1"),
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains(&format!("line {broken_line}")),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("2020-13-45"),
        "{}",
        stderr(&output)
    );
    let (_, dataset) = app.get("/api/1/datasets/42804b1b55038d46830fe1b1/").await;
    assert_eq!(dataset["title"], "Données hospitalières (révisées)");
    let (status, _) = app.get("/api/1/datasets/badrow00000000000000001/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn udata_json_and_ckan_json_exports_import() {
    let app = TestApp::new().await;
    let udata = repo_file("tests/fixtures/udata-datasets-page.json");
    let output = app.command(&[
        "import",
        "datasets",
        udata.to_str().unwrap(),
        "--format",
        "udata-json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("created 1,"),
        "{}",
        stdout(&output)
    );
    let (_, dataset) = app.get("/api/1/datasets/5e7e104ace2080d9162b61d8/").await;
    assert_eq!(dataset["organization"]["slug"], "sante-publique-france");
    assert_eq!(dataset["tags"], serde_json::json!(["covid19", "urgences"]));

    let ckan = repo_file("tests/fixtures/ckan-package-search.json");
    let output = app.command(&[
        "import",
        "datasets",
        ckan.to_str().unwrap(),
        "--format",
        "ckan-json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("created 2,"),
        "{}",
        stdout(&output)
    );
    let (status, bikes) = app.get("/api/1/datasets/bike-counters/").await;
    assert_eq!(status, StatusCode::OK, "{bikes}");
    assert_eq!(bikes["organization"]["name"], "City of Example");
    assert_eq!(bikes["tags"], serde_json::json!(["bike", "mobility"]));
    assert_eq!(bikes["frequency"], "daily");
    assert_eq!(bikes["extras"], serde_json::json!({"frequency": "daily"}));
    assert_eq!(bikes["private"], false);
    assert_eq!(
        bikes["resources"],
        serde_json::json!([
            {"id": "6f0c2d1e-res-0001", "title": "counts.csv",
             "description": "Hourly counts, one file a year.", "type": "main", "format": "csv",
             "url": "https://data.example.org/bike/counts.csv", "filesize": 52000,
             "mime": "text/csv", "created_at": "2022-03-01T10:05:00+00:00",
             "last_modified": "2023-05-02T11:00:00+00:00", "extras": {}, "filetype": "remote",
             "checksum": null, "schema": null, "harvest": null, "preview_url": null,
             "internal": {"created_at_internal": "2022-03-01T10:05:00+00:00",
                          "last_modified_internal": "2023-05-02T11:00:00+00:00"}},
            {"id": "6f0c2d1e-res-0002", "title": "Counters API", "description": "",
             "type": "api", "format": null, "url": "https://data.example.org/bike/api",
             "filesize": null, "mime": null, "created_at": "2022-03-01T10:06:00+00:00",
             "last_modified": "2022-03-02T00:00:00+00:00", "extras": {}, "filetype": "remote",
             "checksum": null, "schema": null, "harvest": null, "preview_url": null,
             "internal": {"created_at_internal": "2022-03-01T10:06:00+00:00",
                          "last_modified_internal": "2022-03-02T00:00:00+00:00"}}
        ])
    );
    assert_eq!(bikes["quality"]["has_open_format"], true);
    let (status, _) = app.get("/api/1/datasets/old-roads/").await;
    assert_eq!(status, StatusCode::GONE, "deleted in CKAN");

    for (file, format, count) in [(&udata, "udata-json", 1), (&ckan, "ckan-json", 2)] {
        let again = app.command(&[
            "import",
            "datasets",
            file.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert!(
            stdout(&again).starts_with(&format!("created 0, updated 0, skipped {count},")),
            "{format}: {}",
            stdout(&again)
        );
    }
}

/// Imports `file` as `format` into `app`, which must succeed; returns what it printed.
fn import(app: &TestApp, file: &std::path::Path, format: &str) -> String {
    let output = app.command(&[
        "import",
        "datasets",
        file.to_str().unwrap(),
        "--format",
        format,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[tokio::test]
async fn a_vitrine_page_imported_as_udata_json_gives_the_same_datasets() {
    let source = TestApp::new().await;
    let admin = source.user("Admin", Role::Admin).await;
    let org = create(
        &source,
        &admin,
        "/api/1/organizations/",
        json!({"name": "Mobilités"}),
    )
    .await;
    create(
        &source,
        &admin,
        "/api/1/datasets/",
        json!({
            "id": "irve", "title": "Bornes de recharge", "acronym": "IRVE",
            "organization": org["id"], "license": "lov2", "frequency": "monthly",
            "tags": ["irve"], "badges": [{"kind": "pivotal-data"}], "featured": true,
            "extras": {"source": "consolidation"},
            "temporal_coverage": {"start": "2020-01-01", "end": null},
            "spatial": {"zones": ["country:fr"], "granularity": "country"},
            "archived": "2024-03-01T12:00:00Z",
            "resources": [
                {"id": "r-csv", "title": "irve.csv", "format": "csv", "filesize": 10,
                 "url": "https://example.org/irve.csv", "extras": {"check:available": false}},
                {"id": "r-doc", "title": "Schéma", "type": "documentation",
                 "description": "Les colonnes", "url": "https://example.org/schema"}
            ]
        }),
    )
    .await;
    create(
        &source,
        &admin,
        "/api/1/datasets/",
        json!({"id": "bare", "title": "Nu"}),
    )
    .await;
    let (_, page) = source.get("/api/1/datasets/?page_size=100").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.json");
    std::fs::write(&file, page.to_string()).unwrap();

    let mirror = TestApp::new().await;
    let printed = import(&mirror, &file, "udata-json");
    assert!(
        printed.starts_with("created 2, updated 0, skipped 0, rejected 0"),
        "{printed}"
    );
    for id in ["irve", "bare"] {
        let (_, original) = source.get(&format!("/api/1/datasets/{id}/")).await;
        let (status, copy) = mirror.get(&format!("/api/1/datasets/{id}/")).await;
        assert_eq!(status, StatusCode::OK, "{copy}");
        for field in [
            "title",
            "acronym",
            "slug",
            "description",
            "tags",
            "badges",
            "resources",
            "license",
            "frequency",
            "temporal_coverage",
            "spatial",
            "private",
            "featured",
            "extras",
            "created_at",
            "last_modified",
            "last_update",
            "archived",
            "deleted",
            "quality",
        ] {
            assert_eq!(copy[field], original[field], "{id}: {field}");
        }
        assert_eq!(
            copy["organization"]["id"], original["organization"]["id"],
            "{id}: organization"
        );
    }
    let (_, irve) = mirror.get("/api/1/datasets/irve/").await;
    assert_eq!(irve["resources"].as_array().unwrap().len(), 2);
    assert_eq!(irve["quality"]["all_resources_available"], false);
    let (_, bare) = mirror.get("/api/1/datasets/bare/").await;
    assert_eq!(bare["resources"], json!([]));

    let printed = import(&mirror, &file, "udata-json");
    assert!(
        printed.starts_with("created 0, updated 0, skipped 2,"),
        "{printed}"
    );

    // The CSV export lists no resources: importing it keeps those stored.
    let csv = dir.path().join("catalog.csv");
    std::fs::write(
        &csv,
        "id;title;acronym;featured;badges;archived;temporal_coverage.start;temporal_coverage.end;spatial.granularity;spatial.zones\n\
         irve;Bornes de recharge (CSV);IRVE;False;;2024-04-01T00:00:00;2021-01-01;2021-12-31;fr:region;Auvergne-Rhône-Alpes\n",
    )
    .unwrap();
    let printed = import(&mirror, &csv, "udata-csv");
    assert!(
        printed.starts_with("created 0, updated 1, skipped 0,"),
        "{printed}"
    );
    let (_, from_csv) = mirror.get("/api/1/datasets/irve/").await;
    assert_eq!(from_csv["title"], "Bornes de recharge (CSV)");
    assert_eq!(from_csv["resources"], irve["resources"]);
    assert_eq!(from_csv["extras"], irve["extras"], "the CSV has no extras");
    assert_eq!(from_csv["archived"], "2024-04-01T00:00:00+00:00");
    assert_eq!(from_csv["featured"], false);
    assert_eq!(from_csv["badges"], json!([]));
    assert_eq!(
        from_csv["temporal_coverage"],
        json!({"start": "2021-01-01", "end": "2021-12-31"})
    );
    assert_eq!(
        from_csv["spatial"],
        json!({"zones": ["Auvergne-Rhône-Alpes"], "granularity": "fr:region", "geom": null})
    );
    let printed = import(&mirror, &csv, "udata-csv");
    assert!(
        printed.starts_with("created 0, updated 0, skipped 1,"),
        "{printed}"
    );
}

#[tokio::test]
async fn an_unreadable_file_fails_clearly_and_writes_nothing() {
    let app = TestApp::new().await;
    let output = app.command(&["import", "datasets", "/no/such/file.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/no/such/file.csv"),
        "{}",
        stderr(&output)
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\"data\": [ {\"id\": \"x\", ").unwrap();
    let output = app.command(&[
        "import",
        "datasets",
        file.to_str().unwrap(),
        "--format",
        "udata-json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.json"),
        "{}",
        stderr(&output)
    );
    let (_, list) = app.get("/api/1/datasets/").await;
    assert_eq!(list["total"], 0);
    let (_, orgs) = app.get("/api/1/organizations/").await;
    assert_eq!(orgs["total"], 0);
}
