//! One log line per request, and its id.
//!
//! Each request gets an id: the caller's `X-Request-Id` when it is a reasonable token (a proxy's
//! or a load balancer's, so their logs and ours join), a new one otherwise. It is echoed in the
//! answer's `X-Request-Id` and written in the request's log line, with the route template,
//! the status, the duration and the signed-in user's id. With `VITRINE_LOG_FORMAT=json` the line
//! is a JSON object (see `main.rs`).

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, PathPattern, Request, Response};

/// The request id's header, read and written.
pub const REQUEST_ID: &str = "x-request-id";

/// What the log line of a request learns on the way: kept in the request's data.
#[derive(Clone, Debug)]
pub struct RequestLog {
    /// The request's id.
    pub id: Arc<str>,
    /// The signed-in user's id, once known.
    user: Arc<OnceLock<String>>,
}

impl RequestLog {
    /// Records who made the request (the viewer's resolution calls this).
    pub fn set_user(&self, user_id: &str) {
        let _ = self.user.set(user_id.to_owned());
    }
}

/// Gives the request its id, then logs it once answered.
pub async fn observe<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let started = Instant::now();
    let id: Arc<str> = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|value| acceptable(value))
        .map_or_else(
            || uuid::Uuid::now_v7().simple().to_string().into(),
            Into::into,
        );
    let log = RequestLog {
        id: id.clone(),
        user: Arc::default(),
    };
    req.set_data(log.clone());
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let mut response = match ep.call(req).await {
        Ok(response) => response.into_response(),
        Err(err) => err.into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let route = response
        .data::<PathPattern>()
        .map_or("unmatched", |pattern| &pattern.0);
    let status = response.status().as_u16();
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let user = log.user.get().map(String::as_str);
    if status >= 500 {
        tracing::error!(target: "vitrine::request", request_id = %id, %method, %path, route, status, duration_ms, user, "request");
    } else {
        tracing::info!(target: "vitrine::request", request_id = %id, %method, %path, route, status, duration_ms, user, "request");
    }
    Ok(response)
}

/// Up to 128 characters among letters, digits and `-_.:@`: enough for UUIDs and the ids of
/// usual proxies, nothing that could forge a log line.
fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'@'))
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_plain_tokens_are_taken_as_ids() {
        assert!(acceptable("0190c2d4-8f3a-7c1e-9b2d-4e5f6a7b8c9d"));
        assert!(acceptable("nginx.12ab:34"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("x\ny"));
        assert!(!acceptable(&"a".repeat(129)));
    }
}
