//! How the sync stands, for `/healthz`, the admins' page and `vitrine sync --status`.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::state::{self, Counts, Logged};
use crate::config::Config;
use crate::error::AppResult;

/// The sync's state as people read it.
#[derive(Clone, Debug, Serialize)]
pub struct SyncStatus {
    /// `udata` or `ckan`.
    pub kind: &'static str,
    /// The catalog's root.
    pub catalog_url: String,
    /// Seconds between scheduled runs; 0 when the job is off.
    pub interval_seconds: u64,
    /// Whether an instance holds the lease now.
    pub running: bool,
    /// Which, while it does.
    pub lease_owner: Option<String>,
    /// When a run last ended.
    pub last_run_at: Option<DateTime<Utc>>,
    /// When a run last succeeded.
    pub last_success_at: Option<DateTime<Utc>>,
    /// When the last full pass started.
    pub last_full_at: Option<DateTime<Utc>>,
    /// When the next scheduled run is due.
    pub next_run_at: Option<DateTime<Utc>>,
    /// The newest modification read: the next run reads from there.
    pub checkpoint: Option<DateTime<Utc>>,
    /// Why the last run failed, if it did.
    pub last_error: Option<String>,
    /// What the last finished run did.
    pub last_run: Counts,
    /// A pass stopped or under way: what it did so far.
    pub in_progress: Option<Counts>,
    /// The latest skipped records and failures, newest first.
    pub errors: Vec<Logged>,
}

/// The sync's state, or `None` when no catalog is configured.
pub async fn status(db: &impl ConnectionTrait, config: &Config) -> AppResult<Option<SyncStatus>> {
    let Some(catalog) = &config.catalog else {
        return Ok(None);
    };
    let row = state::read(db).await?;
    let now = crate::clock::now();
    let mut status = SyncStatus {
        kind: catalog.kind.as_str(),
        catalog_url: super::client::redacted(&catalog.url),
        interval_seconds: catalog.interval.as_secs(),
        running: false,
        lease_owner: None,
        last_run_at: None,
        last_success_at: None,
        last_full_at: None,
        next_run_at: None,
        checkpoint: None,
        last_error: None,
        last_run: Counts::default(),
        in_progress: None,
        errors: Vec::new(),
    };
    let Some(row) = row.filter(|row| row.catalog_url == catalog.url.as_str()) else {
        return Ok(Some(status));
    };
    status.running = row.lease_until.is_some_and(|until| until > now);
    status.lease_owner = row.lease_owner.clone().filter(|_| status.running);
    status.last_run_at = row.last_run_at;
    status.last_success_at = row.last_success_at;
    status.last_full_at = row.last_full_at;
    status.next_run_at = row.next_run_at;
    status.checkpoint = row.checkpoint;
    status.last_error.clone_from(&row.last_error);
    status.last_run = serde_json::from_str(&row.report).unwrap_or_default();
    status.in_progress = state::pass_of(&row).map(|pass| pass.counts);
    let mut errors = state::errors_of(&row);
    errors.reverse();
    status.errors = errors;
    Ok(Some(status))
}
