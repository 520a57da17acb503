//! People with a first and a last name (`TestApp::user` takes one word: it makes the address
//! of it).

use vitrine::models::users::Role;

use super::app::{TestApp, TestUser};

/// A plain user named `name` (spaces allowed), with an API key.
pub async fn person(app: &TestApp, name: &str) -> TestUser {
    let email = format!(
        "{}-{}@example.org",
        name.to_lowercase().replace(' ', "."),
        uuid::Uuid::new_v4().simple()
    );
    let user = app.account(&email, name, Role::User).await;
    app.key_for(&user).await
}

/// Ada Lovelace, whose display name reads as first name "Ada" and last name "Lovelace".
pub async fn ada_lovelace(app: &TestApp) -> TestUser {
    person(app, "Ada Lovelace").await
}
