//! Opening a discussion with its first message.

use entity::{discussions, messages, users};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, TransactionSession, TransactionTrait};

use super::{check_comment, check_title, new_id, recount};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::render::Excerpt;
use crate::models::discussions::Subject;
use crate::notifications::{Notifier, events};

/// A new discussion: its title and first message, maybe on behalf of an organization.
#[derive(Clone, Debug, Default)]
pub struct NewDiscussion {
    /// Title (required, ≤ 350).
    pub title: Option<String>,
    /// The question, in Markdown (required, ≤ 50,000).
    pub comment: Option<String>,
    /// Organization the author speaks for (already checked to be theirs).
    pub organization: Option<String>,
    /// Why it waits for a moderator (spam heuristics), if it does: then nobody is told yet.
    pub held: Option<String>,
}

/// Opens a discussion about `subject` with its first message.
pub async fn create_discussion<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    notifier: &Notifier<'_>,
    author: &users::Model,
    subject: &Subject,
    new: NewDiscussion,
) -> AppResult<discussions::Model> {
    let mut errors = FieldErrors::new();
    let title = check_title(&mut errors, new.title.as_deref());
    let comment = check_comment(&mut errors, new.comment.as_deref());
    AppError::check(errors)?;
    // Rendered before the write lock is taken, which a long message would hold up.
    let question = new.held.is_none().then(|| Excerpt::of(&comment));
    let now = crate::clock::now();
    let txn = crate::db::begin_write(db).await?;
    let discussion = discussions::ActiveModel {
        id: Set(new_id()),
        subject_class: Set(subject.class.as_str().to_owned()),
        subject_id: Set(subject.id.clone()),
        title: Set(title),
        user_id: Set(author.id.clone()),
        organization_id: Set(new.organization.clone()),
        created: Set(now),
        closed: Set(None),
        closed_by: Set(None),
        answer_id: Set(None),
        first_answered_at: Set(None),
        extras: Set("{}".to_owned()),
        last_posted_on: Set(now),
        held_reason: Set(new.held.clone()),
    }
    .insert(&txn)
    .await?;
    messages::ActiveModel {
        id: Set(new_id()),
        discussion_id: Set(discussion.id.clone()),
        position: Set(0),
        content: Set(comment.clone()),
        posted_by: Set(author.id.clone()),
        posted_by_organization: Set(new.organization),
        posted_on: Set(now),
        last_modified_at: Set(None),
        held_reason: Set(new.held.clone()),
    }
    .insert(&txn)
    .await?;
    recount(&txn, subject.class, &subject.id).await?;
    if let Some(question) = &question {
        events::discussion_opened(&txn, notifier, author, subject, &discussion, question).await?;
    }
    txn.commit().await?;
    Ok(discussion)
}
