//! Marking or unmarking the message that answers the question.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use super::back_to;
use crate::actions::discussions::mark_answer;
use crate::auth::verify_csrf;
use crate::error::HttpResult;
use crate::models::discussions::find_thread;
use crate::permissions::Viewer;
use crate::state::AppState;

/// What the answer buttons send: a message id, or nothing to unmark.
#[derive(Deserialize)]
pub struct AnswerForm {
    csrf_token: Option<String>,
    message: Option<String>,
}

/// Marks or unmarks the answer.
#[handler]
pub async fn post_answer(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<AnswerForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let message = form.message.as_deref().filter(|id| !id.is_empty());
    mark_answer(&state, &viewer, &thread, message).await?;
    Ok(back_to(&id))
}
