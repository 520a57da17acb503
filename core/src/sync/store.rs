//! Storing a page of the catalog: in one transaction with the pass's progress, so that a run
//! stopped midway goes on from the next page. A page the database refuses as a whole (a
//! resource id another dataset holds, say) is stored one dataset at a time, and those refused
//! are skipped with the reason, as unreadable records are: the rest of the catalog goes on.

use chrono::{DateTime, Utc};

use super::SOURCE;
use super::state::{self, Counts, Logged, Pass};
use crate::error::{AppError, AppResult};
use crate::import::{CatalogDataset, Parsed};
use crate::models::catalog::{self, mark_synced, rekey_renamed};
use crate::notifications::Notifier;
use crate::state::AppState;

/// Stores `parsed` and saves the pass with what it did.
pub(super) async fn store(
    app: &AppState,
    notifier: &Notifier<'_>,
    owner: &str,
    pass: &mut Pass,
    parsed: Parsed,
) -> AppResult<()> {
    let now = crate::clock::now();
    let mut logged: Vec<Logged> = parsed
        .rejected
        .iter()
        .map(|row| Logged {
            at: now,
            id: row.id.clone(),
            reason: format!("{}: {}", row.location, row.reason),
        })
        .collect();
    let mut done = Counts {
        skipped: parsed.rejected.len() as u64,
        ..Counts::default()
    };
    let rows = parsed.datasets;
    let txn = crate::db::begin_write(&app.db).await?;
    match write(&txn, notifier, rows.clone(), now).await {
        Ok(counts) => {
            add(&mut done, &counts);
            let next = progressed(pass, &done);
            state::save_pass(&txn, owner, &next, note(logged)).await?;
            txn.commit().await?;
            *pass = next;
            return Ok(());
        }
        Err(AppError::Database(err)) => {
            drop(txn);
            tracing::warn!(error = %err, "a page could not be stored whole: one dataset at a time");
        }
        Err(err) => return Err(err),
    }
    for row in rows {
        let id = row.id.clone();
        let txn = crate::db::begin_write(&app.db).await?;
        match write(&txn, notifier, vec![row], now).await {
            Ok(counts) => {
                txn.commit().await?;
                add(&mut done, &counts);
            }
            Err(AppError::Database(err)) => {
                drop(txn);
                done.skipped += 1;
                logged.push(Logged {
                    at: now,
                    id: Some(id),
                    reason: format!("cannot be stored: {err}"),
                });
            }
            Err(err) => return Err(err),
        }
    }
    let next = progressed(pass, &done);
    state::save_pass(&app.db, owner, &next, note(logged)).await?;
    *pass = next;
    Ok(())
}

/// Writes `rows` in `txn`: datasets under a new id moved, rows upserted (people told of what
/// changed), the listed ones marked seen.
async fn write(
    txn: &impl sea_orm::ConnectionTrait,
    notifier: &Notifier<'_>,
    rows: Vec<CatalogDataset>,
    now: DateTime<Utc>,
) -> AppResult<Counts> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let rekeyed = rekey_renamed(txn, &rows).await? as u64;
    let parsed = Parsed {
        datasets: rows,
        rejected: Vec::new(),
    };
    let report = catalog::upsert_catalog(txn, parsed, SOURCE, Some(notifier)).await?;
    mark_synced(txn, ids, now).await?;
    Ok(Counts {
        created: report.created as u64,
        updated: report.updated as u64,
        unchanged: report.skipped as u64,
        notified: report.changes.len() as u64,
        deleted: report.changes.iter().filter(|c| c.deleted).count() as u64,
        rekeyed,
        ..Counts::default()
    })
}

fn add(total: &mut Counts, more: &Counts) {
    total.created += more.created;
    total.updated += more.updated;
    total.unchanged += more.unchanged;
    total.notified += more.notified;
    total.deleted += more.deleted;
    total.rekeyed += more.rekeyed;
    total.skipped += more.skipped;
}

fn progressed(pass: &Pass, done: &Counts) -> Pass {
    let mut next = pass.clone();
    add(&mut next.counts, done);
    next
}

/// Logs what is skipped, as it is kept.
fn note(logged: Vec<Logged>) -> Vec<Logged> {
    for row in &logged {
        tracing::warn!(id = ?row.id, reason = %row.reason, "catalog record skipped");
    }
    logged
}
