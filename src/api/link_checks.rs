//! `/api/1/reuses/{id}/link-checks/`: whether a reuse's link works, and the checker's visits.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::linkcheck::report::{LinkHistory, reuse_history};
use crate::models::paging::Paging;
use crate::state::AppState;

/// The link checker's reads.
pub struct LinkChecksApi;

/// A reuse's link and where it stands.
#[derive(Object)]
pub struct LinkView {
    /// The reuse's id.
    pub reuse: String,
    /// The address checked.
    pub url: String,
    /// `unknown` (not checked yet), `works`, `failing` (not long enough to be broken) or
    /// `broken` (3 failed checks over at least 48 hours).
    pub state: String,
    /// Failed checks since the last one that worked.
    pub failures: i32,
    /// When the first of those failed.
    #[oai(nullable)]
    pub failing_since: Option<DateTime<Utc>>,
    /// When the reuse's owner was told the link is broken.
    #[oai(nullable)]
    pub owner_told_at: Option<DateTime<Utc>>,
    /// The last check.
    #[oai(nullable)]
    pub last_checked_at: Option<DateTime<Utc>>,
    /// The next check; none while the reuse is private or archived.
    #[oai(nullable)]
    pub next_check_at: Option<DateTime<Utc>>,
}

/// One visit of the checker.
#[derive(Object)]
pub struct LinkCheckView {
    /// When.
    pub checked_at: DateTime<Utc>,
    /// The address visited.
    pub url: String,
    /// `works`, `fails` or `unknown` (the server asked to slow down: counts neither way).
    pub verdict: String,
    /// Why: `ok`, `http_404`…, `timeout`, `unreachable`, `private_address`,
    /// `too_many_redirects`, `bad_redirect`, `not_http`.
    pub reason: String,
    /// The last HTTP status received.
    #[oai(nullable)]
    pub status: Option<i32>,
    /// How long the visit took, redirects included.
    pub duration_ms: i32,
    /// Where redirects ended, when elsewhere.
    #[oai(nullable)]
    pub final_url: Option<String>,
}

/// A reuse's link and a page of its visits, newest first.
#[derive(Object)]
pub struct LinkHistoryView {
    /// The link; null until the checker has enrolled it.
    #[oai(nullable)]
    pub link: Option<LinkView>,
    /// Its visits, in udata's list envelope.
    pub checks: Page<LinkCheckView>,
}

#[OpenApi]
impl LinkChecksApi {
    /// A reuse's link checks
    ///
    /// Whether the reuse's page answers and the checker's visits of the last 90 days, newest
    /// first: for those who may edit the reuse, and animators.
    #[oai(
        path = "/reuses/:id/link-checks/",
        method = "get",
        operation_id = "reuse_link_checks",
        tag = "ApiTags::Reuses"
    )]
    async fn link_checks(
        &self,
        req: &Request,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        /// Page number, from 1.
        page: Query<Option<u64>>,
        /// Checks a page (at most 100).
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<LinkHistoryView>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let LinkHistory {
            reuse,
            link,
            checks,
        } = reuse_history(&state.db, &viewer, &id, paging).await?;
        Ok(Json(LinkHistoryView {
            link: link.map(|link| LinkView {
                reuse: reuse.id.clone(),
                url: link.url,
                state: link.state,
                failures: link.failures,
                failing_since: link.failing_since,
                owner_told_at: link.owner_told_at,
                last_checked_at: link.last_checked_at,
                next_check_at: link.next_check_at,
            }),
            checks: Page::new(checks, req, &state.config.public_url, |check| {
                LinkCheckView {
                    checked_at: check.checked_at,
                    url: check.url,
                    verdict: check.verdict,
                    reason: check.reason,
                    status: check.status,
                    duration_ms: check.duration_ms,
                    final_url: check.final_url,
                }
            }),
        }))
    }
}
