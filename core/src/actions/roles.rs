//! Site roles: site admins appoint community animators (moderators) and dismiss them. CKAN's
//! "showcase admins" are these moderators.

use entity::users;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, AppResult};
use crate::models::users::{Role, find_user, find_user_by_email};
use crate::moderation::audit;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// Active moderators, by name (site admins only).
pub async fn moderators(state: &AppState, viewer: &Viewer) -> AppResult<Vec<users::Model>> {
    permissions::can_administer(viewer)?;
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(Role::Moderator.as_str()))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Name)
        .order_by_asc(users::Column::Id)
        .all(&state.db)
        .await?)
}

/// Makes a plain user (by id or verified email) a moderator; a moderator or admin already is one (a conflict on
/// `username`, CKAN's field).
pub async fn appoint_moderator(
    state: &AppState,
    viewer: &Viewer,
    user_id: &str,
) -> AppResult<users::Model> {
    permissions::can_administer(viewer)?;
    let user = person(state, user_id).await?;
    match Role::parse(&user.role) {
        Role::User => set_role(state, viewer, user, Role::Moderator).await,
        Role::Moderator => Err(AppError::conflict(
            "username",
            format!("user {user_id:?} is already a moderator"),
        )),
        Role::Admin => Err(AppError::conflict(
            "username",
            format!("user {user_id:?} is a site admin, who may curate already"),
        )),
    }
}

/// Makes a moderator a plain user again; anyone else is not found among the moderators.
pub async fn dismiss_moderator(
    state: &AppState,
    viewer: &Viewer,
    user_id: &str,
) -> AppResult<users::Model> {
    permissions::can_administer(viewer)?;
    let user = person(state, user_id).await?;
    if Role::parse(&user.role) != Role::Moderator {
        return Err(AppError::NotFound(format!(
            "user {user_id:?} is not a moderator"
        )));
    }
    set_role(state, viewer, user, Role::User).await
}

/// The account `who` names: its id, or its verified email address.
async fn person(state: &AppState, who: &str) -> AppResult<users::Model> {
    if who.contains('@')
        && let Some(user) = find_user_by_email(&state.db, who).await?
    {
        return Ok(user);
    }
    find_user(&state.db, who).await
}

/// The change and its audit entry, in one transaction.
async fn set_role(
    state: &AppState,
    viewer: &Viewer,
    user: users::Model,
    role: Role,
) -> AppResult<users::Model> {
    let admin = viewer.require_user()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let target = user.id.clone();
    let summary = format!("{}: {}", user.name, role.as_str());
    let mut active = user.into_active_model();
    active.role = Set(role.as_str().to_owned());
    let user = active.update(&txn).await?;
    audit::record(&txn, admin, "user.role", ("User", &target), summary).await?;
    txn.commit().await?;
    Ok(user)
}
