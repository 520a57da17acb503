//! Letting a message held for moderation through, and telling those it concerns.

use std::collections::HashSet;

use entity::{discussions, messages, users};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set, TransactionSession,
    TransactionTrait,
};

use super::recount;
use crate::error::{AppError, AppResult};
use crate::mail::render::Excerpt;
use crate::models::discussions::Subject;
use crate::notifications::{Notifier, events};

/// Lets a held message through: its discussion too when it is the question. Those it concerns
/// are told now, as if it had just been posted by its author.
pub async fn approve_message<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    subject: &Subject,
    discussion: &discussions::Model,
    message: &messages::Model,
    producers: &HashSet<String>,
) -> AppResult<()> {
    let content = Excerpt::of(&message.content);
    let txn = crate::db::begin_write(db).await?;
    let author = users::Entity::find_by_id(message.posted_by.as_str())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("user", &message.posted_by))?;
    let mut released = message.clone().into_active_model();
    released.held_reason = Set(None);
    released.update(&txn).await?;
    let mut changed = discussion.clone().into_active_model();
    if message.position == 0 {
        changed.held_reason = Set(None);
        let discussion = changed.update(&txn).await?;
        recount(&txn, subject.class, &subject.id).await?;
        events::discussion_opened(&txn, notifier, &author, subject, &discussion, &content).await?;
    } else {
        changed.last_posted_on = Set(message.posted_on.max(discussion.last_posted_on));
        if discussion.first_answered_at.is_none() && producers.contains(&author.id) {
            changed.first_answered_at = Set(Some(message.posted_on));
        }
        let discussion = changed.update(&txn).await?;
        events::comment_posted(
            &txn,
            notifier,
            &author,
            subject,
            &discussion,
            &message.id,
            &content,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
