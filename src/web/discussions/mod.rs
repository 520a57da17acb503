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
mod watch;

use poem::http::StatusCode;
use poem::web::Redirect;
use poem::{IntoResponse, Response};

use crate::error::{AppError, FieldErrors, HttpResult};
use crate::web::Frame;

pub use answer::{AnswerForm, post_answer};
pub use edit::{
    EditForm, TitleForm, post_delete_discussion, post_delete_message, post_edit_message, post_title,
};
pub use new_discussion::{NewDiscussionForm, NewDiscussionPage, new_form, post_new};
pub use render::Renderer;
pub use reply::{ReplyForm, post_reply};
pub use summary::ThreadSummary;
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
