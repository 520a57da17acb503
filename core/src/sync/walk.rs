//! A pass through the catalog: its listing page by page, then, for a full pass, each dataset it
//! no longer lists looked up alone.

use super::client::{Client, FetchError};
use super::dialect::{Dialect, Presence};
use super::state::{self, Logged, Pass};
use super::store::store;
use super::{LOOKUPS, Progress};
use crate::config::CatalogSync;
use crate::error::{AppError, AppResult};
use crate::import::Parsed;
use crate::models::catalog::{mark_deleted, mark_synced, refresh_organizations, unseen_since};
use crate::notifications::{Notifier, lifecycle};
use crate::state::AppState;

/// What a pass works with.
pub(super) struct Walker<'a> {
    pub(super) app: &'a AppState,
    pub(super) client: Client,
    pub(super) dialect: Dialect,
    pub(super) notifier: Notifier<'a>,
    pub(super) owner: &'a str,
}

/// Runs `pass` to its end.
pub(super) async fn walk(
    app: &AppState,
    catalog: &CatalogSync,
    dialect: Dialect,
    owner: &str,
    mut pass: Pass,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> AppResult<Pass> {
    let walker = Walker {
        app,
        client: Client::new(catalog, &app.config.public_url).map_err(fetch_failed)?,
        dialect,
        notifier: Notifier::of(&app.config),
        owner,
    };
    let before = pass.counts.clone();
    progress(Progress::Started {
        full: pass.full,
        read: pass.counts.read,
    });
    let traffic = |pass: &mut Pass| {
        let seen = walker.client.traffic();
        pass.counts.requests = before.requests + seen.requests;
        pass.counts.retries = before.retries + seen.retries;
    };
    while !pass.reconciling {
        state::renew_lease(&app.db, owner).await?;
        let page = match walker
            .dialect
            .page(&walker.client, &pass.position, pass.since)
            .await
        {
            Ok(page) => page,
            Err(err) => {
                traffic(&mut pass);
                state::save_pass(&app.db, owner, &pass, Vec::new()).await?;
                return Err(fetch_failed(err));
            }
        };
        pass.counts.pages += 1;
        pass.counts.read += page.len as u64;
        pass.newest = pass.newest.max(page.newest);
        if pass.total.is_none() {
            pass.total = page.total;
        }
        match page.next {
            Some(next) => pass.position = next,
            None => pass.reconciling = true,
        }
        traffic(&mut pass);
        store(&walker, &mut pass, page.parsed).await?;
        progress(Progress::Page {
            read: pass.counts.read,
            total: page.total.filter(|_| pass.full),
        });
    }
    if pass.full && !pass.organizations_read {
        read_organizations(&walker, &mut pass).await?;
        traffic(&mut pass);
    }
    if pass.full {
        match pass.total {
            // Fewer than the listing said it holds: paging went wrong (a catalog capping its
            // pages, say), and looking the rest up one by one could take a passing failure for
            // a deletion.
            Some(total) if pass.counts.read * 100 < total * 95 => {
                let reason = format!(
                    "the listing gave {} of the {total} datasets it said it holds: those it no longer lists were not looked up",
                    pass.counts.read
                );
                tracing::warn!(%reason, "catalog sync");
                let logged = Logged {
                    at: crate::clock::now(),
                    id: None,
                    reason,
                };
                state::save_pass(&app.db, owner, &pass, vec![logged]).await?;
            }
            _ => {
                reconcile(&walker, &mut pass, progress).await?;
                traffic(&mut pass);
            }
        }
    }
    Ok(pass)
}

/// Reads the catalog's organizations, page by page, to bring the stored ones up to date (their
/// description and website, which the datasets' listing leaves out). A catalog that does not
/// list them is logged, not fatal.
async fn read_organizations(walker: &Walker<'_>, pass: &mut Pass) -> AppResult<()> {
    let db = &walker.app.db;
    let mut logged = Vec::new();
    for page in 1.. {
        state::renew_lease(db, walker.owner).await?;
        match walker.dialect.organizations(&walker.client, page).await {
            Ok((orgs, more)) => {
                pass.counts.organizations += refresh_organizations(db, &orgs).await?;
                if !more || orgs.is_empty() {
                    break;
                }
            }
            Err(err @ FetchError::Unavailable { .. }) => return Err(fetch_failed(err)),
            Err(err) => {
                logged.push(Logged {
                    at: crate::clock::now(),
                    id: None,
                    reason: format!("organizations not read: {err}"),
                });
                break;
            }
        }
    }
    pass.organizations_read = true;
    state::save_pass(db, walker.owner, pass, logged).await
}

/// Looks up, a hundred at a time, each dataset the full pass did not see listed: gone, it is
/// marked deleted; there, it is stored (under its id, or a new one: see `store`). A lookup the
/// catalog answers with nonsense is logged and skipped; one it cannot answer at all (an outage)
/// stops the run, which goes on from there the next time.
async fn reconcile(
    walker: &Walker<'_>,
    pass: &mut Pass,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> AppResult<()> {
    let app = walker.app;
    let mut looked_up = 0u64;
    loop {
        let missing = unseen_since(&app.db, pass.started_at, LOOKUPS).await?;
        if missing.is_empty() {
            return Ok(());
        }
        let mut gone = Vec::new();
        let mut found = Parsed::default();
        let mut logged = Vec::new();
        for id in &missing {
            state::renew_lease(&app.db, walker.owner).await?;
            match walker.dialect.presence(&walker.client, id).await {
                Ok(Presence::Gone) => gone.push(id.clone()),
                Ok(Presence::Found(parsed)) => {
                    found.datasets.extend(parsed.datasets);
                    found.rejected.extend(parsed.rejected);
                }
                Err(err @ FetchError::Unavailable { .. }) => return Err(fetch_failed(err)),
                Err(err) => logged.push(Logged {
                    at: crate::clock::now(),
                    id: Some(id.clone()),
                    reason: format!("cannot be looked up: {err}"),
                }),
            }
        }
        looked_up += missing.len() as u64;
        pass.counts.read += found.datasets.len() as u64;
        pass.counts.skipped += logged.len() as u64;
        let now = crate::clock::now();
        let txn = crate::db::begin_write(&app.db).await?;
        let mut changes = Vec::new();
        for id in &gone {
            if let Some(change) = mark_deleted(&txn, id, now).await? {
                changes.push(change);
            }
        }
        pass.counts.deleted += changes.len() as u64;
        pass.counts.notified += changes.len() as u64;
        lifecycle::datasets_changed(&txn, &walker.notifier, &changes).await?;
        // Looked up, even when its record could not be read: not looked up again this pass.
        let still_there = missing
            .into_iter()
            .filter(|id| !gone.contains(id))
            .collect();
        mark_synced(&txn, still_there, now).await?;
        state::save_pass(&txn, walker.owner, pass, logged).await?;
        txn.commit().await?;
        store(walker, pass, found).await?;
        progress(Progress::LookingUp { done: looked_up });
    }
}

pub(super) fn fetch_failed(err: FetchError) -> AppError {
    AppError::Unavailable(format!("catalog sync: {err}"))
}
