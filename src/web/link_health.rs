//! The link checker's findings in the reader's words: why a visit failed, and the alert a
//! reuse's page shows those who may fix it (nobody else is shown a reuse as broken).

use sea_orm::ConnectionTrait;

use crate::error::AppResult;
use crate::linkcheck::LinkKind;
use crate::linkcheck::queue::link_of;
use crate::web::Frame;

/// Why a visit failed, in the reader's words: `http_404` is "the server answers 404".
pub fn reason_words(frame: &Frame, reason: &str) -> String {
    if let Some(code) = reason.strip_prefix("http_") {
        return frame.t_args("links.reason_http", &[("status", code.into())]);
    }
    frame
        .t(match reason {
            "timeout" => "links.reason_timeout",
            "private_address" => "links.reason_private_address",
            "too_many_redirects" => "links.reason_too_many_redirects",
            "bad_redirect" => "links.reason_bad_redirect",
            "not_http" => "links.reason_not_http",
            _ => "links.reason_unreachable",
        })
        .to_owned()
}

/// The alert of a reuse whose link is broken, for a viewer who may edit it; `None` when it
/// answers (or was never checked).
pub async fn broken_alert(
    db: &impl ConnectionTrait,
    frame: &Frame,
    reuse_id: &str,
) -> AppResult<Option<String>> {
    let Some(link) = link_of(db, LinkKind::Reuse, reuse_id).await? else {
        return Ok(None);
    };
    if link.state != "broken" {
        return Ok(None);
    }
    let since = link
        .failing_since
        .map(|at| frame.date(at))
        .unwrap_or_default();
    let reason = reason_words(frame, link.last_reason.as_deref().unwrap_or_default());
    Ok(Some(frame.t_args(
        "links.broken_alert",
        &[("since", since.into()), ("reason", reason.into())],
    )))
}
