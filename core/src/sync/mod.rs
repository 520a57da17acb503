//! The live mirror of the portal's catalog: `vitrine sync`, and the job `vitrine serve` and
//! `vitrine worker` run every `VITRINE_SYNC_INTERVAL`.
//!
//! A run holds a lease in the database (one instance syncs at a time) and walks the catalog's
//! listing page by page ([`dialect`]): from the checkpoint (only what changed since the last
//! run), or, once a day or with `--full`, the whole listing, after which each dataset the pass
//! did not see is looked up alone: gone, it is marked deleted; there (archived, or missed by
//! paging), it is stored. Each page is stored in one transaction with the pass's progress, so a
//! killed run goes on from its last page. The rows go through the file import's upsert
//! ([`crate::models::catalog`]), which tells the people relying on a dataset what changed.

pub mod client;
pub mod dialect;
pub mod state;
mod status;
mod store;
mod walk;

use chrono::{DateTime, Utc};

pub use status::{SyncStatus, status};

use crate::config::{CatalogSync, Config};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use dialect::Dialect;
use state::{Counts, Pass};

/// A full pass runs when the last one started longer ago than this.
const FULL_EVERY: chrono::Duration = chrono::Duration::hours(24);
/// Datasets a full pass looks up at once after reading the listing.
const LOOKUPS: u64 = 100;
/// The `source` of the datasets a sync creates.
pub const SOURCE: &str = "sync";

/// What `vitrine sync` asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Read the whole listing and look up what it no longer holds, whatever the last full
    /// pass.
    pub full: bool,
}

/// How a run went.
#[derive(Debug)]
pub enum Outcome {
    /// The pass is done.
    Done(Pass),
    /// Another instance holds the lease: nothing was done.
    Busy {
        /// Who holds it.
        owner: Option<String>,
        /// Until when, unless renewed.
        until: Option<DateTime<Utc>>,
    },
}

/// What a run reports as it goes, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub enum Progress {
    /// A pass starts or goes on: full or not, datasets read so far.
    Started {
        /// A full pass.
        full: bool,
        /// Datasets read before (a resumed pass).
        read: u64,
    },
    /// A page was stored: datasets read so far, of how many the listing holds.
    Page {
        /// Read so far.
        read: u64,
        /// The listing's size, when the catalog says (a full pass).
        total: Option<u64>,
    },
    /// The listing is read; the datasets it no longer holds are looked up.
    LookingUp {
        /// Looked up so far.
        done: u64,
    },
}

/// An id for this process, as the lease names its holder.
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "vitrine".to_owned());
    format!(
        "{host}:{}:{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

/// Runs one sync, if a catalog is configured and no other instance is syncing.
pub async fn run(
    app: &AppState,
    owner: &str,
    options: Options,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> AppResult<Outcome> {
    let catalog = configured(&app.config)?;
    let db = &app.db;
    state::ensure(db, catalog).await?;
    if !state::take_lease(db, owner).await? {
        crate::telemetry::sync_run("busy", None);
        let row = state::read(db).await?;
        return Ok(Outcome::Busy {
            owner: row.as_ref().and_then(|row| row.lease_owner.clone()),
            until: row.and_then(|row| row.lease_until),
        });
    }
    let outcome = run_holding_lease(app, catalog, owner, options, progress).await;
    match &outcome {
        Ok(Outcome::Done(pass)) => crate::telemetry::sync_run("done", Some(&pass.counts)),
        Ok(Outcome::Busy { .. }) => crate::telemetry::sync_run("busy", None),
        Err(_) => crate::telemetry::sync_run("failed", None),
    }
    app.cache.bump(crate::cache::GALLERY).await;
    // Given up whatever happened (a lease left behind would run out, later).
    if let Err(err) = state::release_lease(db, owner).await {
        tracing::error!(error = %err, "catalog sync: cannot release its lease");
    }
    outcome
}

async fn run_holding_lease(
    app: &AppState,
    catalog: &CatalogSync,
    owner: &str,
    options: Options,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> AppResult<Outcome> {
    let db = &app.db;
    let row = state::load(db, catalog).await?;
    let next = next_run(catalog);
    let dialect = Dialect::new(catalog.kind, &catalog.url);
    let pass = choose_pass(&row, &dialect, options);
    match walk::walk(app, catalog, dialect, owner, pass, progress).await {
        Ok(pass) => {
            state::finish(db, owner, &pass, next).await?;
            Ok(Outcome::Done(pass))
        }
        Err(err) => {
            // Sooner than the interval after a failure, but not at once.
            let retry = next.map(|at| at.min(crate::clock::now() + chrono::Duration::minutes(5)));
            state::fail(db, owner, &err.to_string(), retry).await?;
            Err(err)
        }
    }
}

fn configured(config: &Config) -> AppResult<&CatalogSync> {
    config.catalog.as_ref().ok_or_else(|| {
        AppError::field(
            "VITRINE_CATALOG_URL",
            "no catalog is configured: set VITRINE_CATALOG_URL and VITRINE_CATALOG_KIND",
        )
    })
}

fn next_run(catalog: &CatalogSync) -> Option<DateTime<Utc>> {
    let interval = chrono::Duration::from_std(catalog.interval).ok()?;
    (!interval.is_zero()).then(|| crate::clock::now() + interval)
}

/// The pass to run: the stored one when a run stopped midway less than a day ago (and no full
/// pass is asked for), else a full or an incremental one. An incremental pass reads from a
/// little before the checkpoint ([`state::SKEW`]).
fn choose_pass(row: &entity::sync_state::Model, dialect: &Dialect, options: Options) -> Pass {
    let now = crate::clock::now();
    let stored = state::pass_of(row).filter(|pass| now - pass.started_at < FULL_EVERY);
    if let Some(pass) = stored.filter(|_| !options.full) {
        return pass;
    }
    let full = options.full
        || row.checkpoint.is_none()
        || row.last_full_at.is_none_or(|at| now - at > FULL_EVERY);
    let since = if full {
        None
    } else {
        row.checkpoint.map(|at| at - state::SKEW)
    };
    Pass {
        full,
        started_at: now,
        since,
        position: dialect.start(since),
        reconciling: false,
        organizations_read: false,
        newest: None,
        total: None,
        counts: Counts::default(),
    }
}

/// The scheduled job: runs a sync whenever one is due, until the process ends. Does nothing
/// when no catalog is configured or `VITRINE_SYNC_INTERVAL` is 0.
pub async fn schedule(app: AppState) {
    let Some(catalog) = app.config.catalog.clone() else {
        return;
    };
    if catalog.interval.is_zero() {
        tracing::info!("catalog sync: the scheduled job is off (VITRINE_SYNC_INTERVAL=0)");
        return;
    }
    let owner = instance_name();
    let tick = catalog.interval.min(std::time::Duration::from_secs(30));
    loop {
        let due = match state::read(&app.db).await {
            Ok(Some(row)) => row.next_run_at.is_none_or(|at| at <= crate::clock::now()),
            Ok(None) => true,
            Err(err) => {
                tracing::error!(error = %err, "catalog sync: cannot read its state");
                false
            }
        };
        if due {
            match run(&app, &owner, Options::default(), &|_| {}).await {
                Ok(Outcome::Done(pass)) => tracing::info!(
                    full = pass.full,
                    created = pass.counts.created,
                    updated = pass.counts.updated,
                    deleted = pass.counts.deleted,
                    skipped = pass.counts.skipped,
                    "catalog sync done"
                ),
                Ok(Outcome::Busy { owner, .. }) => {
                    tracing::debug!(?owner, "catalog sync: another instance is syncing");
                }
                Err(err) => tracing::error!(error = %err, "catalog sync failed"),
            }
        }
        tokio::time::sleep(tick).await;
    }
}
