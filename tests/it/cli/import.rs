//! `vitrine import datasets`: udata CSV and JSON and CKAN JSON catalogs, idempotent, errors by line.

use reqwest::StatusCode;

use crate::support::TestApp;
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
    let (status, _) = app.get("/api/1/datasets/old-roads/").await;
    assert_eq!(status, StatusCode::GONE, "deleted in CKAN");
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
