//! The reply form's action: reply, reply and close, close, reopen, or preview the reply.

use poem::web::{Data, Form, Path};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::thread::{load, thread_page};
use super::{Renderer, back_to, form_errors, to_posted};
use crate::actions::discussions::reply_to;
use crate::auth::verify_csrf;
use crate::error::HttpResult;
use crate::models::discussions::write::Reply;
use crate::permissions::Viewer;
use crate::state::AppState;

/// What the reply form sends.
#[derive(Deserialize, Default, Clone)]
pub struct ReplyForm {
    pub(super) csrf_token: Option<String>,
    pub(super) comment: Option<String>,
    pub(super) organization: Option<String>,
    /// `reply`, `reply_close`, `close`, `reopen` or `preview`.
    pub(super) action: Option<String>,
}

/// Replies, closes, reopens, or previews the reply.
#[handler]
pub async fn post_reply(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<ReplyForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    let comment = form
        .comment
        .clone()
        .filter(|comment| !comment.trim().is_empty());
    let action = form.action.as_deref().unwrap_or("reply");
    let reply = match action {
        "preview" => {
            let renderer = Renderer::new(built.thread.users.values());
            let preview = renderer.html(form.comment.as_deref().unwrap_or_default());
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.preview = Some(preview);
            page.reply = form;
            return Ok(page.into_response());
        }
        "close" => Reply {
            comment,
            close: Some(true),
            organization: form.organization.clone(),
            held: None,
        },
        "reopen" => Reply {
            comment: None,
            close: Some(false),
            organization: None,
            held: None,
        },
        "reply_close" => Reply {
            comment: Some(form.comment.clone().unwrap_or_default()),
            close: Some(true),
            organization: form.organization.clone(),
            held: None,
        },
        _ => Reply {
            comment: Some(form.comment.clone().unwrap_or_default()),
            close: None,
            organization: form.organization.clone(),
            held: None,
        },
    };
    let posting = reply.comment.is_some();
    match reply_to(&state, &viewer, &built.thread, reply).await {
        Ok(_) if posting => to_posted(&state, &viewer, &id).await,
        Ok(_) => Ok(back_to(&id)),
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.errors = errors;
            page.reply = form;
            Ok(page.with_status(status).into_response())
        }
    }
}
