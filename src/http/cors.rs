//! CORS on the API, as udata does it: scripts of any origin (or of `VITRINE_CORS_ORIGINS`) may
//! read `/api/1/` and CKAN's Action API (`/api/3/action/`) and call them with an API key;
//! preflights are answered here, before routing.
//!
//! Credentials are never allowed cross-origin: no `Access-Control-Allow-Credentials`, and
//! [`crate::auth::resolve_viewer`] ignores the session cookie of an API call from another
//! origin ([`is_foreign`]), so a page elsewhere cannot act as the person signed in here.

use std::sync::Arc;

use poem::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, HeaderMap, HeaderValue, ORIGIN, VARY,
};
use poem::http::{Method, StatusCode};
use poem::{Endpoint, IntoResponse, Request, Response};
use url::Url;

use crate::config::{Config, CorsOrigins};
use crate::http::dialect::ckan_action;
use crate::state::AppState;

/// Where CORS applies: the API and nothing else (pages are for this site's readers).
const API_PATH: &str = "/api/1";

/// The API's methods, answered to every preflight.
const METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/// Request headers a script elsewhere may send: its key, its JSON, udata's field mask.
const HEADERS: &str = "X-API-KEY, Content-Type, X-Fields";

/// Those a script elsewhere may send to CKAN's Action API: its key in CKAN's headers too.
const CKAN_HEADERS: &str = "Authorization, X-CKAN-API-Key, X-API-KEY, Content-Type";

/// Response headers such a script may read besides the safelisted ones.
const EXPOSED: &str = "ETag, Location, Retry-After";

/// How long a browser may reuse a preflight's answer (Chromium keeps it 2 hours at most).
const MAX_AGE_SECONDS: u32 = 7200;

/// Answers API preflights with 204 and adds CORS headers to the API's answers, errors included.
pub async fn cors<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    let allowed_headers = if ckan_action(path).is_some() {
        CKAN_HEADERS
    } else {
        HEADERS
    };
    let config = match req.data::<AppState>() {
        Some(state)
            if path == API_PATH || path.starts_with("/api/1/") || ckan_action(path).is_some() =>
        {
            state.config.clone()
        }
        _ => return Ok(ep.call(req).await?.into_response()),
    };
    let origin = req
        .headers()
        .get(ORIGIN)
        .filter(|origin| {
            origin
                .to_str()
                .is_ok_and(|origin| config.cors_origins.allows(origin))
        })
        .cloned();
    let mut response = if is_preflight(&req) {
        let allowed = origin.filter(|_| asks_what_we_allow(req.headers(), allowed_headers));
        preflight(allowed.as_ref(), &config, allowed_headers)
    } else {
        // Errors become responses here, so that a script elsewhere may read them too.
        let mut answer = match ep.call(req).await {
            Ok(answer) => answer.into_response(),
            Err(err) => err.into_response(),
        };
        if let Some(origin) = &origin {
            let headers = answer.headers_mut();
            allow_origin(headers, origin, &config);
            headers.insert(
                ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSED),
            );
        }
        answer
    };
    add_vary(response.headers_mut(), "Origin");
    Ok(response)
}

/// The answer to a preflight: 204, with the API's methods and `allowed_headers` when `origin`
/// may call.
fn preflight(
    origin: Option<&HeaderValue>,
    config: &Config,
    allowed_headers: &'static str,
) -> Response {
    let mut answer = StatusCode::NO_CONTENT.into_response();
    let headers = answer.headers_mut();
    if let Some(origin) = origin {
        allow_origin(headers, origin, config);
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(METHODS),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(allowed_headers),
        );
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_SECONDS));
    }
    add_vary(headers, "Access-Control-Request-Method");
    add_vary(headers, "Access-Control-Request-Headers");
    answer
}

/// Whether a request comes from a page of another origin than the site's own (`public_url`):
/// it carries an `Origin` that is not the site's, `null` included.
pub fn is_foreign(req: &Request, public_url: &Url) -> bool {
    req.headers().get(ORIGIN).is_some_and(|origin| {
        origin.as_bytes() != public_url.origin().ascii_serialization().as_bytes()
    })
}

/// A browser asking before its real request: `OPTIONS` naming the method it will use.
fn is_preflight(req: &Request) -> bool {
    req.method() == Method::OPTIONS
        && req.headers().contains_key(ORIGIN)
        && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD)
}

/// Whether the method and every header a preflight names are allowed (headers in any case).
fn asks_what_we_allow(headers: &HeaderMap, allowed_headers: &str) -> bool {
    let method = headers
        .get(ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let known_method = METHODS.split(", ").any(|allowed| allowed == method);
    let known_headers = headers
        .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .all(|value| {
            value.to_str().is_ok_and(|names| {
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .all(|name| {
                        allowed_headers
                            .split(", ")
                            .any(|allowed| allowed.eq_ignore_ascii_case(name))
                    })
            })
        });
    known_method && known_headers
}

/// Lets `origin` read the answer: `*` when any origin may, else the origin itself.
fn allow_origin(headers: &mut HeaderMap, origin: &HeaderValue, config: &Config) {
    let value = match config.cors_origins {
        CorsOrigins::Any => HeaderValue::from_static("*"),
        CorsOrigins::Listed(_) => origin.clone(),
    };
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
}

/// Adds `name` to the `Vary` header unless it is there already.
fn add_vary(headers: &mut HeaderMap, name: &str) {
    let present: Vec<String> = headers
        .get_all(VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect();
    if present
        .iter()
        .any(|item| item == "*" || item.eq_ignore_ascii_case(name))
    {
        return;
    }
    let joined = present
        .into_iter()
        .chain([name.to_owned()])
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(value) = HeaderValue::from_str(&joined) {
        headers.insert(VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_is_added_once_to_what_is_there() {
        let mut headers = HeaderMap::new();
        headers.insert(VARY, HeaderValue::from_static("Accept-Language"));
        add_vary(&mut headers, "Origin");
        add_vary(&mut headers, "origin");
        assert_eq!(headers[VARY], "Accept-Language, Origin");
    }

    #[test]
    fn a_preflight_may_name_the_api_headers_in_any_case() {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PATCH"),
        );
        headers.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("content-type,x-api-key, X-FIELDS"),
        );
        assert!(asks_what_we_allow(&headers, HEADERS));
        headers.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("x-api-key,x-csrf-token"),
        );
        assert!(!asks_what_we_allow(&headers, HEADERS));
        headers.remove(ACCESS_CONTROL_REQUEST_HEADERS);
        headers.insert(
            ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("TRACE"),
        );
        assert!(!asks_what_we_allow(&headers, HEADERS));
    }
}
