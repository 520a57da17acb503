//! Replying to a discussion: a comment, closing or reopening it, or both.

use std::collections::HashSet;

use entity::{discussions, messages, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

use super::{check_comment, new_id, recount};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::render::Excerpt;
use crate::models::discussions::Subject;
use crate::notifications::{Notifier, events};

/// A reply: a comment, closing or reopening, or both.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    /// The message, in Markdown.
    pub comment: Option<String>,
    /// `true` closes, `false` reopens a closed discussion.
    pub close: Option<bool>,
    /// Organization the author speaks for (already checked to be theirs).
    pub organization: Option<String>,
    /// Why the comment waits for a moderator, if it does: then nobody is told yet.
    pub held: Option<String>,
}

/// Adds a comment and/or closes or reopens; `producers` are the subject's, to record when a
/// producer first answered.
pub async fn respond<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    subject: &Subject,
    discussion_id: &str,
    by: &users::Model,
    reply: Reply,
    producers: &HashSet<String>,
) -> AppResult<discussions::Model> {
    let comment = match reply.comment.as_deref() {
        Some(text) => {
            let mut errors = FieldErrors::new();
            let text = check_comment(&mut errors, Some(text));
            AppError::check(errors)?;
            Some(text)
        }
        None => None,
    };
    // Rendered before the write lock is taken, which a long message would hold up.
    let excerpt = comment
        .as_deref()
        .filter(|_| reply.held.is_none())
        .map(Excerpt::of);
    let txn = crate::db::begin_write(db).await?;
    // Locks the row on PostgreSQL: concurrent replies take their turn for the next position.
    let discussion = discussions::Entity::find_by_id(discussion_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("discussion", discussion_id))?;
    let was_open = discussion.closed.is_none();
    if comment.is_some() && !was_open && reply.close != Some(false) {
        return Err(closed_error());
    }
    let now = crate::clock::now();
    let mut changed = discussion.clone().into_active_model();
    let mut posted = None;
    if let Some(content) = comment {
        let last = messages::Entity::find()
            .filter(messages::Column::DiscussionId.eq(discussion_id))
            .order_by_desc(messages::Column::Position)
            .one(&txn)
            .await?
            .map_or(0, |message| message.position);
        let message = messages::ActiveModel {
            id: Set(new_id()),
            discussion_id: Set(discussion_id.to_owned()),
            position: Set(last + 1),
            content: Set(content),
            posted_by: Set(by.id.clone()),
            posted_by_organization: Set(reply.organization),
            posted_on: Set(now),
            last_modified_at: Set(None),
            held_reason: Set(reply.held.clone()),
        }
        .insert(&txn)
        .await?;
        // A held comment counts for nothing until a moderator lets it through.
        if reply.held.is_none() {
            changed.last_posted_on = Set(now);
            if discussion.first_answered_at.is_none() && producers.contains(&by.id) {
                changed.first_answered_at = Set(Some(now));
            }
            posted = Some(message);
        }
    }
    match reply.close {
        Some(true) if was_open => {
            changed.closed = Set(Some(now));
            changed.closed_by = Set(Some(by.id.clone()));
        }
        Some(false) if !was_open => {
            changed.closed = Set(None);
            changed.closed_by = Set(None);
        }
        _ => {}
    }
    let discussion = changed.update(&txn).await?;
    // A thread held for moderation is seen by its author and moderators alone: what happens in
    // it is told to nobody until it is let through.
    let told = discussion.held_reason.is_none();
    if told && let (Some(message), Some(content)) = (&posted, &excerpt) {
        events::comment_posted(
            &txn,
            notifier,
            by,
            subject,
            &discussion,
            &message.id,
            content,
        )
        .await?;
    }
    if was_open != discussion.closed.is_none() {
        recount(&txn, subject.class, &subject.id).await?;
        if told {
            events::discussion_closed(&txn, notifier, by, subject, &discussion, !was_open).await?;
        }
    }
    txn.commit().await?;
    Ok(discussion)
}

/// What refusing a comment on a closed discussion says.
pub fn closed_error() -> AppError {
    AppError::Forbidden("This discussion is closed: it takes no more comments.".into())
}
