//! The `vitrine` command: `user create`, a bad configuration, `serve` and its graceful stop.

use reqwest::{Method, StatusCode};

use crate::support::{TestApp, TestUser};

#[tokio::test]
async fn user_create_prints_an_id_and_a_working_key() {
    let app = TestApp::new().await;
    let output = app.command(&[
        "user",
        "create",
        "--email",
        "Anim@Example.org",
        "--name",
        "Animatrice",
        "--role",
        "moderator",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let user = TestUser {
        id: printed["id"].as_str().unwrap().into(),
        token: printed["api_token"].as_str().unwrap().into(),
        ..TestUser::default()
    };
    let (status, me) = app.call(Method::GET, "/api/1/me/", Some(&user), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], user.id.as_str());
    assert_eq!(me["email"], "anim@example.org");
    assert_eq!(me["role"], "moderator");

    let again = app.command(&[
        "user",
        "create",
        "--email",
        "anim@example.org",
        "--name",
        "Twice",
    ]);
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

#[tokio::test]
async fn serve_migrates_answers_and_stops_gracefully_on_sigterm() {
    let app = TestApp::new().await;
    let (mut server, base) = app.spawn_server("serve", &[], false);
    let health = format!("{base}healthz");
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "vitrine serve did not answer /healthz");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
}
