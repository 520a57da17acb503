//! A person's notifications: their settings (per kind, per watched thread or subject), their
//! inbox, unsubscribing from a mail's link; and the administrators' retry of a given-up mail.
//! Settings are checked whole, then written in one transaction: a refused field changes nothing.

use entity::notifications;

use crate::error::{AppError, AppResult};
use crate::mail::outbox;
use crate::notifications::inbox;
use crate::notifications::kinds::{EmailMode, Kind};
use crate::notifications::settings::{
    self, Preference, WatchMode, preferences, set_preference, set_watch,
};
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// A change to the settings of one kind of notification; what is `None` stays as it is.
pub struct KindChange {
    /// The kind (`new_discussion`, `reply`…).
    pub kind: String,
    /// `immediate`, `daily` or `off`.
    pub email: Option<String>,
    /// Shown in the app.
    pub in_app: Option<bool>,
}

/// Watching, muting or forgetting one thread or subject.
pub struct WatchChange {
    /// `Discussion`, `Dataset` or `Reuse`.
    pub class: String,
    /// Its id.
    pub id: String,
    /// `watch`, `mute` or `none`.
    pub mode: String,
}

/// Applies the API's partial changes to the caller's settings.
pub async fn change_settings(
    state: &AppState,
    viewer: &Viewer,
    kinds: Vec<KindChange>,
    watches: Vec<WatchChange>,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    let current = preferences(&state.db, &user.id).await?;
    let mut chosen = Vec::new();
    for change in kinds {
        let kind = Kind::parse(&change.kind)?;
        let mut preference = current
            .iter()
            .find(|p| p.kind == kind)
            .copied()
            .unwrap_or_else(|| Preference::default_for(kind));
        if let Some(email) = &change.email {
            preference.email = EmailMode::parse(email)?;
        }
        if let Some(in_app) = change.in_app {
            preference.in_app = in_app;
        }
        chosen.push(preference);
    }
    let mut watched = Vec::new();
    for watch in watches {
        if !settings::WATCHABLE.contains(&watch.class.as_str()) {
            return Err(AppError::field(
                "watches",
                format!(
                    "{:?} cannot be watched: use {}",
                    watch.class,
                    settings::WATCHABLE.join(", ")
                ),
            ));
        }
        if watch.id.trim().is_empty() {
            return Err(AppError::field("watches", "each watch needs an id"));
        }
        watched.push((watch.class, watch.id, WatchMode::parse(&watch.mode)?));
    }
    save_settings(state, viewer, chosen, watched).await
}

/// Writes the caller's chosen preferences and watches, all or nothing.
pub async fn save_settings(
    state: &AppState,
    viewer: &Viewer,
    chosen: Vec<Preference>,
    watches: Vec<(String, String, Option<WatchMode>)>,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    let txn = crate::db::begin_write(&state.db).await?;
    for preference in chosen {
        set_preference(&txn, &user.id, preference).await?;
    }
    for (class, id, mode) in watches {
        set_watch(&txn, &user.id, &class, &id, mode).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Stops the mails of one kind for `user_id`, who followed a signed unsubscribe link (the link
/// is the proof: no sign-in).
pub async fn unsubscribe(state: &AppState, user_id: &str, kind: Kind) -> AppResult<()> {
    let current = preferences(&state.db, user_id)
        .await?
        .into_iter()
        .find(|preference| preference.kind == kind)
        .unwrap_or_else(|| Preference::default_for(kind));
    let off = Preference {
        email: EmailMode::Off,
        ..current
    };
    set_preference(&state.db, user_id, off).await
}

/// Marks one of the caller's notifications read.
pub async fn mark_read(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> AppResult<notifications::Model> {
    let user = viewer.require_user()?;
    inbox::mark_read(&state.db, &user.id, id).await
}

/// Marks read the caller's notifications about a discussion they open; returns how many.
pub async fn mark_thread_read(
    state: &AppState,
    viewer: &Viewer,
    discussion_id: &str,
) -> AppResult<u64> {
    let user = viewer.require_user()?;
    inbox::mark_thread_read(&state.db, &user.id, discussion_id).await
}

/// Marks all the caller's notifications read.
pub async fn mark_all_read(state: &AppState, viewer: &Viewer) -> AppResult<()> {
    let user = viewer.require_user()?;
    inbox::mark_all_read(&state.db, &user.id).await
}

/// Sends a mail given up on again (site administrators).
pub async fn retry_mail(state: &AppState, viewer: &Viewer, id: &str) -> AppResult<()> {
    permissions::can_administer(viewer)?;
    outbox::retry(&state.db, id).await
}
