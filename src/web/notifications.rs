//! Notification pages: the settings form, opening a notification, one-click unsubscribe.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};

use crate::actions;
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::notifications::kinds::{EmailMode, Kind};
use crate::notifications::settings::{Preference, preferences};
use crate::notifications::unsubscribe;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::{CsrfForm, Frame, sign_in_first};

/// One row of the settings form.
pub struct SettingRow {
    /// Kind id.
    pub kind: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Chosen mail mode.
    pub email: &'static str,
    /// In-app on.
    pub in_app: bool,
}

/// The settings page.
#[derive(Template, WebTemplate)]
#[template(path = "notification_settings.html")]
pub struct SettingsPage {
    frame: Frame,
    rows: Vec<SettingRow>,
    modes: Vec<(&'static str, &'static str)>,
    saved: bool,
}

async fn settings_page(
    req: &Request,
    state: &AppState,
    user_id: &str,
    saved: bool,
) -> HttpResult<SettingsPage> {
    let frame = Frame::of(req);
    let rows = preferences(&state.db, user_id)
        .await?
        .into_iter()
        .map(|preference| SettingRow {
            kind: preference.kind.as_str(),
            label: frame.t(&format!("kind.{}", preference.kind.as_str())),
            email: preference.email.as_str(),
            in_app: preference.in_app,
        })
        .collect();
    let modes = [EmailMode::Immediate, EmailMode::Daily, EmailMode::Off]
        .into_iter()
        .map(|mode| (mode.as_str(), frame.t(&format!("email.{}", mode.as_str()))))
        .collect();
    Ok(SettingsPage {
        frame,
        rows,
        modes,
        saved,
    })
}

/// Shows the settings form.
#[handler]
pub async fn settings_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    let Some(user) = &viewer.user else {
        return Ok(sign_in_first("/me/notifications"));
    };
    Ok(settings_page(req, &state, &user.id, false)
        .await?
        .into_response())
}

/// Saves the settings form: `email_<kind>` selects and `in_app_<kind>` checkboxes.
#[handler]
pub async fn save_settings(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    body: String,
) -> HttpResult<Response> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    verify_csrf(&viewer, value("csrf_token"))?;
    let user = viewer.require_user()?;
    let mut chosen = Vec::new();
    for kind in Kind::ALL {
        let email = match value(&format!("email_{}", kind.as_str())) {
            Some(mode) => EmailMode::parse(mode)?,
            None => kind.default_email(),
        };
        chosen.push(Preference {
            kind,
            email,
            in_app: value(&format!("in_app_{}", kind.as_str())).is_some(),
        });
    }
    actions::notifications::save_settings(&state, &viewer, chosen, Vec::new()).await?;
    Ok(settings_page(req, &state, &user.id, true)
        .await?
        .into_response())
}

/// Marks a notification read and goes where it points.
#[handler]
pub async fn open_notification(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<Response> {
    if viewer.user.is_none() {
        return Ok(sign_in_first("/me/"));
    }
    let row = actions::notifications::mark_read(&state, &viewer, &id).await?;
    let site = state.config.public_url.as_str().trim_end_matches('/');
    let target = serde_json::from_str::<serde_json::Value>(&row.details)
        .ok()
        .and_then(|details| details["url"].as_str().map(str::to_owned))
        .and_then(|url| url.strip_prefix(site).map(str::to_owned))
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| "/me/".to_owned());
    Ok(Redirect::see_other(target).into_response())
}

/// Marks every notification read.
#[handler]
pub async fn read_all(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    actions::notifications::mark_all_read(&state, &viewer).await?;
    Ok(Redirect::see_other("/me/#inbox").into_response())
}

/// The unsubscribe page.
#[derive(Template, WebTemplate)]
#[template(path = "unsubscribe.html")]
pub struct UnsubscribePage {
    frame: Frame,
    kind_label: &'static str,
    action: String,
    done: bool,
}

fn checked_link(state: &AppState, user: &str, kind: &str, token: &str) -> HttpResult<Kind> {
    let kind = Kind::parse(kind).map_err(|_| AppError::NotFound("unsubscribe link".into()))?;
    if unsubscribe::verify(&state.config.secret_key, user, kind, token) {
        Ok(kind)
    } else {
        Err(AppError::NotFound("This unsubscribe link is not valid.".into()).into())
    }
}

/// Asks to confirm (a link followed by a mail scanner must not unsubscribe anybody).
#[handler]
pub async fn unsubscribe_page(
    req: &Request,
    state: Data<&AppState>,
    Path((user, kind, token)): Path<(String, String, String)>,
) -> HttpResult<UnsubscribePage> {
    let kind = checked_link(&state, &user, &kind, &token)?;
    let frame = Frame::of(req);
    Ok(UnsubscribePage {
        kind_label: frame.t(&format!("kind.{}", kind.as_str())),
        action: format!("/unsubscribe/{user}/{}/{token}", kind.as_str()),
        done: false,
        frame,
    })
}

/// Unsubscribes: the page's button, or a mail client's one-click POST (RFC 8058). No sign-in:
/// the signed link says who and what.
#[handler]
pub async fn unsubscribe_now(
    req: &Request,
    state: Data<&AppState>,
    Path((user, kind, token)): Path<(String, String, String)>,
) -> HttpResult<UnsubscribePage> {
    let kind = checked_link(&state, &user, &kind, &token)?;
    actions::notifications::unsubscribe(&state, &user, kind).await?;
    let frame = Frame::of(req);
    Ok(UnsubscribePage {
        kind_label: frame.t(&format!("kind.{}", kind.as_str())),
        action: String::new(),
        done: true,
        frame,
    })
}
