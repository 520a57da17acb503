//! Changing what was written: the discussion's title, a message's text (with its preview), and
//! deleting a reply or the whole discussion.

use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::thread::{EditState, load, thread_page};
use super::{Renderer, back_to, form_errors};
use crate::actions::discussions::{
    delete_reply, edit_message, remove_discussion, rename_discussion,
};
use crate::auth::verify_csrf;
use crate::error::{FieldErrors, HttpResult};
use crate::models::discussions::find_thread;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::CsrfForm;

/// What the title form sends.
#[derive(Deserialize)]
pub struct TitleForm {
    csrf_token: Option<String>,
    title: Option<String>,
}

/// Renames the discussion.
#[handler]
pub async fn post_title(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<TitleForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    permissions::can_rename_discussion(&viewer, &built.thread.discussion)?;
    match rename_discussion(&state, &viewer, &built.thread, form.title.as_deref()).await {
        Ok(_) => Ok(back_to(&id)),
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.errors = errors;
            page.renaming = Some(form.title.clone().unwrap_or_default());
            Ok(page.with_status(status).into_response())
        }
    }
}

/// What the message edit form sends.
#[derive(Deserialize)]
pub struct EditForm {
    csrf_token: Option<String>,
    comment: Option<String>,
    /// `save` or `preview`.
    action: Option<String>,
}

/// Saves (or previews) a message's new text.
#[handler]
pub async fn post_edit_message(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, message_id)): Path<(String, String)>,
    form: Form<EditForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    let message = built.thread.message(&message_id)?.clone();
    permissions::can_edit_message(&viewer, &message)?;
    let content = form.comment.clone().unwrap_or_default();
    let (status, errors, preview) = if form.action.as_deref() == Some("preview") {
        let renderer = Renderer::new(built.thread.users.values());
        (
            StatusCode::OK,
            FieldErrors::new(),
            Some(renderer.html(&content)),
        )
    } else {
        match edit_message(&state, &viewer, &built.thread, &message, Some(&content)).await {
            Ok(_) => return Ok(back_to(&id)),
            Err(err) => {
                let (status, errors) = form_errors(err)?;
                (status, errors, None)
            }
        }
    };
    let mut page = thread_page(req, &state, &viewer, built).await?;
    page.errors = errors;
    page.editing = Some(EditState {
        id: message.id,
        content,
        preview,
    });
    Ok(page.with_status(status).into_response())
}

/// Deletes one of the viewer's replies.
#[handler]
pub async fn post_delete_message(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, message_id)): Path<(String, String)>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let message = thread.message(&message_id)?;
    delete_reply(&state, &viewer, &thread, message).await?;
    Ok(back_to(&id))
}

/// Deletes the whole discussion and goes back to its subject.
#[handler]
pub async fn post_delete_discussion(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let back = remove_discussion(&state, &viewer, &thread).await?;
    Ok(Redirect::see_other(back).into_response())
}
