//! Following a reuse or a dataset: its news reach the follower. One may follow only what one
//! can see.

use crate::error::{AppError, AppResult};
use crate::models::datasets::find_dataset;
use crate::models::follows::{self, Followable};
use crate::models::reuses::{Found, find_reuse};
use crate::permissions::Viewer;
use crate::state::AppState;

/// The id of what `id` (an id or a slug, an old slug included) names, as the caller sees it.
pub async fn subject_id(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> AppResult<String> {
    match kind {
        Followable::Dataset => Ok(find_dataset(&state.db, id).await?.dataset.id),
        Followable::Reuse => match find_reuse(&state.db, viewer, id).await? {
            Found::Reuse(card) => Ok(card.reuse.id),
            Found::MovedTo(slug) => match find_reuse(&state.db, viewer, &slug).await? {
                Found::Reuse(card) => Ok(card.reuse.id),
                Found::MovedTo(_) => Err(AppError::not_found("reuse", id)),
            },
        },
    }
}

/// The caller follows it (again: nothing changes); gives how many follow it now.
pub async fn follow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> AppResult<u64> {
    let user = viewer.require_user()?;
    let id = subject_id(state, viewer, kind, id).await?;
    follows::follow(&state.db, &user.id, kind, &id).await
}

/// The caller no longer follows it; gives how many follow it now.
pub async fn unfollow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> AppResult<u64> {
    let user = viewer.require_user()?;
    let id = subject_id(state, viewer, kind, id).await?;
    follows::unfollow(&state.db, &user.id, kind, &id).await
}
