//! Deactivating an account: a page that says what it does, then the confirming POST.

use askama::Template;
use askama_web::WebTemplate;
use entity::users;
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};

use super::moderator_only;
use crate::auth::verify_csrf;
use crate::error::HttpResult;
use crate::models::users::find_user;
use crate::moderation::queue;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{CsrfForm, Frame};

/// The confirmation page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_deactivate.html")]
pub struct DeactivatePage {
    frame: Frame,
    user: users::Model,
    /// « Vous allez désactiver le compte de … ».
    lead: String,
}

/// Asks to confirm deactivating the account `id`, saying what follows.
#[handler]
pub async fn deactivate_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<Response> {
    let here = format!("/moderation/users/{}/deactivate", id.0);
    if let Some(redirect) = moderator_only(&viewer, &here) {
        return Ok(redirect);
    }
    permissions::can_moderate_content(&viewer)?;
    let user = find_user(&state.db, &id).await?;
    permissions::can_deactivate(&viewer, &user)?;
    let mut frame = Frame::of(req);
    let (above, here) = (
        frame.t("moderation.title"),
        frame.t("community.deactivate_title"),
    );
    frame.crumb(above, Some("/moderation/")).crumb(here, None);
    let lead = frame.t_args(
        "community.deactivate_lead",
        &[("name", user.name.as_str().into())],
    );
    Ok(DeactivatePage { frame, user, lead }.into_response())
}

/// Deactivates the account: the confirmation page's button.
#[handler]
pub async fn deactivate(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    queue::deactivate(&state, &viewer, &id).await?;
    Ok(Redirect::see_other("/moderation/?deactivated=1").into_response())
}
