//! Watching or muting a thread's notifications.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use super::back_to;
use crate::auth::verify_csrf;
use crate::error::HttpResult;
use crate::models::discussions::find_thread;
use crate::notifications::settings::{WatchMode, set_watch};
use crate::permissions::Viewer;
use crate::state::AppState;

/// What the watch buttons send: `watch`, `mute` or `none`.
#[derive(Deserialize)]
pub struct WatchForm {
    csrf_token: Option<String>,
    mode: Option<String>,
}

/// Watches, mutes or resets the viewer's notifications for this thread.
#[handler]
pub async fn post_watch(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<WatchForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let user = viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let mode = WatchMode::parse(form.mode.as_deref().unwrap_or("none"))?;
    set_watch(
        &state.db,
        &user.id,
        "Discussion",
        &thread.discussion.id,
        mode,
    )
    .await?;
    Ok(back_to(&id))
}
