//! What people do with discussions: open one, reply, close or reopen, rename, edit or delete a
//! message, mark the answer, delete a thread. Each checks the caller's permission, runs the
//! spam checks a new text must pass, and writes (with its notifications) in one transaction;
//! the API and the pages call these and only parse and render.

use entity::messages;

use crate::error::{AppError, AppResult};
use crate::models::discussions::write::{self, NewDiscussion, Reply};
use crate::models::discussions::{SubjectClass, Thread, find_subject, producers, subject_of};
use crate::moderation::spam;
use crate::notifications::Notifier;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// Checks that the caller may speak for `organization`.
async fn speaking_for(
    state: &AppState,
    viewer: &Viewer,
    organization: Option<String>,
) -> AppResult<Option<String>> {
    match organization.filter(|org| !org.is_empty()) {
        Some(org) => {
            permissions::can_publish_for(&state.db, viewer, &org).await?;
            Ok(Some(org))
        }
        None => Ok(None),
    }
}

/// Opens a discussion for the caller.
pub async fn open_discussion(
    state: &AppState,
    viewer: &Viewer,
    class: SubjectClass,
    subject_id: &str,
    new: NewDiscussion,
) -> AppResult<entity::discussions::Model> {
    let user = permissions::can_comment(viewer)?;
    let subject = find_subject(&state.db, viewer, class, subject_id).await?;
    let text = question_text(new.title.as_deref(), new.comment.as_deref());
    let new = NewDiscussion {
        organization: speaking_for(state, viewer, new.organization).await?,
        held: spam::hold_reason(&state.db, &state.config, user, &text).await?,
        ..new
    };
    write::create_discussion(&state.db, &Notifier::of(&state.config), user, &subject, new).await
}

/// What the spam checks read of a question: its title and its text.
fn question_text(title: Option<&str>, comment: Option<&str>) -> String {
    format!(
        "{}\n{}",
        title.unwrap_or_default(),
        comment.unwrap_or_default()
    )
}

/// Renames a discussion as the caller may. The new title is
/// checked as a new question is, and a title the spam checks hold takes the thread back to
/// the moderators' queue with its question.
pub async fn rename_discussion(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
    title: Option<&str>,
) -> AppResult<entity::discussions::Model> {
    let user = viewer.require_user()?;
    let discussion = &thread.discussion;
    permissions::can_rename_discussion(viewer, discussion)?;
    let subject = subject_of(&state.db, discussion).await?;
    let question = thread
        .messages
        .iter()
        .find(|message| message.position == 0)
        .map(|message| message.content.as_str());
    let text = question_text(title, question);
    let held = spam::hold_reason(&state.db, &state.config, user, &text).await?;
    write::edit_title(&state.db, &subject, discussion.clone(), title, held).await
}

/// Edits a message as its author. The new text is checked as
/// a new message is (the question with its title), and one the spam checks hold goes back to
/// the moderators' queue.
pub async fn edit_message(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
    message: &messages::Model,
    content: Option<&str>,
) -> AppResult<messages::Model> {
    let user = viewer.require_user()?;
    permissions::can_edit_message(viewer, message)?;
    let discussion = &thread.discussion;
    let subject = subject_of(&state.db, discussion).await?;
    let producers = producers(&state.db, &subject).await?;
    let text = if message.position == 0 {
        question_text(Some(&discussion.title), content)
    } else {
        content.unwrap_or_default().to_owned()
    };
    let held = spam::hold_reason(&state.db, &state.config, user, &text).await?;
    write::edit_message(
        &state.db,
        &subject,
        discussion.clone(),
        message.clone(),
        content,
        held,
        &producers,
    )
    .await
}

/// Comments, closes or reopens as the caller may.
pub async fn reply_to(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
    reply: Reply,
) -> AppResult<entity::discussions::Model> {
    let user = permissions::can_comment(viewer)?;
    let discussion = &thread.discussion;
    let subject = subject_of(&state.db, discussion).await?;
    let producers = producers(&state.db, &subject).await?;
    if reply.comment.is_none() && reply.close.is_none() {
        return Err(AppError::Validation {
            message: "Send a comment, close, or both.".into(),
            errors: [
                (
                    "comment".to_owned(),
                    vec!["is required when close is not given".to_owned()],
                ),
                (
                    "close".to_owned(),
                    vec!["is required when comment is not given".to_owned()],
                ),
            ]
            .into(),
        });
    }
    let closing_or_reopening = match reply.close {
        Some(true) => discussion.closed.is_none(),
        Some(false) => discussion.closed.is_some(),
        None => false,
    };
    if closing_or_reopening {
        permissions::can_close_discussion(viewer, discussion, &producers)?;
    } else if discussion.closed.is_some() {
        return Err(write::closed_error());
    }
    let held = match &reply.comment {
        Some(text) => spam::hold_reason(&state.db, &state.config, user, text).await?,
        None => None,
    };
    let reply = Reply {
        organization: speaking_for(state, viewer, reply.organization).await?,
        held,
        ..reply
    };
    let notifier = Notifier::of(&state.config);
    write::respond(
        &state.db,
        &notifier,
        &subject,
        &discussion.id,
        user,
        reply,
        &producers,
    )
    .await
}

/// Marks the reply `message_id` as the answer (`None` unmarks) as the caller may.
pub async fn mark_answer(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
    message_id: Option<&str>,
) -> AppResult<()> {
    let user = viewer.require_user()?;
    let subject = subject_of(&state.db, &thread.discussion).await?;
    permissions::can_mark_answer(viewer, &producers(&state.db, &subject).await?)?;
    let message = match message_id {
        Some(id) => Some(
            thread
                .messages
                .iter()
                .find(|message| message.id == id)
                .ok_or_else(|| AppError::field("message", "is not a message of this discussion"))?,
        ),
        None => None,
    };
    let notifier = Notifier::of(&state.config);
    write::set_answer(
        &state.db,
        &notifier,
        user,
        &subject,
        thread.discussion.clone(),
        message,
    )
    .await?;
    Ok(())
}

/// Deletes a reply as its author.
pub async fn delete_reply(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
    message: &messages::Model,
) -> AppResult<()> {
    permissions::can_edit_message(viewer, message)?;
    let subject = subject_of(&state.db, &thread.discussion).await?;
    let producers = producers(&state.db, &subject).await?;
    write::delete_message(
        &state.db,
        thread.discussion.clone(),
        message,
        &producers,
        None,
    )
    .await
}

/// Deletes a whole discussion as the caller may (its author is told when a moderator does it);
/// Returns where its subject lives.
pub async fn remove_discussion(
    state: &AppState,
    viewer: &Viewer,
    thread: &Thread,
) -> AppResult<String> {
    let user = viewer.require_user()?;
    permissions::can_delete_discussion(viewer, &thread.discussion)?;
    let subject = subject_of(&state.db, &thread.discussion).await?;
    let notifier = Notifier::of(&state.config);
    write::delete_discussion(
        &state.db,
        &notifier,
        user,
        &subject,
        &thread.discussion,
        None,
    )
    .await?;
    if user.id != thread.discussion.user_id {
        crate::moderation::audit::record_staff_act(
            &state.db,
            viewer,
            "discussion.delete",
            ("Discussion", &thread.discussion.id),
            thread.discussion.title.clone(),
        )
        .await?;
    }
    Ok(subject.page_path())
}
