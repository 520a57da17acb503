//! Who is calling: an API key, or a browser session; and the CSRF token their forms carry.

pub mod session;

use std::sync::Arc;

use poem::http::Method;
use poem::web::cookie::{Cookie, SameSite};
use poem::{Endpoint, IntoResponse, Request, Response};

use crate::ckan::answer::refuse_unread;
use crate::error::{AppError, HttpError};
use crate::http::cors::is_foreign;
use crate::http::dialect::{ckan_action, may_write};
use crate::http::security::EMBED_PATH;
use crate::models::api_tokens::authenticate;
use crate::permissions::Viewer;
use crate::signin::constant_time_eq;
use crate::state::AppState;

/// Header udata clients send their key in.
pub const API_KEY_HEADER: &str = "X-API-KEY";
/// The older header CKAN clients send their key in (besides `Authorization`).
pub const CKAN_KEY_HEADER: &str = "X-CKAN-API-Key";
/// Header a browser script sends the CSRF token in on unsafe API calls.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// Cookie holding the CSRF token of visitors who are not signed in (double submit).
pub const CSRF_COOKIE: &str = "vitrine_csrf";

/// Resolves the caller once per request into a [`Viewer`] in the request's extensions.
///
/// A wrong API key is answered 401 (403 on CKAN's Action API, in its shape, whatever the
/// action); a cookie-authenticated unsafe API call without the session's CSRF token is
/// answered 403. An API call from a page of another origin is never
/// cookie-authenticated: its session cookie is not read, so it is anonymous unless it sends
/// an API key (a write then answers 401, never done as the person signed in here).
///
/// The pages other sites frame ([`EMBED_PATH`]) are the same for everybody and hold no form:
/// they are anonymous, read no session and set no cookie (a portal's visitors get none of
/// Vitrine's through its pages; `SameSite=Lax` ones would not come back from a frame anyway).
pub async fn resolve_viewer<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    if req.uri().path().starts_with(EMBED_PATH) {
        req.extensions_mut().insert(Viewer::default());
        return Ok(ep.call(req).await?.into_response());
    }
    let state = req
        .data::<AppState>()
        .cloned()
        .ok_or_else(|| HttpError(AppError::Internal("application state missing".into())))?;
    let mut viewer = Viewer::default();
    let ckan = ckan_action(req.uri().path()).is_some();
    if let Some(key) = presented_key(&req, ckan) {
        match authenticate(&state.db, &key).await {
            Ok(user) => viewer.user = Some(user),
            Err(err) => return Ok(refuse_unread(&mut req, err).await),
        }
    } else if let Some(cookie) = req
        .cookie()
        .get(session::SESSION_COOKIE)
        .filter(|_| !foreign_api_call(&req, &state))
    {
        match session::find_session(&state, cookie.value_str()).await? {
            Some((found, user)) => {
                viewer.user = Some(user);
                viewer.session = Some(found);
            }
            None => req.cookie().add(session::expired_session_cookie()),
        }
    }
    if let (Some(user), Some(log)) = (&viewer.user, req.data::<crate::http::observe::RequestLog>())
    {
        log.set_user(&user.id);
    }
    let path = req.uri().path();
    if let Some(user) = &viewer.user
        && viewer.session.is_some()
        && req.method() == Method::GET
        && !["/api/", "/static/", "/media/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
    {
        viewer.unread_notifications = crate::notifications::inbox::unread(&state.db, &user.id)
            .await
            .unwrap_or_default();
    }
    if viewer.session.is_some() && may_write(&req) && req.uri().path().starts_with("/api/") {
        let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if let Err(err) = verify_csrf(&viewer, sent) {
            return Ok(refuse_unread(&mut req, err).await);
        }
    }
    if viewer.session.is_none() {
        let existing = req
            .cookie()
            .get(CSRF_COOKIE)
            .map(|cookie| cookie.value_str().to_owned())
            .filter(|value| value.len() == 40);
        // Forms are pages: the API checks a session's token only, so an API call without one
        // gets no cookie (one less header on every anonymous API answer, cached ones too).
        let api = path.starts_with("/api/");
        viewer.anonymous_csrf = match existing {
            Some(value) => Some(value),
            None if api => None,
            None => {
                let value = hex::encode(rand::random::<[u8; 20]>());
                let mut cookie = Cookie::new_with_str(CSRF_COOKIE, &value);
                cookie.set_http_only(true);
                cookie.set_same_site(SameSite::Lax);
                cookie.set_path("/");
                req.cookie().add(cookie);
                Some(value)
            }
        };
    }
    req.extensions_mut().insert(viewer);
    Ok(ep.call(req).await?.into_response())
}

/// An API call from a script of another origin (CORS lets any origin read the API, and
/// browsers send cookies along with some such calls: same-site ones, simple requests).
fn foreign_api_call(req: &Request, state: &AppState) -> bool {
    req.uri().path().starts_with("/api/") && is_foreign(req, &state.config.public_url)
}

/// The API key a call presents: `X-API-KEY`, or on CKAN's Action API `Authorization` (bare,
/// as CKAN takes it, or after `Bearer`) or the older `X-CKAN-API-Key`.
fn presented_key(req: &Request, ckan: bool) -> Option<String> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .map(|value| value.to_str().unwrap_or_default().trim().to_owned())
    };
    header(API_KEY_HEADER).or_else(|| {
        if !ckan {
            return None;
        }
        header(CKAN_KEY_HEADER)
            .or_else(|| {
                header("Authorization").map(|value| match value.split_once(' ') {
                    Some((scheme, key)) if scheme.eq_ignore_ascii_case("bearer") => {
                        key.trim().to_owned()
                    }
                    _ => value,
                })
            })
            .filter(|key| !key.is_empty())
    })
}

/// Checks the CSRF token a form or script sent against the viewer's.
pub fn verify_csrf(viewer: &Viewer, sent: Option<&str>) -> Result<(), AppError> {
    let expected = viewer.csrf_token();
    match sent {
        Some(sent)
            if !expected.is_empty() && constant_time_eq(sent.as_bytes(), expected.as_bytes()) =>
        {
            Ok(())
        }
        _ => Err(AppError::Csrf),
    }
}
