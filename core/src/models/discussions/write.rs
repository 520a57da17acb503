//! Opening, answering, closing and editing discussions, in one transaction each, counters kept
//! right. Callers have asked `permissions` first.

use std::collections::HashSet;

use chrono::Utc;
use entity::{datasets, discussions, messages, reuses, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::mail::render::Excerpt;
use crate::models::discussions::{Subject, SubjectClass};
use crate::models::text::{NO_CONTROL_CHARACTERS, has_control_characters};
use crate::notifications::{Notifier, events};

/// Longest title.
pub const MAX_TITLE: usize = 350;
/// Longest message.
pub const MAX_COMMENT: usize = 50_000;

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

fn add(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

/// The trimmed title, or why it is refused.
pub fn check_title(errors: &mut FieldErrors, title: Option<&str>) -> String {
    match title.map(str::trim) {
        None => add(errors, "title", "is required"),
        Some("") => add(errors, "title", "must not be empty"),
        Some(title) if title.chars().count() > MAX_TITLE => {
            add(
                errors,
                "title",
                format!("must be at most {MAX_TITLE} characters"),
            );
        }
        // Tabs and line breaks become spaces just below.
        Some(title) if has_control_characters(title, true) => {
            add(errors, "title", NO_CONTROL_CHARACTERS);
        }
        // One line: line breaks and runs of spaces become one space (titles go into mail subjects).
        Some(title) => return title.split_whitespace().collect::<Vec<_>>().join(" "),
    }
    String::new()
}

/// The trimmed message, or why it is refused.
pub fn check_comment(errors: &mut FieldErrors, comment: Option<&str>) -> String {
    match comment.map(str::trim) {
        None => add(errors, "comment", "is required"),
        Some("") => add(errors, "comment", "must not be empty"),
        Some(text) if text.chars().count() > MAX_COMMENT => {
            add(
                errors,
                "comment",
                format!("must be at most {MAX_COMMENT} characters"),
            );
        }
        Some(text) if has_control_characters(text, true) => {
            add(errors, "comment", NO_CONTROL_CHARACTERS);
        }
        Some(text) => return text.to_owned(),
    }
    String::new()
}

fn new_id() -> String {
    crate::models::new_row_id().to_string()
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
    let now = Utc::now();
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
    let now = Utc::now();
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
    changed.last_modified_at = Set(Some(Utc::now()));
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

/// Works out again from its published replies when a producer first answered a discussion and
/// when it was last posted in, now that the reply `gone` no longer counts (deleted or held);
/// the answer mark goes with it.
async fn recount_replies(
    txn: &impl ConnectionTrait,
    discussion: discussions::Model,
    gone: &str,
    producers: &HashSet<String>,
) -> AppResult<discussions::Model> {
    let published = || {
        messages::Entity::find()
            .filter(messages::Column::DiscussionId.eq(discussion.id.as_str()))
            .filter(messages::Column::Id.ne(gone))
            .filter(messages::Column::HeldReason.is_null())
    };
    let first_answer = published()
        .filter(messages::Column::Position.gt(0))
        .filter(messages::Column::PostedBy.is_in(producers.iter().cloned()))
        .order_by_asc(messages::Column::Position)
        .one(txn)
        .await?;
    let last = published()
        .order_by_desc(messages::Column::Position)
        .one(txn)
        .await?;
    let mut changed = discussion.clone().into_active_model();
    if discussion.answer_id.as_deref() == Some(gone) {
        changed.answer_id = Set(None);
    }
    changed.first_answered_at = Set(first_answer.map(|reply| reply.posted_on));
    if let Some(last) = last {
        changed.last_posted_on = Set(last.posted_on);
    }
    Ok(changed.update(txn).await?)
}

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

/// Sets `discussions` and `discussions_open` of a dataset or reuse from what is stored.
async fn recount(
    db: &impl ConnectionTrait,
    class: SubjectClass,
    subject_id: &str,
) -> AppResult<()> {
    let about = || {
        discussions::Entity::find()
            .filter(discussions::Column::SubjectClass.eq(class.as_str()))
            .filter(discussions::Column::SubjectId.eq(subject_id))
            .filter(discussions::Column::HeldReason.is_null())
    };
    let all = i32::try_from(about().count(db).await?).unwrap_or(i32::MAX);
    let open = i32::try_from(
        about()
            .filter(discussions::Column::Closed.is_null())
            .count(db)
            .await?,
    )
    .unwrap_or(i32::MAX);
    match class {
        SubjectClass::Dataset => {
            datasets::Entity::update_many()
                .col_expr(datasets::Column::Discussions, Expr::value(all))
                .col_expr(datasets::Column::DiscussionsOpen, Expr::value(open))
                .filter(datasets::Column::Id.eq(subject_id))
                .exec(db)
                .await?;
        }
        SubjectClass::Reuse => {
            reuses::Entity::update_many()
                .col_expr(reuses::Column::Discussions, Expr::value(all))
                .col_expr(reuses::Column::DiscussionsOpen, Expr::value(open))
                .filter(reuses::Column::Id.eq(subject_id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

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
