//! The catalogs the tests are set in: the organization world of the API's tests, and the one
//! dataset of the browser's journeys.

use chrono::Timelike;
use reqwest::{Method, StatusCode};
use serde_json::json;
use vitrine::models::users::Role;

use super::app::{TestApp, TestUser};
use super::smtp::SmtpServer;

/// The title of `ds-air`.
pub const AIR: &str = "Qualité de l’air";
/// The title of `ds-velo`.
pub const VELO: &str = "Comptages vélo";
/// The title of `ds-perso`.
pub const PERSO: &str = "Mes relevés";

/// An app with a site admin (Root) and a moderator (Modo), an organization (Ville de Lyon: Orga
/// its admin, Edith an editor) publishing `ds-air` and `ds-velo`, and Olivia publishing
/// `ds-perso` alone. Daily digests are due twelve hours from now: the app's own worker writes
/// none during a test, only `vitrine digest` does.
pub struct World {
    pub app: TestApp,
    pub org_id: String,
    pub admin: TestUser,
    pub moderator: TestUser,
    pub org_admin: TestUser,
    pub org_editor: TestUser,
    /// Publishes `ds-perso` alone.
    pub owner: TestUser,
}

/// Creates organization `name` as `by` (its admin), with `editor_id` as an editor, which must
/// succeed; returns its id.
pub async fn organization(app: &TestApp, by: &TestUser, name: &str, editor_id: &str) -> String {
    let (status, org) = app
        .call(
            Method::POST,
            "/api/1/organizations/",
            Some(by),
            Some(json!({"name": name})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap().to_owned();
    let (status, member) = app
        .call(
            Method::PUT,
            &format!("/api/1/organizations/{org_id}/member/{editor_id}/"),
            Some(by),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert!(status.is_success(), "{member}");
    org_id
}

/// The [`World`], its app started with `env` too.
pub async fn world(env: &[(&str, &str)]) -> World {
    let digest_hour = ((chrono::Utc::now().hour() + 12) % 24).to_string();
    let mut all = vec![("VITRINE_DIGEST_HOUR", digest_hour.as_str())];
    all.extend_from_slice(env);
    let app = TestApp::with_env(&all).await;
    let admin = app.user("Root", Role::Admin).await;
    let moderator = app.user("Modo", Role::Moderator).await;
    let org_admin = app.user("Orga", Role::User).await;
    let org_editor = app.user("Edith", Role::User).await;
    let owner = app.user("Olivia", Role::User).await;
    let org_id = organization(&app, &org_admin, "Ville de Lyon", &org_editor.id).await;
    for body in [
        json!({"id": "ds-air", "title": AIR, "organization": org_id}),
        json!({"id": "ds-velo", "title": VELO, "organization": org_id}),
        json!({"id": "ds-perso", "title": PERSO, "owner": owner.id}),
    ] {
        let (status, created) = app
            .call(Method::POST, "/api/1/datasets/", Some(&admin), Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
    }
    let (_, perso) = app.get("/api/1/datasets/ds-perso/").await;
    assert_eq!(
        perso["owner"]["id"],
        owner.id.as_str(),
        "an admin may set a dataset's owner: {perso}"
    );
    assert!(perso["organization"].is_null(), "{perso}");
    World {
        app,
        org_id,
        admin,
        moderator,
        org_admin,
        org_editor,
        owner,
    }
}

/// The [`World`] mailing through an SMTP server of its own, or `None` when the suite has no
/// SMTP server to start (skipped).
pub async fn world_with_mail(env: &[(&str, &str)]) -> Option<(World, SmtpServer)> {
    let smtp = SmtpServer::start().await?;
    let url = smtp.url();
    let mut all = vec![("VITRINE_SMTP_URL", url.as_str())];
    all.extend_from_slice(env);
    Some((world(&all).await, smtp))
}

/// An organization (Santé publique) publishing one dataset, `ds-hosp` (Hospitalisations), its
/// editor Dominique Producteur signing in as `producer_email`; returns the site admin who set
/// it up.
pub async fn catalog(app: &TestApp, producer_email: &str) -> TestUser {
    let admin = app.user("Admin", Role::Admin).await;
    let producer = app
        .account(producer_email, "Dominique Producteur", Role::User)
        .await;
    let org_id = organization(app, &admin, "Santé publique", &producer.id).await;
    let (status, answer) = app
        .call(
            Method::POST,
            "/api/1/datasets/",
            Some(&admin),
            Some(json!({"id": "ds-hosp", "title": "Hospitalisations", "organization": org_id})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    admin
}
