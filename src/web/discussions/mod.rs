//! Discussion pages: the "ask a question" form, the thread with reply, close, mark-answer and edit
//! controls shown only to those allowed, and a Markdown preview that needs no JavaScript.
//!
//! One file a page or action; the helpers the thread's actions share live here.

mod answer;
mod edit;
mod new_discussion;
mod render;
mod reply;
mod summary;
mod thread;
pub mod typography;
mod watch;

use poem::http::StatusCode;
use poem::web::Redirect;
use poem::{IntoResponse, Response};

use crate::error::{AppError, FieldErrors, HttpResult};
use crate::models::discussions::find_thread;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

pub use answer::{AnswerForm, post_answer};
pub use edit::{
    EditForm, TitleForm, post_delete_discussion, post_delete_message, post_edit_message, post_title,
};
pub use new_discussion::{NewDiscussionForm, NewDiscussionPage, new_form, post_new};
pub use render::Renderer;
pub use reply::{ReplyForm, post_reply};
pub use summary::{ThreadState, ThreadSummary};
pub use thread::{EditState, MessageItem, ThreadPage, ThreadQuery, thread_view};
pub use watch::{WatchForm, post_watch};

/// A field's errors in the reader's language.
fn field_error(frame: &Frame, errors: &FieldErrors, field: &str) -> Option<String> {
    errors.get(field).map(|messages| {
        messages
            .iter()
            .map(|message| frame.lang.field_error(field, message))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn back_to(id: &str) -> Response {
    Redirect::see_other(format!("/discussions/{id}/")).into_response()
}

/// After a post, the thread at the viewer's newest message, saying whether it is published or
/// waits for a moderator; the thread's top when the viewer has no message there.
async fn to_posted(state: &AppState, viewer: &Viewer, id: &str) -> HttpResult<Response> {
    let thread = find_thread(&state.db, viewer, id).await?;
    let me = viewer.user.as_ref().map(|user| user.id.as_str());
    let newest = thread
        .messages
        .iter()
        .rev()
        .find(|message| Some(message.posted_by.as_str()) == me);
    Ok(match newest {
        Some(message) => {
            let posted = if message.held_reason.is_some() {
                "held"
            } else {
                "published"
            };
            Redirect::see_other(format!(
                "/discussions/{id}/?posted={posted}#m-{}",
                message.id
            ))
            .into_response()
        }
        None => back_to(id),
    })
}

/// The thread again with the errors beside their fields and what was typed; other errors as they are.
fn form_errors(err: AppError) -> HttpResult<(StatusCode, FieldErrors)> {
    match err {
        AppError::Validation { errors, .. } | AppError::Conflict { errors, .. } => {
            Ok((StatusCode::BAD_REQUEST, errors))
        }
        AppError::Forbidden(message) => Ok((
            StatusCode::FORBIDDEN,
            FieldErrors::from([("comment".to_owned(), vec![message])]),
        )),
        other => Err(other.into()),
    }
}
