//! `/login`: the provider list, the OAuth round trip, sign-out, and the demo's sign-in.

use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use poem::web::cookie::{Cookie, SameSite};
use poem::web::{Data, Form, Path, Query, Redirect, RemoteAddr};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use crate::auth::session::{self, end_session, session_cookie, start_session};
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::models::demo::{DemoPersona, demo_user};
use crate::models::users::set_locale;
use crate::permissions::Viewer;
use crate::signin::oauth::{self, Callback, PENDING_TTL, STATE_COOKIE};
use crate::state::AppState;
use crate::web::{CsrfForm, Frame, NextQuery, safe_next};

/// The sign-in page.
#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    frame: Frame,
    providers: Vec<(String, String)>,
    next: String,
    /// What signing in is, naming the site.
    intro: String,
    /// Why signing in is asked for, from where the visitor is heading.
    reason: Option<&'static str>,
    demo: bool,
}

/// The sentence saying why the page at `next` needs a signed-in visitor, when it is one of
/// those a visitor is sent here from.
fn reason(next: &str) -> Option<&'static str> {
    let path = next.split(['?', '#']).next().unwrap_or_default();
    if path == "/reuses/new" || (path.starts_with("/reuses/") && path.ends_with("/edit")) {
        Some("publish.why_publish")
    } else if path.starts_with("/discussions/") {
        Some("publish.why_discuss")
    } else if path.starts_with("/moderation") {
        Some("publish.why_moderate")
    } else if path.starts_with("/me/") {
        Some("publish.why_account")
    } else if path != "/" {
        Some("publish.why_return")
    } else {
        None
    }
}

/// Lists the providers (and, in the demo, the demo personas), saying why signing in is asked
/// for; every way in comes back to `next`.
#[handler]
pub fn login_page(req: &Request, state: Data<&AppState>, query: Query<NextQuery>) -> LoginPage {
    let next = safe_next(query.next.as_deref(), "/me/");
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("login.title"), None);
    let intro = frame.t_args(
        "publish.login_intro",
        &[("site", frame.site.name.as_str().into())],
    );
    LoginPage {
        reason: query.next.as_ref().and_then(|_| reason(&next)),
        intro,
        frame,
        providers: state
            .providers
            .all()
            .iter()
            .map(|provider| (provider.config.name.clone(), provider.config.label.clone()))
            .collect(),
        next,
        demo: state.demo,
    }
}

/// `?next=` and an optional `login_hint` passed on to the provider.
#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
    login_hint: Option<String>,
}

/// Sends the browser to the provider, bound to it by a short-lived cookie.
#[handler]
pub async fn start(
    req: &Request,
    state: Data<&AppState>,
    name: Path<String>,
    query: Query<StartQuery>,
) -> HttpResult<Response> {
    let next = safe_next(query.next.as_deref(), "/me/");
    let (url, state_token) =
        oauth::start_sign_in(&state, &name, &next, query.login_hint.as_deref()).await?;
    let mut cookie = Cookie::new_with_str(STATE_COOKIE, state_token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/login/");
    cookie.set_max_age(PENDING_TTL);
    req.cookie().add(cookie);
    Ok(Redirect::see_other(url).into_response())
}

/// The provider's redirect back: signs in and goes where the user was heading.
#[handler]
pub async fn callback(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    name: Path<String>,
    query: Query<Callback>,
) -> HttpResult<Response> {
    let browser_state = req
        .cookie()
        .get(STATE_COOKIE)
        .map(|c| c.value_str().to_owned());
    let mut spent = Cookie::new_with_str(STATE_COOKIE, "");
    spent.set_path("/login/");
    spent.set_max_age(Duration::ZERO);
    req.cookie().add(spent);
    let (user, next) = oauth::finish_sign_in(
        &state,
        &name,
        &query,
        browser_state.as_deref(),
        crate::http::lang::of_request(req),
    )
    .await?;
    sign_in(req, &state, &viewer, &user.id).await?;
    Ok(Redirect::see_other(next).into_response())
}

/// A fresh session (never the one the browser came with: no fixation).
async fn sign_in(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    user_id: &str,
) -> HttpResult<()> {
    if let Some(old) = &viewer.session {
        end_session(state, &old.id).await?;
    }
    let secret = start_session(state, user_id).await?;
    req.cookie().add(session_cookie(&secret));
    // Mails speak the language the person reads the site in.
    set_locale(
        &state.db,
        user_id,
        crate::http::lang::of_request(req).code(),
    )
    .await?;
    Ok(())
}

/// Ends the session on every instance.
#[handler]
pub async fn logout(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    if let Some(current) = &viewer.session {
        end_session(&state, &current.id).await?;
    }
    req.cookie().add(session::expired_session_cookie());
    Ok(Redirect::see_other("/").into_response())
}

/// The demo sign-in form.
#[derive(Deserialize)]
pub struct DemoForm {
    csrf_token: Option<String>,
    persona: String,
    /// Where the visitor was heading (a path on this site).
    next: Option<String>,
}

/// Signs in as a demo persona: only under `vitrine demo`, only from this machine; then goes
/// where the visitor was heading, like any other sign-in.
#[handler]
pub async fn demo_sign_in(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    remote: &RemoteAddr,
    form: Form<DemoForm>,
) -> HttpResult<Response> {
    let loopback = remote
        .as_socket_addr()
        .is_some_and(|addr| addr.ip().is_loopback());
    if !state.demo || !loopback {
        return Err(AppError::NotFound("Not found".into()).into());
    }
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let persona = DemoPersona::parse(&form.persona)
        .ok_or_else(|| AppError::field("persona", "is not a demo persona"))?;
    let user = demo_user(&state.db, persona).await?;
    sign_in(req, &state, &viewer, &user.id).await?;
    let next = safe_next(form.next.as_deref(), "/me/");
    Ok(Redirect::see_other(next).into_response())
}
