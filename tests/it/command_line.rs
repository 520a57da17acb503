use reqwest::{Method, StatusCode};

use crate::app::{TestApp, TestUser};

#[tokio::test]
async fn user_create_prints_an_id_and_a_working_key() {
    let app = TestApp::new().await;
    let output = app.command(&["user", "create", "--email", "Anim@Example.org", "--name", "Animatrice", "--role", "moderator"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let user = TestUser {
        id: printed["id"].as_str().unwrap().into(),
        token: printed["api_token"].as_str().unwrap().into(),
    };
    let (status, me) = app.call(Method::GET, "/api/1/me/", Some(&user), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], user.id.as_str());
    assert_eq!(me["email"], "anim@example.org");
    assert_eq!(me["role"], "moderator");

    let again = app.command(&["user", "create", "--email", "anim@example.org", "--name", "Twice"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad = app.command(&["user", "create", "--email", "not-an-email", "--name", "X"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("email"));
}

#[tokio::test]
async fn bad_configuration_stops_with_code_2_naming_the_key() {
    let app = TestApp::new().await;
    for (key, value) in [
        ("VITRINE_BIND", "not-an-address"),
        ("VITRINE_DATABASE_URL", "mysql://nope"),
        ("VITRINE_SMTP_URL", "http://127.0.0.1:25"),
        ("VITRINE_SECRET_KEY", "short"),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .arg("migrate")
            .env_clear()
            .envs(&app.env)
            .env(key, value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{key}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(key), "{key}: {stderr}");
    }
}
