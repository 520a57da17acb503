//! A client generated from the OpenAPI document works: openapi-python-client (pinned in
//! `tests/clients/requirements.txt`, installed by `scripts/test`, run with
//! `tests/clients/openapi-python-client.yaml`) generates a Python package from
//! `/api/1/openapi.json` without a warning, and `tests/clients/generated_smoke.py` uses it to
//! list reuses, create one with an API key and open a discussion on it.

use std::path::Path;
use std::process::{Command, Output};

use entity::{discussions, reuses};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;
use vitrine::models::users::Role;

use crate::support::TestApp;
use crate::support::app::repo_file;
use crate::support::datasets::dataset;
use crate::support::peers::skip;

/// The Python of the virtualenv with openapi-python-client; `None` ("skipped") outside CI.
fn generator_python() -> Option<String> {
    match std::env::var("VITRINE_TEST_OPENAPI_CLIENT_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            skip("VITRINE_TEST_OPENAPI_CLIENT_PYTHON is not set");
            None
        }
    }
}

/// Runs `python args…` off the runtime (the app answers the script meanwhile), which must
/// succeed; its virtualenv's commands (ruff, for the generator's formatting) come first in `PATH`.
async fn run(python: &str, args: Vec<String>) -> Output {
    let bin = Path::new(python).parent().unwrap().to_owned();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut command = Command::new(python);
    command.args(&args).env("PATH", path);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[tokio::test]
async fn a_python_client_generated_from_the_document_lists_creates_and_discusses() {
    let Some(python) = generator_python() else {
        return;
    };
    let app = TestApp::new().await;
    let admin = app.user("Admin", Role::Admin).await;
    let author = app.user("Author", Role::User).await;
    dataset(&app, &admin, "ds-generated", "Qualité de l'air").await;

    let (status, document) = app.get("/api/1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("openapi.json");
    std::fs::write(&spec, document.to_string()).unwrap();
    let package = dir.path().join("vitrine_client");
    let generated = run(
        &python,
        vec![
            "-m".into(),
            "openapi_python_client".into(),
            "generate".into(),
            "--path".into(),
            spec.display().to_string(),
            "--output-path".into(),
            package.display().to_string(),
            "--meta".into(),
            "none".into(),
            "--config".into(),
            repo_file("tests/clients/openapi-python-client.yaml")
                .display()
                .to_string(),
        ],
    )
    .await;
    let said = String::from_utf8_lossy(&generated.stdout).into_owned()
        + &String::from_utf8_lossy(&generated.stderr);
    assert!(
        !said.contains("Warning"),
        "the generator found something wrong in the document:\n{said}"
    );

    let smoke = run(
        &python,
        vec![
            repo_file("tests/clients/generated_smoke.py")
                .display()
                .to_string(),
            dir.path().display().to_string(),
            format!("{}api/1", app.url),
            author.token.clone(),
            "ds-generated".into(),
        ],
    )
    .await;
    let seen: Value = serde_json::from_slice(&smoke.stdout).unwrap();

    assert_eq!(seen["listed_before"], 0, "{seen}");
    assert_eq!(seen["reuse"]["status"], 201, "{seen}");
    assert_eq!(seen["reuse"]["owner"], author.id.as_str(), "{seen}");
    assert_eq!(seen["reuse"]["organization"], Value::Null, "{seen}");
    assert_eq!(
        seen["reuse"]["datasets"],
        serde_json::json!(["ds-generated"])
    );
    let reuse_id = seen["reuse"]["id"].as_str().unwrap();
    let reuse = reuses::Entity::find_by_id(reuse_id)
        .one(app.db())
        .await
        .unwrap()
        .expect("the reuse the client created is stored");
    assert_eq!(reuse.title, "Made by a generated client");
    assert_eq!(reuse.owner_id.as_deref(), Some(author.id.as_str()));
    assert_eq!(seen["listed_by_tag"], serde_json::json!([reuse_id]));

    assert_eq!(seen["discussion"]["status"], 201, "{seen}");
    assert_eq!(seen["discussion"]["author"], author.id.as_str(), "{seen}");
    let discussion_id = seen["discussion"]["id"].as_str().unwrap();
    let discussion = discussions::Entity::find_by_id(discussion_id)
        .one(app.db())
        .await
        .unwrap()
        .expect("the discussion the client opened is stored");
    assert_eq!(
        (
            discussion.subject_class.as_str(),
            discussion.subject_id.as_str()
        ),
        ("Reuse", reuse_id)
    );
    assert_eq!(discussion.user_id, author.id);
    assert_eq!(discussion.title, "Asked through the generated client");
}
