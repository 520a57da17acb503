//! Rate limits on writes (per user, or per address when anonymous) and on reports (per
//! address), counted in Redis when configured so every instance shares them, in-process
//! otherwise. Over the limit: 429 with `Retry-After` and a message saying what and for how long.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use poem::http::Method;
use poem::{Endpoint, IntoResponse, Request, Response};

use crate::error::AppError;
use crate::permissions::Viewer;
use crate::state::AppState;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

fn client_address(req: &Request) -> String {
    req.remote_addr()
        .as_socket_addr()
        .map(|addr| match addr.ip() {
            // An IPv6 client is its /64: one machine usually has a whole block.
            IpAddr::V6(ip) => {
                let segments = ip.segments();
                format!(
                    "{:x}:{:x}:{:x}:{:x}::/64",
                    segments[0], segments[1], segments[2], segments[3]
                )
            }
            ip => ip.to_string(),
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Sending a report (not a moderator working them): `POST /api/1/reports/` or the report form.
fn is_report(req: &Request) -> bool {
    let path = req.uri().path().trim_end_matches('/');
    req.method() == Method::POST && matches!(path, "/api/1/reports" | "/report")
}

/// Counts writes and reports, and refuses those over the configured limits.
pub async fn limit_writes<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    if !crate::http::dialect::may_write(&req) {
        return Ok(ep.call(req).await?.into_response());
    }
    let Some(state) = req.data::<AppState>().cloned() else {
        return Ok(ep.call(req).await?.into_response());
    };
    let address = client_address(&req);
    let who = req
        .extensions()
        .get::<Viewer>()
        .and_then(|viewer| viewer.user.as_ref().map(|user| format!("user:{}", user.id)))
        .unwrap_or_else(|| format!("ip:{address}"));
    let mut limits = vec![(
        format!("writes:{who}"),
        MINUTE,
        state.config.rate_writes_per_minute,
        "writes",
    )];
    if is_report(&req) {
        limits.push((
            format!("reports:{address}"),
            HOUR,
            state.config.rate_reports_per_hour,
            "reports",
        ));
    }
    for (key, window, limit, what) in limits {
        if let Some((count, retry_after)) = state.cache.count_in_window(&key, window).await
            && count > u64::from(limit)
        {
            let per = if window == HOUR {
                "an hour"
            } else {
                "a minute"
            };
            let err = AppError::TooManyRequests {
                message: format!(
                    "Too many {what}: at most {limit} {per}. Try again in {retry_after} s."
                ),
                retry_after,
            };
            return Ok(crate::ckan::answer::refuse_unread(&mut req, err).await);
        }
    }
    Ok(ep.call(req).await?.into_response())
}
