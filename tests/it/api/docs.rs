//! What the API says of itself: its health, its OpenAPI document and Swagger UI.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::TestApp;

#[tokio::test]
async fn health_reports_database_and_cache() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "up");
    let expected_cache = if app.state.config.redis_url.is_some() {
        "up"
    } else {
        "in-process"
    };
    assert_eq!(body["cache"], expected_cache);
}

#[tokio::test]
async fn openapi_document_and_swagger_ui_are_served() {
    let app = TestApp::new().await;
    let (status, spec) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.0.0");
    for path in [
        "/datasets/{id}",
        "/organizations/{id}/member/{user_id}",
        "/me/api_tokens",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(spec["components"]["schemas"].get("ErrorBody").is_some());
    let docs = app
        .request(reqwest::Method::GET, "/api/1/docs")
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

/// The API as clients see it: any change to a path, parameter, schema or status shows in review
/// as a change of `snapshots/it__api__docs__openapi.snap` (accept one with
/// `INSTA_UPDATE=always cargo test --test it openapi`, then read the diff).
#[tokio::test]
async fn the_openapi_document_changes_only_in_review() {
    let app = TestApp::new().await;
    let (status, mut spec) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    // Where this test's app happens to listen is no part of the API.
    if let Some(document) = spec.as_object_mut() {
        document.remove("servers");
    }
    assert!(
        !spec.to_string().contains(app.url.trim_end_matches('/')),
        "the document names the test's own address"
    );
    insta::assert_json_snapshot!("openapi", spec);
}

/// What client generators need of the document: an `operationId` on every operation, each its
/// own, and one tag naming its resource; the `apikey` scheme declared; and no filter that may be
/// left out marked required (a generated client could not list reuses without a tag).
#[tokio::test]
async fn every_operation_has_an_id_a_tag_and_optional_filters() {
    let app = TestApp::new().await;
    let (status, spec) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let scheme = &spec["components"]["securitySchemes"]["apikey"];
    assert_eq!(
        (&scheme["type"], &scheme["in"], &scheme["name"]),
        (&json!("apiKey"), &json!("header"), &json!("X-API-KEY"))
    );
    let tags: BTreeSet<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|tag| tag["name"].as_str())
        .collect();
    let mut ids = BTreeSet::new();
    for (name, operation) in operations(&spec) {
        let id = operation["operationId"].as_str();
        let id = id.unwrap_or_else(|| panic!("{name} has no operationId"));
        assert!(ids.insert(id), "{name}: operationId {id} is used twice");
        match operation["tags"].as_array().map(Vec::as_slice) {
            Some([tag]) => assert!(tags.contains(tag.as_str().unwrap()), "{name}: {tag}"),
            other => panic!("{name} has tags {other:?}, not one"),
        }
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] == "query" && parameter["schema"]["type"] == "array" {
                assert_ne!(
                    parameter["required"], true,
                    "{name}: the repeatable filter {} is required",
                    parameter["name"]
                );
            }
        }
    }
    for (name, filter) in [
        ("GET /reuses", "tag"),
        ("GET /datasets", "tag"),
        ("GET /discussions", "for"),
    ] {
        let operation = operations(&spec)
            .find(|(operation, _)| *operation == name)
            .unwrap()
            .1;
        let parameter = operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == filter)
            .unwrap();
        assert_eq!(parameter["required"], false, "{name} {filter}");
    }
}

/// A generator maps a nullable or described reference to the referenced model only when it
/// stands alone: `{"allOf": [{"$ref": …}], "nullable": true}`, not beside a schema of its own.
#[tokio::test]
async fn references_stand_alone_for_client_generators() {
    let app = TestApp::new().await;
    let (_, spec) = app.get("/api/1/openapi.json").await;
    let reuse = spec["paths"]["/reuses/{id}"]["get"]["responses"]["200"]["content"]
        ["application/json; charset=utf-8"]["schema"]["$ref"]
        .as_str()
        .unwrap()
        .trim_start_matches("#/components/schemas/");
    let organization = &spec["components"]["schemas"][reuse]["properties"]["organization"];
    assert_eq!(organization["nullable"], true, "{organization}");
    assert_eq!(
        organization["allOf"],
        json!([{"$ref": "#/components/schemas/OrganizationRef"}])
    );
    let mut compositions = Vec::new();
    collect_all_of(&spec, &mut compositions);
    for all_of in compositions {
        let alone = match all_of.as_array().map(Vec::as_slice) {
            Some([reference]) => reference.get("$ref").is_some(),
            _ => false,
        };
        assert!(alone, "a reference beside a schema of its own: {all_of}");
    }
}

/// The document lists the API key on every operation that reads the caller: required where an
/// anonymous caller is refused, optional (`{}` besides it) where one is answered. Checked here
/// for reads, called anonymously; the authorization matrix checks writes.
#[tokio::test]
async fn reads_list_the_api_key_as_anonymous_callers_find_it() {
    let app = TestApp::new().await;
    let (_, spec) = app.get("/api/1/openapi.json").await;
    let required = json!([{"apikey": []}]);
    let optional = json!([{"apikey": []}, {}]);
    let mut reads = 0;
    for (name, operation) in operations(&spec) {
        let Some(path) = name.strip_prefix("GET ") else {
            continue;
        };
        reads += 1;
        // Any id: a read that needs someone refuses before it looks anything up.
        let path = path
            .split('/')
            .map(|part| if part.starts_with('{') { "x" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let (status, body) = app
            .call(Method::GET, &format!("/api/1{path}/"), None, None)
            .await;
        let security = &operation["security"];
        if status == StatusCode::UNAUTHORIZED {
            assert_eq!(security, &required, "{name} refuses anonymous callers");
        } else {
            assert_ne!(
                security, &required,
                "{name} answered anonymously: {status} {body}"
            );
            assert!(
                security.is_null() || security == &optional,
                "{name}: security {security}"
            );
        }
    }
    assert!(reads > 20, "{reads} reads");
    for name in ["GET /reuses", "GET /reuses/{id}", "GET /discussions"] {
        let operation = operations(&spec).find(|(operation, _)| *operation == name);
        assert_eq!(operation.unwrap().1["security"], optional, "{name}");
    }
}

/// The same of CKAN's document: any change to an action, its parameters, schemas or statuses
/// shows in review as a change of `snapshots/it__api__docs__ckan_openapi.snap`.
#[tokio::test]
async fn the_ckan_openapi_document_changes_only_in_review() {
    let app = TestApp::new().await;
    let (status, mut spec) = app.get("/api/3/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    if let Some(document) = spec.as_object_mut() {
        document.remove("servers");
    }
    assert!(
        !spec.to_string().contains(app.url.trim_end_matches('/')),
        "the document names the test's own address"
    );
    insta::assert_json_snapshot!("ckan_openapi", spec);
}

/// CKAN's Action API has a document of its own: served under `/api/3` (its server), each
/// operation named by its action (`POST /action/{name}`, `operationId` the name), answering
/// 200 and CKAN's failures (403 not allowed, 404 not found, 409 invalid input), the key in
/// `Authorization` (`ckan_api_key`): required by writes, optional for reads.
#[tokio::test]
async fn the_ckan_document_names_each_action_and_its_failures() {
    let app = TestApp::new().await;
    let (status, spec) = app.get("/api/3/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.0.0");
    let server = spec["servers"][0]["url"].as_str().unwrap();
    assert!(server.ends_with("/api/3"), "server {server}");
    let scheme = &spec["components"]["securitySchemes"]["ckan_api_key"];
    assert_eq!(
        (&scheme["type"], &scheme["in"], &scheme["name"]),
        (&json!("apiKey"), &json!("header"), &json!("Authorization"))
    );
    let mut ids = BTreeSet::new();
    let mut writes = 0;
    for (name, operation) in operations(&spec) {
        let (method, path) = name.split_once(' ').unwrap();
        let id = operation["operationId"].as_str();
        let id = id.unwrap_or_else(|| panic!("{name} has no operationId"));
        assert_eq!(path, format!("/action/{id}"), "{name}: operationId {id}");
        assert!(ids.insert(id), "{name}: operationId {id} is used twice");
        for status in ["200", "403", "404", "409"] {
            assert!(
                operation["responses"].get(status).is_some(),
                "{name} does not document {status}"
            );
        }
        let security = &operation["security"];
        match method {
            "POST" => {
                writes += 1;
                assert_eq!(security, &json!([{"ckan_api_key": []}]), "{name}");
            }
            "GET" if id == "ckanext_showcase_admin_list" => {
                assert_eq!(security, &json!([{"ckan_api_key": []}]), "{name}");
            }
            "GET" => assert_eq!(security, &json!([{"ckan_api_key": []}, {}]), "{name}"),
            _ => panic!("{name}: actions are read by GET and written by POST"),
        }
    }
    for action in [
        "ckanext_showcase_list",
        "ckanext_showcase_show",
        "ckanext_showcase_create",
        "ckanext_showcase_update",
        "ckanext_showcase_delete",
        "ckanext_showcase_package_association_create",
        "ckanext_showcase_package_association_delete",
        "ckanext_showcase_admin_add",
        "ckanext_showcase_admin_remove",
        "package_show",
        "package_search",
        "status_show",
    ] {
        assert!(ids.contains(action), "{action} missing from the document");
    }
    assert_eq!(writes, 7, "{ids:?}");
}

/// CKAN's Swagger UI is served at `/api/3/docs` under a policy that lets its own inline scripts
/// run, by their hashes, and no other inline script.
#[tokio::test]
async fn the_ckan_swagger_ui_runs_under_the_content_security_policy() {
    let app = TestApp::new().await;
    let docs = app
        .request(Method::GET, "/api/3/docs")
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let policy = docs.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger"), "not the Swagger UI");
    // The UI carries its document, in one of the scripts hashed below.
    assert!(
        html.contains("ckanext_showcase_create"),
        "not CKAN's document"
    );
    let scripts = crate::support::web::inline_scripts_allowed(&html, &policy);
    assert!(scripts > 0, "no inline script in /api/3/docs");
}

/// Each operation of the document as `METHOD /path`, with its object.
fn operations(spec: &Value) -> impl Iterator<Item = (String, &Value)> {
    spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .iter()
                .map(move |(method, operation)| {
                    (format!("{} {path}", method.to_uppercase()), operation)
                })
        })
}

/// Every `allOf` of `schema`, however deep.
fn collect_all_of<'a>(schema: &'a Value, found: &mut Vec<&'a Value>) {
    match schema {
        Value::Object(object) => {
            found.extend(object.get("allOf"));
            object
                .values()
                .for_each(|value| collect_all_of(value, found));
        }
        Value::Array(items) => items.iter().for_each(|item| collect_all_of(item, found)),
        _ => {}
    }
}
