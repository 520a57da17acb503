//! Deleting a reply or a whole discussion, telling its author when a moderator did.

use std::collections::HashSet;

use entity::{discussions, messages, users};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};

use super::{recount, recount_replies};
use crate::error::{AppError, AppResult};
use crate::mail::render::Excerpt;
use crate::models::discussions::Subject;
use crate::notifications::{Notifier, events};

/// Deletes a reply (never the question). The answer mark goes with it, and when a producer first
/// answered is worked out again from the replies left.
///
/// `removal` (a moderator and their reason) tells the message's author it was removed.
pub async fn delete_message<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    discussion: discussions::Model,
    message: &messages::Model,
    producers: &HashSet<String>,
    removal: Option<(&Notifier<'_>, &users::Model, &Subject, Option<&str>)>,
) -> AppResult<()> {
    if message.position == 0 {
        return Err(AppError::BadRequest(
            "The first message of a discussion cannot be deleted: delete the discussion instead."
                .into(),
        ));
    }
    let reason = removal.and_then(|(.., reason)| reason).map(Excerpt::of);
    let txn = crate::db::begin_write(db).await?;
    messages::Entity::delete_by_id(message.id.as_str())
        .exec(&txn)
        .await?;
    crate::moderation::reports::close_for(
        &txn,
        "Discussion",
        &discussion.id,
        Some(&message.id),
        None,
    )
    .await?;
    if let Some((notifier, moderator, subject, _)) = removal {
        events::content_removed(
            &txn,
            notifier,
            moderator,
            subject,
            &discussion,
            (&message.posted_by, &message.id),
            reason.as_ref(),
        )
        .await?;
    }
    recount_replies(&txn, discussion, &message.id, producers).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a discussion and its messages.
/// When a moderator rather than the author deletes it, the author is told (with `reason`).
pub async fn delete_discussion<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    by: &users::Model,
    subject: &Subject,
    discussion: &discussions::Model,
    reason: Option<&str>,
) -> AppResult<()> {
    let reason = reason.map(Excerpt::of);
    let txn = crate::db::begin_write(db).await?;
    if by.id != discussion.user_id {
        events::content_removed(
            &txn,
            notifier,
            by,
            subject,
            discussion,
            (&discussion.user_id, &discussion.id),
            reason.as_ref(),
        )
        .await?;
    }
    crate::moderation::reports::close_for(&txn, "Discussion", &discussion.id, None, Some(by))
        .await?;
    messages::Entity::delete_many()
        .filter(messages::Column::DiscussionId.eq(discussion.id.as_str()))
        .exec(&txn)
        .await?;
    discussions::Entity::delete_by_id(discussion.id.as_str())
        .exec(&txn)
        .await?;
    recount(&txn, subject.class, &subject.id).await?;
    txn.commit().await?;
    Ok(())
}
