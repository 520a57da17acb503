//! The moderation queue: held messages, open reports, and what moderators do about them.

use entity::{discussions, messages, users};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::{AppError, AppResult};
use crate::models::discussions::write::{approve_message, delete_discussion, delete_message};
use crate::models::discussions::{producers, subject_of};
use crate::moderation::audit;
use crate::notifications::Notifier;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// A message waiting for a moderator.
#[derive(Clone, Debug)]
pub struct HeldItem {
    /// The message.
    pub message: messages::Model,
    /// Its discussion.
    pub discussion: discussions::Model,
    /// Its author.
    pub author: Option<users::Model>,
}

/// Held messages, newest first: an edit held again counts from when it was made.
pub async fn held(state: &AppState, limit: u64) -> AppResult<Vec<HeldItem>> {
    let rows = messages::Entity::find()
        .filter(messages::Column::HeldReason.is_not_null())
        .find_also_related(discussions::Entity)
        .order_by_desc(Func::coalesce([
            Expr::col((messages::Entity, messages::Column::LastModifiedAt)),
            Expr::col((messages::Entity, messages::Column::PostedOn)),
        ]))
        .limit(limit)
        .all(&state.db)
        .await?;
    let authors = crate::models::users::users_by_id(
        &state.db,
        rows.iter()
            .map(|(message, _)| message.posted_by.clone())
            .collect::<Vec<_>>(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(message, discussion)| {
            Some(HeldItem {
                author: authors.get(&message.posted_by).cloned(),
                discussion: discussion?,
                message,
            })
        })
        .collect())
}

async fn held_message(
    state: &AppState,
    id: &str,
) -> AppResult<(messages::Model, discussions::Model)> {
    let (message, discussion) = messages::Entity::find_by_id(id)
        .find_also_related(discussions::Entity)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("message", id))?;
    let discussion = discussion.ok_or_else(|| AppError::not_found("discussion", id))?;
    Ok((message, discussion))
}

/// Lets a held message through; those it concerns are told now. Logged.
pub async fn approve(state: &AppState, moderator: &users::Model, id: &str) -> AppResult<()> {
    let (message, discussion) = held_message(state, id).await?;
    if message.held_reason.is_none() {
        return Err(AppError::Conflict {
            message: "This message is not waiting for moderation.".into(),
            errors: Default::default(),
        });
    }
    let subject = subject_of(&state.db, &discussion).await?;
    let producers = producers(&state.db, &subject).await?;
    let notifier = Notifier::of(&state.config);
    approve_message(
        &state.db,
        &notifier,
        &subject,
        &discussion,
        &message,
        &producers,
    )
    .await?;
    audit::record(
        &state.db,
        moderator,
        "message.approve",
        ("Message", &message.id),
        format!(
            "in \"{}\" (held: {})",
            discussion.title,
            message.held_reason.as_deref().unwrap_or_default()
        ),
    )
    .await
}

/// Removes a message (its whole discussion when it is the question) and mails its author the
/// reason. Logged.
pub async fn remove(
    state: &AppState,
    moderator: &users::Model,
    id: &str,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field(
            "reason",
            "is required: it is mailed to the author",
        ));
    }
    let (message, discussion) = held_message(state, id).await?;
    let subject = subject_of(&state.db, &discussion).await?;
    let notifier = Notifier::of(&state.config);
    if message.position == 0 {
        delete_discussion(
            &state.db,
            &notifier,
            moderator,
            &subject,
            &discussion,
            Some(reason),
        )
        .await?;
    } else {
        let producers = producers(&state.db, &subject).await?;
        delete_message(
            &state.db,
            discussion.clone(),
            &message,
            &producers,
            Some((&notifier, moderator, &subject, Some(reason))),
        )
        .await?;
    }
    audit::record(
        &state.db,
        moderator,
        "message.remove",
        ("Message", &message.id),
        format!("in \"{}\": {reason}", discussion.title),
    )
    .await
}

/// Deactivates an account as `viewer` may (see [`permissions::can_deactivate`]): it can no
/// longer sign in or use its keys. Logged.
pub async fn deactivate(state: &AppState, viewer: &Viewer, user_id: &str) -> AppResult<()> {
    let moderator = viewer.require_user()?;
    let user = crate::models::users::find_user(&state.db, user_id).await?;
    permissions::can_deactivate(viewer, &user)?;
    let name = user.name.clone();
    let mut active = user.into_active_model();
    active.active = Set(false);
    active.update(&state.db).await?;
    audit::record(
        &state.db,
        moderator,
        "user.deactivate",
        ("User", user_id),
        name,
    )
    .await
}
