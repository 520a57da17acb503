//! A person's own profile: their names and the language the site speaks to them.

use crate::error::AppResult;
use crate::models::users::{self, ProfileFields};
use crate::permissions::Viewer;
use crate::state::AppState;

/// Changes the caller's profile (the fields given; all are checked first).
pub async fn update_profile(
    state: &AppState,
    viewer: &Viewer,
    fields: ProfileFields,
) -> AppResult<entity::users::Model> {
    let user = viewer.require_user()?;
    users::update_profile(&state.db, user.clone(), fields).await
}
