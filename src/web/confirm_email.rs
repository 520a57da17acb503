//! Confirming an address from the link mailed to it, and asking for that link again.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path};
use poem::{Request, handler};

use crate::error::{AppError, HttpResult};
use crate::models::users::{confirm_email, find_user};
use crate::signin::email_confirmation::ConfirmationLink;
use crate::state::AppState;
use crate::web::Frame;

/// What the page says.
pub enum Outcome {
    /// Asks before confirming (a mail scanner following the link confirms nothing).
    Ask,
    /// Confirmed.
    Done,
}

/// The confirmation page.
#[derive(Template, WebTemplate)]
#[template(path = "confirm_email.html")]
pub struct ConfirmPage {
    frame: Frame,
    outcome: Outcome,
    text: String,
    action: String,
}

/// The account the link names, if the link is still good for its address.
async fn linked_user(
    state: &AppState,
    frame: &Frame,
    (user_id, expires, signature): (String, i64, String),
) -> HttpResult<(entity::users::Model, ConfirmationLink)> {
    let invalid = || AppError::NotFound(frame.t("confirm.invalid").to_owned());
    let link = ConfirmationLink {
        user_id,
        expires,
        signature,
    };
    let user = find_user(&state.db, &link.user_id)
        .await
        .map_err(|_| invalid())?;
    if !link.is_valid_for(&state.config.secret_key, &user) {
        return Err(invalid().into());
    }
    Ok((user, link))
}

fn page(mut frame: Frame, outcome: Outcome, key: &str, user: &entity::users::Model) -> ConfirmPage {
    let text = frame.t_args(
        key,
        &[
            ("email", user.email.as_str().into()),
            ("name", user.name.as_str().into()),
            ("site", frame.site.name.as_str().into()),
        ],
    );
    frame.crumb(frame.t("confirm.title"), None);
    ConfirmPage {
        frame,
        outcome,
        text,
        action: String::new(),
    }
}

/// Asks to confirm the address the link was mailed to.
#[handler]
pub async fn confirm_page(
    req: &Request,
    state: Data<&AppState>,
    Path(link): Path<(String, i64, String)>,
) -> HttpResult<ConfirmPage> {
    let frame = Frame::of(req);
    let (user, link) = linked_user(&state, &frame, link).await?;
    if user.email_verified {
        return Ok(page(frame, Outcome::Done, "publish.confirm_done", &user));
    }
    Ok(ConfirmPage {
        action: format!("/{}", link.path()),
        ..page(frame, Outcome::Ask, "confirm.ask", &user)
    })
}

/// Confirms the address. No sign-in: the signed link, mailed to that address, is the proof.
#[handler]
pub async fn confirm_now(
    req: &Request,
    state: Data<&AppState>,
    Path(link): Path<(String, i64, String)>,
) -> HttpResult<ConfirmPage> {
    let frame = Frame::of(req);
    let (user, _) = linked_user(&state, &frame, link).await?;
    match confirm_email(&state.db, &user.id, &user.email).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::NotFound(frame.t("confirm.invalid").to_owned()).into()),
        Err(AppError::Conflict { errors, .. }) => {
            return Err(AppError::Conflict {
                message: frame.t("confirm.taken").to_owned(),
                errors,
            }
            .into());
        }
        Err(err) => return Err(err.into()),
    }
    Ok(page(frame, Outcome::Done, "publish.confirm_done", &user))
}
