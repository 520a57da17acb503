//! The admins' page of the catalog sync (`/moderation/sync`): how it stands, what its runs did,
//! its latest errors.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};

use crate::error::HttpResult;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::sync::SyncStatus;
use crate::sync::state::{Counts, Logged};
use crate::web::{Frame, sign_in_first};

/// The sync page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_sync.html")]
pub struct SyncPage {
    frame: Frame,
    /// `None` when no catalog is configured.
    sync: Option<SyncView>,
}

/// The sync's state as the page shows it, dates in the reader's words.
pub struct SyncView {
    /// The catalog's root.
    pub catalog_url: String,
    /// `udata` or `ckan`.
    pub kind: &'static str,
    /// How often it runs, or that the job is off.
    pub schedule: String,
    /// An instance holds the lease.
    pub running: bool,
    /// Running (by which instance) or not.
    pub state: String,
    /// When a run last succeeded, or “never”.
    pub last_success: String,
    /// When a run last ended, or “never”.
    pub last_run: String,
    /// When the next scheduled run is due, or “not planned”.
    pub next_run: String,
    /// When the last full pass started, or “never”.
    pub last_full: String,
    /// The newest modification read, or “never”.
    pub checkpoint: String,
    /// Why the last run failed.
    pub last_error: Option<String>,
    /// A pass is stopped or under way: the counts table has its column.
    pub in_progress: bool,
    /// What the last run (and the pass under way) did.
    pub counts: Vec<CountRow>,
    /// The latest skipped records and failures, newest first.
    pub errors: Vec<ErrorRow>,
}

/// One line of the counts table.
pub struct CountRow {
    /// What is counted.
    pub label: &'static str,
    /// By the last finished run.
    pub last: String,
    /// By the pass under way.
    pub current: Option<String>,
}

/// One recent error.
pub struct ErrorRow {
    /// When.
    pub at: String,
    /// The dataset concerned, when known.
    pub id: String,
    /// What went wrong.
    pub reason: String,
}

/// One of the counters a run keeps.
type Counter = fn(&Counts) -> u64;

/// The counters, in the table's order, with their labels.
const COUNTED: [(&str, Counter); 12] = [
    ("sync.pages", |c| c.pages),
    ("sync.read", |c| c.read),
    ("sync.created", |c| c.created),
    ("sync.updated", |c| c.updated),
    ("sync.unchanged", |c| c.unchanged),
    ("sync.deleted", |c| c.deleted),
    ("sync.rekeyed", |c| c.rekeyed),
    ("sync.skipped", |c| c.skipped),
    ("sync.notified", |c| c.notified),
    ("sync.organizations", |c| c.organizations),
    ("sync.requests", |c| c.requests),
    ("sync.retries", |c| c.retries),
];

impl SyncView {
    fn new(status: SyncStatus, frame: &Frame) -> Self {
        let when = |at: Option<DateTime<Utc>>, missing: &str| {
            at.map_or_else(|| frame.t(missing).to_owned(), |at| frame.date_time(at))
        };
        let counts = COUNTED
            .iter()
            .map(|(label, count)| CountRow {
                label: frame.t(label),
                last: frame.number(count(&status.last_run)),
                current: status
                    .in_progress
                    .as_ref()
                    .map(|counts| frame.number(count(counts))),
            })
            .collect();
        Self {
            schedule: if status.interval_seconds == 0 {
                frame.t("sync.off").to_owned()
            } else {
                frame.t_args("sync.every", &[("seconds", status.interval_seconds.into())])
            },
            state: match &status.lease_owner {
                Some(owner) if status.running => {
                    frame.t_args("sync.running", &[("owner", owner.as_str().into())])
                }
                _ => frame.t("sync.idle").to_owned(),
            },
            running: status.running,
            last_success: when(status.last_success_at, "sync.never"),
            last_run: when(status.last_run_at, "sync.never"),
            next_run: when(status.next_run_at, "sync.not_planned"),
            last_full: when(status.last_full_at, "sync.never"),
            checkpoint: when(status.checkpoint, "sync.never"),
            in_progress: status.in_progress.is_some(),
            errors: status
                .errors
                .into_iter()
                .map(|Logged { at, id, reason }| ErrorRow {
                    at: frame.date_time(at),
                    id: id.unwrap_or_default(),
                    reason,
                })
                .collect(),
            last_error: status.last_error,
            catalog_url: status.catalog_url,
            kind: status.kind,
            counts,
        }
    }
}

/// The catalog sync's state, for site admins.
#[handler]
pub async fn sync_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    if viewer.user.is_none() {
        return Ok(sign_in_first("/moderation/sync"));
    }
    permissions::can_see_sync(&viewer)?;
    let frame = Frame::of(req);
    let sync = crate::sync::status(&state.db, &state.config)
        .await?
        .map(|status| SyncView::new(status, &frame));
    Ok(SyncPage { frame, sync }.into_response())
}
