//! Marking a reply as the answer to its discussion, or unmarking it.

use entity::{discussions, messages, users};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set, TransactionSession, TransactionTrait,
};

use crate::error::{AppError, AppResult};
use crate::mail::render::Excerpt;
use crate::models::discussions::Subject;
use crate::notifications::{Notifier, events};

/// Marks `message` as the discussion's answer (`None` unmarks). The question cannot answer itself.
pub async fn set_answer<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    by: &users::Model,
    subject: &Subject,
    discussion: discussions::Model,
    message: Option<&messages::Model>,
) -> AppResult<discussions::Model> {
    if let Some(message) = message {
        if message.discussion_id != discussion.id {
            return Err(AppError::field(
                "message",
                "is not a message of this discussion",
            ));
        }
        if message.position == 0 {
            return Err(AppError::field(
                "message",
                "the question cannot be its own answer: mark a reply",
            ));
        }
    }
    let newly_marked = message
        .filter(|m| discussion.answer_id.as_deref() != Some(m.id.as_str()))
        .map(|answer| (answer, Excerpt::of(&answer.content)));
    let txn = crate::db::begin_write(db).await?;
    let mut changed = discussion.into_active_model();
    changed.answer_id = Set(message.map(|message| message.id.clone()));
    let discussion = changed.update(&txn).await?;
    if let Some((answer, content)) = &newly_marked {
        events::answer_marked(&txn, notifier, by, subject, &discussion, (answer, content)).await?;
    }
    txn.commit().await?;
    Ok(discussion)
}
