//! What the domain tells the metrics (docs/metrics.md): cache hits and misses, how long starting
//! a transaction took, what a catalog sync did, and, when `/metrics` is scraped, the database
//! pool's use and the mail outbox's backlog.
//!
//! Everything goes through the `metrics` facade: until the server installs its recorder (only
//! when `/metrics` is served), each call here does nothing.

use std::future::Future;
use std::time::Instant;

use ::metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge};
use sea_orm::{ConnAcquireErr, DatabaseConnection, DbBackend, DbErr};

use crate::error::AppResult;
use crate::sync::state::Counts;

/// Lookups of a cache, by `cache` and `result` (`hit` or `miss`).
pub const CACHE_REQUESTS: &str = "cache_requests_total";
/// Time to take a pooled connection and begin a transaction, by `kind` (`read` or `write`).
pub const DB_BEGIN: &str = "db_transaction_begin_seconds";
/// Transactions that could not begin: no connection came free within the acquire timeout.
pub const DB_POOL_TIMEOUTS: &str = "db_pool_timeouts_total";
/// Connections the pool holds, by `state` (`idle` or `in_use`), when scraped.
pub const DB_POOL_CONNECTIONS: &str = "db_pool_connections";
/// The most connections the pool may open (`VITRINE_DATABASE_POOL`).
pub const DB_POOL_MAX: &str = "db_pool_max_connections";
/// Mails not sent yet (`pending` or `sending`), when scraped.
pub const OUTBOX_PENDING: &str = "outbox_pending";
/// Age of the oldest of those mails, in seconds (0 when there is none), when scraped.
pub const OUTBOX_OLDEST_AGE: &str = "outbox_oldest_pending_age_seconds";
/// Mails the worker gave up on (`failed`), when scraped.
pub const OUTBOX_FAILED: &str = "outbox_failed";
/// Runs of the catalog sync, by `outcome` (`done`, `failed`, or `busy`: another instance was
/// syncing).
pub const SYNC_RUNS: &str = "sync_runs_total";
/// Datasets of the completed sync passes, by `result` (`created`, `updated`, `unchanged`,
/// `deleted`, or `skipped`: unreadable or refused).
pub const SYNC_DATASETS: &str = "sync_datasets_total";
/// When the last sync pass of this process completed, in seconds since the epoch.
pub const SYNC_LAST_SUCCESS: &str = "sync_last_success_timestamp_seconds";

/// The caches counted in [`CACHE_REQUESTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheName {
    /// Pages and API lists kept for anonymous visitors (the page cache).
    Page,
    /// Sessions, looked up by their cookie.
    Session,
    /// Values computed once a generation: totals, the site's figures, the activity feed, tags.
    Computed,
}

impl CacheName {
    fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Session => "session",
            Self::Computed => "computed",
        }
    }
}

/// Gives each metric its help text and unit: called once the recorder is installed.
pub fn describe() {
    describe_counter!(
        CACHE_REQUESTS,
        "Cache lookups, by cache and result (hit or miss)."
    );
    describe_histogram!(
        DB_BEGIN,
        Unit::Seconds,
        "Time to take a pooled connection and begin a transaction: waits for a free connection \
         (and, for writes on SQLite, for the write lock) show here."
    );
    describe_counter!(
        DB_POOL_TIMEOUTS,
        "Transactions that could not begin: no pooled connection came free in time."
    );
    describe_gauge!(
        DB_POOL_CONNECTIONS,
        "Connections the database pool holds, by state (idle or in_use)."
    );
    describe_gauge!(
        DB_POOL_MAX,
        "The most connections the database pool may open."
    );
    describe_gauge!(OUTBOX_PENDING, "Mails not sent yet (pending or sending).");
    describe_gauge!(
        OUTBOX_OLDEST_AGE,
        Unit::Seconds,
        "Age of the oldest mail not sent yet (0 when there is none)."
    );
    describe_gauge!(OUTBOX_FAILED, "Mails the worker gave up on.");
    describe_counter!(
        SYNC_RUNS,
        "Catalog sync runs, by outcome (done, failed or busy)."
    );
    describe_counter!(
        SYNC_DATASETS,
        "Datasets of the completed catalog sync passes, by result."
    );
    describe_gauge!(
        SYNC_LAST_SUCCESS,
        Unit::Seconds,
        "When this process last completed a catalog sync pass (Unix time)."
    );
}

/// Counts a lookup of `cache`.
pub fn cache_lookup(cache: CacheName, hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    counter!(CACHE_REQUESTS, "cache" => cache.as_str(), "result" => result).increment(1);
}

/// Begins a transaction (`begin`), timing it into [`DB_BEGIN`] and counting an acquire timeout
/// into [`DB_POOL_TIMEOUTS`].
pub async fn timed_begin<T>(
    kind: &'static str,
    begin: impl Future<Output = Result<T, DbErr>>,
) -> Result<T, DbErr> {
    let started = Instant::now();
    let begun = begin.await;
    ::metrics::histogram!(DB_BEGIN, "kind" => kind).record(started.elapsed().as_secs_f64());
    if let Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)) = &begun {
        counter!(DB_POOL_TIMEOUTS, "kind" => kind).increment(1);
    }
    begun
}

/// Counts a run of the catalog sync: `done` with the counts of the pass it completed, `failed`,
/// or `busy`.
pub fn sync_run(outcome: &'static str, completed: Option<&Counts>) {
    counter!(SYNC_RUNS, "outcome" => outcome).increment(1);
    let Some(counts) = completed else {
        return;
    };
    for (result, n) in [
        ("created", counts.created),
        ("updated", counts.updated),
        ("unchanged", counts.unchanged),
        ("deleted", counts.deleted),
        ("skipped", counts.skipped),
    ] {
        counter!(SYNC_DATASETS, "result" => result).increment(n);
    }
    let now = crate::clock::now().timestamp_millis() as f64 / 1000.0;
    gauge!(SYNC_LAST_SUCCESS).set(now);
}

/// Sets the gauges read at scrape time: the pool's connections, then the outbox's backlog (two
/// counts on its partial indexes).
pub async fn sample(db: &DatabaseConnection) -> AppResult<()> {
    sample_pool(db);
    let backlog = crate::mail::outbox::backlog(db).await?;
    gauge!(OUTBOX_PENDING).set(backlog.unsent as f64);
    gauge!(OUTBOX_FAILED).set(backlog.failed as f64);
    let age = backlog.oldest.map_or(0.0, |oldest| {
        (crate::clock::now() - oldest).num_milliseconds().max(0) as f64 / 1000.0
    });
    gauge!(OUTBOX_OLDEST_AGE).set(age);
    Ok(())
}

/// The pool's size, idle connections and limit, as sqlx counts them.
fn sample_pool(db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
    gauge!(DB_POOL_CONNECTIONS, "state" => "idle").set(f64::from(idle));
    gauge!(DB_POOL_CONNECTIONS, "state" => "in_use").set(f64::from(size - idle));
    gauge!(DB_POOL_MAX).set(f64::from(max));
}
