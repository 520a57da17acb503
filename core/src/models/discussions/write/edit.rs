//! Editing a discussion's title or a message's text, which may send either back to moderation.

use std::collections::HashSet;

use entity::{discussions, messages};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

use super::{check_comment, check_title, recount, recount_replies};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::models::discussions::Subject;

/// Renames a discussion. `held` (why the new title waits for a moderator) takes the thread back
/// to the queue with its question, hidden and uncounted as a new held question is.
pub async fn edit_title<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    subject: &Subject,
    discussion: discussions::Model,
    title: Option<&str>,
    held: Option<String>,
) -> AppResult<discussions::Model> {
    let mut errors = FieldErrors::new();
    let title = check_title(&mut errors, title);
    AppError::check(errors)?;
    let txn = crate::db::begin_write(db).await?;
    let mut changed = discussion.into_active_model();
    changed.title = Set(title);
    let mut discussion = changed.update(&txn).await?;
    if let Some(reason) = held {
        discussion = hold_question(&txn, subject, discussion, reason).await?;
    }
    txn.commit().await?;
    Ok(discussion)
}

/// Changes a message's text. `held` (why the new text waits for a moderator) takes it back to
/// the queue: hidden and counted nowhere, as a new held message is (the question takes its
/// thread with it). A held message stays held whatever its new text: only a moderator lets it
/// through.
pub async fn edit_message<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    subject: &Subject,
    discussion: discussions::Model,
    message: messages::Model,
    content: Option<&str>,
    held: Option<String>,
    producers: &HashSet<String>,
) -> AppResult<messages::Model> {
    let mut errors = FieldErrors::new();
    let content = check_comment(&mut errors, content);
    AppError::check(errors)?;
    let newly_held = held.filter(|_| message.held_reason.is_none());
    let txn = crate::db::begin_write(db).await?;
    let mut changed = message.into_active_model();
    changed.content = Set(content);
    changed.last_modified_at = Set(Some(crate::clock::now()));
    if let Some(reason) = &newly_held {
        changed.held_reason = Set(Some(reason.clone()));
    }
    let message = changed.update(&txn).await?;
    match newly_held {
        Some(reason) if message.position == 0 => {
            hold_question(&txn, subject, discussion, reason).await?;
        }
        Some(_) => {
            recount_replies(&txn, discussion, &message.id, producers).await?;
        }
        None => {}
    }
    txn.commit().await?;
    Ok(message)
}

/// Holds a published thread again, with its question: hidden from all but its author and
/// moderators, left out of its subject's counts, until a moderator approves the question.
async fn hold_question(
    txn: &impl ConnectionTrait,
    subject: &Subject,
    discussion: discussions::Model,
    reason: String,
) -> AppResult<discussions::Model> {
    if discussion.held_reason.is_some() {
        return Ok(discussion);
    }
    messages::Entity::update_many()
        .col_expr(messages::Column::HeldReason, Expr::value(reason.clone()))
        .filter(messages::Column::DiscussionId.eq(discussion.id.as_str()))
        .filter(messages::Column::Position.eq(0))
        .filter(messages::Column::HeldReason.is_null())
        .exec(txn)
        .await?;
    let mut changed = discussion.into_active_model();
    changed.held_reason = Set(Some(reason));
    let discussion = changed.update(txn).await?;
    recount(txn, subject.class, &subject.id).await?;
    Ok(discussion)
}
