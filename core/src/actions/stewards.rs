//! Stewards of datasets: an organization's admins (and site admins) name the member who hears
//! a dataset's questions first, or take them away; anyone may read who it is.

use entity::users;

use crate::error::AppResult;
use crate::models::datasets::find_dataset;
use crate::models::datasets::stewards as model;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// The steward of dataset `id` (an id or a slug), if it has one.
pub async fn steward(state: &AppState, id: &str) -> AppResult<Option<users::Model>> {
    let dataset = find_dataset(&state.db, id).await?.dataset;
    model::steward_of(&state.db, &dataset).await
}

/// Names `user_id` steward of dataset `id`, in place of any other.
pub async fn name_steward(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    user_id: &str,
) -> AppResult<users::Model> {
    let dataset = find_dataset(&state.db, id).await?.dataset;
    permissions::can_name_steward(&state.db, viewer, &dataset).await?;
    let by = viewer.require_user()?;
    model::name_steward(&state.db, &dataset, user_id.trim(), by).await
}

/// Takes away the steward of dataset `id`, if any.
pub async fn remove_steward(state: &AppState, viewer: &Viewer, id: &str) -> AppResult<()> {
    let dataset = find_dataset(&state.db, id).await?.dataset;
    permissions::can_name_steward(&state.db, viewer, &dataset).await?;
    let by = viewer.require_user()?;
    model::remove_steward(&state.db, &dataset, by).await
}
