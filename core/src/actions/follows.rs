//! Following a reuse, a dataset, an organization or a person: their news reach the follower.
//! One may follow only what one can see, and never oneself (udata's rule).

use crate::error::{AppError, AppResult};
use crate::models::datasets::find_dataset;
use crate::models::follows::{self, Followable, Followed};
use crate::models::organizations::find_organization;
use crate::models::reuses::{Found, find_reuse};
use crate::models::users::find_user;
use crate::permissions::Viewer;
use crate::state::AppState;

/// The id of what `id` (an id or a slug, an old slug included) names, as the caller sees it.
/// People are named by their id only.
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
        Followable::Organization => Ok(find_organization(&state.db, id).await?.id),
        Followable::User => Ok(find_user(&state.db, id).await?.id),
    }
}

/// The caller follows it (again: nothing changes, and [`Followed::created`] says so).
pub async fn follow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> AppResult<Followed> {
    let user = viewer.require_user()?;
    let id = subject_id(state, viewer, kind, id).await?;
    if kind == Followable::User && id == user.id {
        return Err(AppError::Forbidden("You can't follow yourself".into()));
    }
    follows::follow(&state.db, &user.id, kind, &id).await
}

/// The caller no longer follows it; gives how many follow it now. 404 when the caller did not
/// follow it.
pub async fn unfollow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> AppResult<u64> {
    let user = viewer.require_user()?;
    let subject = subject_id(state, viewer, kind, id).await?;
    follows::unfollow(&state.db, &user.id, kind, &subject)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("You do not follow {} {id:?}", kind.class())))
}
