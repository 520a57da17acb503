//! Storing a page of the catalog: in one transaction with the pass's progress, so that a run
//! stopped midway goes on from the next page. A page the database refuses as a whole (a row
//! breaking a constraint) is stored one dataset at a time, and those refused are skipped with
//! the reason, as unreadable records are: the rest of the catalog goes on.

use chrono::{DateTime, Utc};

use super::SOURCE;
use super::client::FetchError;
use super::dialect::Presence;
use super::state::{self, Counts, Logged, Pass};
use super::walk::{Walker, fetch_failed};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::import::{CatalogDataset, Parsed};
use crate::models::catalog::{self, mark_synced, rekey, renamed_candidates};
use crate::notifications::Notifier;

/// A stored dataset the catalog now lists under a new id: (old id, new id).
type Move = (String, String);

/// Stores `parsed` and saves the pass with what it did.
pub(super) async fn store(walker: &Walker<'_>, pass: &mut Pass, parsed: Parsed) -> AppResult<()> {
    let (app, owner) = (walker.app, walker.owner);
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
    let moves = confirmed_moves(walker, &rows).await?;
    let txn = crate::db::begin_write(&app.db).await?;
    match write(&txn, &walker.notifier, rows.clone(), &moves, now).await {
        Ok(counts) => {
            add(&mut done, &counts);
            let next = progressed(pass, &done);
            state::save_pass(&txn, owner, &next, note(logged)).await?;
            txn.commit().await?;
            *pass = next;
            return Ok(());
        }
        Err(err) if refused(&err) => {
            drop(txn);
            tracing::warn!(error = %err, "a page could not be stored whole: one dataset at a time");
        }
        Err(err) => return Err(err),
    }
    for row in rows {
        let id = row.id.clone();
        let own: Vec<Move> = moves
            .iter()
            .filter(|(_, new)| *new == id)
            .cloned()
            .collect();
        let txn = crate::db::begin_write(&app.db).await?;
        match write(&txn, &walker.notifier, vec![row], &own, now).await {
            Ok(counts) => {
                state::renew_lease(&txn, owner).await?;
                txn.commit().await?;
                add(&mut done, &counts);
            }
            Err(err) if refused(&err) => {
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

/// Whether the database refused the rows themselves (a constraint, a value it cannot hold),
/// rather than failed for a while (busy, unreachable): only those are skipped.
fn refused(err: &AppError) -> bool {
    matches!(err, AppError::Database(_)) && err.kind() != ErrorKind::Unavailable
}

/// The datasets `rows` list under a new id whose old id the catalog no longer has: a page URL
/// that passed from one dataset to another is no rename.
async fn confirmed_moves(walker: &Walker<'_>, rows: &[CatalogDataset]) -> AppResult<Vec<Move>> {
    let mut moves = Vec::new();
    for (old, new) in renamed_candidates(&walker.app.db, rows).await? {
        state::renew_lease(&walker.app.db, walker.owner).await?;
        match walker.dialect.presence(&walker.client, &old).await {
            Ok(Presence::Gone) => moves.push((old, new)),
            Ok(Presence::Found(parsed)) if !parsed.datasets.iter().any(|row| row.id == old) => {
                moves.push((old, new));
            }
            Ok(Presence::Found(_)) => {}
            Err(err @ FetchError::Unavailable { .. }) => return Err(fetch_failed(err)),
            Err(err) => {
                tracing::warn!(%old, %new, error = %err, "cannot tell whether a dataset changed id")
            }
        }
    }
    Ok(moves)
}

/// Writes `rows` in `txn`: the datasets of `moves` moved to their new id, rows upserted
/// (people told of what changed), the listed ones marked seen.
async fn write(
    txn: &impl sea_orm::ConnectionTrait,
    notifier: &Notifier<'_>,
    rows: Vec<CatalogDataset>,
    moves: &[Move],
    now: DateTime<Utc>,
) -> AppResult<Counts> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut rekeyed = 0;
    for (old, new) in moves {
        rekeyed += u64::from(rekey(txn, old, new).await?);
    }
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
