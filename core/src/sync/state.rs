//! The sync's row in `sync_state`: the lease that lets one instance sync at a time, the pass
//! under way (saved after every page, so a killed run goes on from there), and how the last
//! runs went.

use chrono::{DateTime, Duration, Utc};
use entity::sync_state;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

use super::dialect::Position;
use crate::config::CatalogSync;
use crate::error::AppResult;

/// The row's id: one catalog a site.
pub const ROW: &str = "catalog";
/// How long a lease lasts unless renewed; it is renewed before each request to the catalog,
/// and one request (its retries included) takes less.
pub const LEASE: Duration = Duration::minutes(5);
/// How far before the checkpoint an incremental pass starts reading: what a catalog dates a
/// little in the past (a harvested source's date, a clock behind) is read all the same.
pub const SKEW: Duration = Duration::minutes(5);
/// Skipped records and failures kept for people to read.
const KEPT_ERRORS: usize = 50;

/// A walk through the catalog's listing, under way or done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pass {
    /// A full pass reads the whole listing, then looks up the datasets it did not find.
    pub full: bool,
    /// When it started: datasets a full pass has not seen since were not listed.
    pub started_at: DateTime<Utc>,
    /// Read what changed from there (an incremental pass).
    pub since: Option<DateTime<Utc>>,
    /// The next page.
    pub position: Position,
    /// Whether the listing is read and the pass looks up the missing datasets.
    pub reconciling: bool,
    /// Whether a full pass has read the catalog's organizations.
    #[serde(default)]
    pub organizations_read: bool,
    /// The newest modification read.
    pub newest: Option<DateTime<Utc>>,
    /// How many datasets the listing said it holds, on its first page.
    #[serde(default)]
    pub total: Option<u64>,
    /// What it did so far.
    pub counts: Counts,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    /// Pages of the listing read.
    pub pages: u64,
    /// Datasets read (listed, or looked up).
    pub read: u64,
    /// New to the mirror.
    pub created: u64,
    /// Changed.
    pub updated: u64,
    /// As the mirror had them.
    pub unchanged: u64,
    /// Records that could not be read, skipped.
    pub skipped: u64,
    /// Marked deleted: gone from the catalog.
    pub deleted: u64,
    /// Found under a new id and moved to it.
    pub rekeyed: u64,
    /// Changes people were told about.
    pub notified: u64,
    /// Organizations brought up to date from the catalog's listing of them.
    pub organizations: u64,
    /// Requests sent to the catalog, retries included.
    pub requests: u64,
    /// Retries after a failure or a 429.
    pub retries: u64,
}

/// A skipped record or a failure, for people to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    /// When.
    pub at: DateTime<Utc>,
    /// The dataset concerned, when known.
    pub id: Option<String>,
    /// What went wrong.
    pub reason: String,
}

/// Creates the row for `catalog` if missing.
pub async fn ensure(db: &impl ConnectionTrait, catalog: &CatalogSync) -> AppResult<()> {
    let fresh = sync_state::ActiveModel {
        id: Set(ROW.to_owned()),
        kind: Set(catalog.kind.as_str().to_owned()),
        catalog_url: Set(catalog.url.to_string()),
        checkpoint: Set(None),
        pass: Set(None),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_run_at: Set(None),
        last_success_at: Set(None),
        last_full_at: Set(None),
        next_run_at: Set(None),
        last_error: Set(None),
        report: Set("{}".to_owned()),
        errors: Set("[]".to_owned()),
    };
    sync_state::Entity::insert(fresh)
        .on_conflict(
            OnConflict::column(sync_state::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The row, once the lease is held; a row of another catalog is started afresh.
pub async fn load(
    db: &impl ConnectionTrait,
    catalog: &CatalogSync,
) -> AppResult<sync_state::Model> {
    let row = read(db).await?.ok_or_else(|| {
        crate::error::AppError::Internal("the sync's state row vanished".to_owned())
    })?;
    if row.kind == catalog.kind.as_str() && row.catalog_url == catalog.url.as_str() {
        return Ok(row);
    }
    tracing::warn!(was = %row.catalog_url, now = %catalog.url, "another catalog: the sync starts afresh");
    let mut active = row.into_active_model();
    active.kind = Set(catalog.kind.as_str().to_owned());
    active.catalog_url = Set(catalog.url.to_string());
    active.checkpoint = Set(None);
    active.pass = Set(None);
    active.last_full_at = Set(None);
    Ok(active.update(db).await?)
}

/// The row, if a sync ever ran.
pub async fn read(db: &impl ConnectionTrait) -> AppResult<Option<sync_state::Model>> {
    Ok(sync_state::Entity::find_by_id(ROW).one(db).await?)
}

/// Takes (or renews) the lease for `owner` unless another instance holds one that has not run
/// out; says whether `owner` holds it now.
pub async fn take_lease(db: &impl ConnectionTrait, owner: &str) -> AppResult<bool> {
    let now = crate::clock::now();
    let taken = sync_state::Entity::update_many()
        .col_expr(sync_state::Column::LeaseOwner, Expr::value(owner))
        .col_expr(sync_state::Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(sync_state::Column::Id.eq(ROW))
        .filter(
            Condition::any()
                .add(sync_state::Column::LeaseOwner.is_null())
                .add(sync_state::Column::LeaseOwner.eq(owner))
                .add(sync_state::Column::LeaseUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives the lease up, if `owner` holds it.
pub async fn release_lease(db: &impl ConnectionTrait, owner: &str) -> AppResult<()> {
    sync_state::Entity::update_many()
        .col_expr(
            sync_state::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            sync_state::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(sync_state::Column::Id.eq(ROW))
        .filter(sync_state::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// Renews `owner`'s lease, in one statement; fails when another instance took it over (this
/// one then stops, writing nothing more).
pub async fn renew_lease(db: &impl ConnectionTrait, owner: &str) -> AppResult<()> {
    let renewed = sync_state::Entity::update_many()
        .col_expr(
            sync_state::Column::LeaseUntil,
            Expr::value(crate::clock::now() + LEASE),
        )
        .filter(sync_state::Column::Id.eq(ROW))
        .filter(sync_state::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    if renewed.rows_affected == 1 {
        Ok(())
    } else {
        Err(crate::error::AppError::Internal(
            "the sync's lease was taken over by another instance".to_owned(),
        ))
    }
}

/// Saves the pass after a page, with the records it skipped, renewing `owner`'s lease first (in
/// the caller's transaction, so that a page stored by an instance that lost the lease is not
/// kept).
pub async fn save_pass(
    db: &impl ConnectionTrait,
    owner: &str,
    pass: &Pass,
    logged: Vec<Logged>,
) -> AppResult<()> {
    renew_lease(db, owner).await?;
    let Some(row) = read(db).await? else {
        return Err(crate::error::AppError::Internal("no sync state".to_owned()));
    };
    let errors = with_logged(&row.errors, logged);
    let mut active = row.into_active_model();
    active.pass = Set(Some(to_json(pass)));
    active.errors = Set(errors);
    active.update(db).await?;
    Ok(())
}

/// Records `owner`'s finished pass: the checkpoint moves on, the next run is planned.
pub async fn finish(
    db: &impl ConnectionTrait,
    owner: &str,
    pass: &Pass,
    next_run_at: Option<DateTime<Utc>>,
) -> AppResult<()> {
    renew_lease(db, owner).await?;
    let Some(row) = read(db).await? else {
        return Ok(());
    };
    let now = crate::clock::now();
    // Never past the pass's start: a date in the future would hold every later change back.
    let newest = pass.newest.map(|newest| Ord::min(newest, pass.started_at));
    let checkpoint = match (row.checkpoint, newest) {
        // A full pass read everything: its newest is the checkpoint.
        (_, Some(new)) if pass.full => Some(new),
        (Some(old), Some(new)) => Some(Ord::max(old, new)),
        (old, new) => new.or(old),
    };
    let mut active = row.into_active_model();
    active.checkpoint = Set(checkpoint);
    active.pass = Set(None);
    active.last_run_at = Set(Some(now));
    active.last_success_at = Set(Some(now));
    if pass.full {
        active.last_full_at = Set(Some(pass.started_at));
    }
    active.next_run_at = Set(next_run_at);
    active.last_error = Set(None);
    active.report = Set(to_json(&pass.counts));
    active.update(db).await?;
    Ok(())
}

/// Records a failed run of `owner`: the pass stays, to go on from; the reason is kept. Nothing
/// is written when another instance holds the lease now.
pub async fn fail(
    db: &impl ConnectionTrait,
    owner: &str,
    reason: &str,
    next_run_at: Option<DateTime<Utc>>,
) -> AppResult<()> {
    let Some(row) = read(db).await? else {
        return Ok(());
    };
    if row.lease_owner.as_deref() != Some(owner) {
        return Ok(());
    }
    let now = crate::clock::now();
    let errors = with_logged(
        &row.errors,
        vec![Logged {
            at: now,
            id: None,
            reason: reason.to_owned(),
        }],
    );
    let mut active = row.into_active_model();
    active.last_run_at = Set(Some(now));
    active.last_error = Set(Some(reason.to_owned()));
    active.next_run_at = Set(next_run_at);
    active.errors = Set(errors);
    active.update(db).await?;
    Ok(())
}

/// The stored pass, if one is under way.
pub fn pass_of(row: &sync_state::Model) -> Option<Pass> {
    row.pass
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
}

/// The kept errors, newest last.
pub fn errors_of(row: &sync_state::Model) -> Vec<Logged> {
    serde_json::from_str(&row.errors).unwrap_or_default()
}

fn with_logged(stored: &str, logged: Vec<Logged>) -> String {
    let mut all: Vec<Logged> = serde_json::from_str(stored).unwrap_or_default();
    all.extend(logged);
    let extra = all.len().saturating_sub(KEPT_ERRORS);
    all.drain(..extra);
    to_json(&all)
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
