//! Showcase admins: Vitrine's moderators, appointed and dismissed by site admins only, each
//! change of role in the audit log.

use entity::{audit_log, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use vitrine::models::users::Role;

use super::calls::{assert_failure, assert_invalid, get, post, post_ok, result_of};
use crate::support::{TestApp, TestUser};

const ADD: &str = "ckanext_showcase_admin_add";
const REMOVE: &str = "ckanext_showcase_admin_remove";
const LIST: &str = "ckanext_showcase_admin_list";

async fn role_of(app: &TestApp, user: &TestUser) -> String {
    users::Entity::find_by_id(user.id.clone())
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .role
}

/// `(actor, target, summary)` of the `user.role` entries, oldest first.
async fn role_changes(app: &TestApp) -> Vec<(Option<String>, String, String)> {
    let mut rows = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.role"))
        .all(app.db())
        .await
        .unwrap();
    rows.sort_by_key(|row| row.at);
    rows.into_iter()
        .map(|row| (row.actor_id, row.target_id, row.summary))
        .collect()
}

/// The names `ckanext_showcase_admin_list` gives `by`, sorted.
async fn admin_names(app: &TestApp, by: &TestUser) -> Vec<String> {
    let (status, body) = get(app, LIST, by.me()).await;
    let mut names: Vec<String> = result_of(status, &body, LIST)
        .as_array()
        .unwrap()
        .iter()
        .map(|admin| admin["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn site_admins_appoint_and_dismiss_showcase_admins() {
    let app = TestApp::new().await;
    let root = app.user("Root", Role::Admin).await;
    let _modo = app.user("Modo", Role::Moderator).await;
    let ada = app.user("Ada", Role::User).await;
    let bob = app.user("Bob", Role::User).await;
    assert_eq!(admin_names(&app, &root).await, ["Modo"]);

    let added = post_ok(&app, ADD, &root, json!({"username": ada.id})).await;
    assert_eq!(added, json!({"id": ada.id, "name": "Ada"}));
    assert_eq!(role_of(&app, &ada).await, "moderator");
    assert_eq!(
        role_changes(&app).await,
        [(
            Some(root.id.clone()),
            ada.id.clone(),
            "Ada: moderator".to_owned()
        )]
    );
    assert_eq!(admin_names(&app, &root).await, ["Ada", "Modo"]);

    let (status, body) = post(&app, ADD, root.me(), json!({"username": ada.id})).await;
    assert_invalid(status, &body, "username");
    let (status, body) = post(&app, ADD, root.me(), json!({"username": root.id})).await;
    assert_invalid(status, &body, "username");
    let (status, body) = post(&app, ADD, root.me(), json!({})).await;
    assert_invalid(status, &body, "username");
    for action in [ADD, REMOVE] {
        let (status, body) =
            post(&app, action, root.me(), json!({"username": "no-such-user"})).await;
        assert_failure(status, &body, StatusCode::NOT_FOUND, "Not Found Error");
    }
    let (status, body) = post(&app, REMOVE, root.me(), json!({"username": bob.id})).await;
    assert_failure(status, &body, StatusCode::NOT_FOUND, "Not Found Error");
    assert_eq!(role_of(&app, &bob).await, "user");
    assert_eq!(role_changes(&app).await.len(), 1, "refusals are not logged");

    // By verified email address too.
    let (status, body) = post(&app, REMOVE, root.me(), json!({"username": ada.email})).await;
    assert_eq!(result_of(status, &body, REMOVE), serde_json::Value::Null);
    assert_eq!(role_of(&app, &ada).await, "user");
    let changes = role_changes(&app).await;
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(
        changes[1],
        (
            Some(root.id.clone()),
            ada.id.clone(),
            "Ada: user".to_owned()
        )
    );
    assert_eq!(admin_names(&app, &root).await, ["Modo"]);
}

#[tokio::test]
async fn only_site_admins_manage_showcase_admins() {
    let app = TestApp::new().await;
    let modo = app.user("Modo", Role::Moderator).await;
    let ada = app.user("Ada", Role::User).await;
    for by in [modo.me(), ada.me(), None] {
        let (status, body) = get(&app, LIST, by).await;
        assert_failure(status, &body, StatusCode::FORBIDDEN, "Authorization Error");
        let (status, body) = post(&app, ADD, by, json!({"username": ada.id})).await;
        assert_failure(status, &body, StatusCode::FORBIDDEN, "Authorization Error");
        let (status, body) = post(&app, REMOVE, by, json!({"username": modo.id})).await;
        assert_failure(status, &body, StatusCode::FORBIDDEN, "Authorization Error");
    }
    assert_eq!(role_of(&app, &ada).await, "user");
    assert_eq!(role_of(&app, &modo).await, "moderator");
    assert!(role_changes(&app).await.is_empty());
}
