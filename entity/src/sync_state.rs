//! `SeaORM` Entity for the `sync_state` table.

use sea_orm::entity::prelude::*;

/// The state of the sync from one catalog: where it is, who runs it, how it went.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_state")]
pub struct Model {
    /// `catalog`: one catalog a site.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `udata` or `ckan`.
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub catalog_url: String,
    /// The newest modification a finished pass read: the next incremental run reads from there.
    pub checkpoint: Option<DateTimeUtc>,
    /// The pass under way, as JSON, so a run killed midway goes on from its last page.
    #[sea_orm(column_type = "Text", nullable)]
    pub pass: Option<String>,
    /// The instance holding the lease, and until when.
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub last_run_at: Option<DateTimeUtc>,
    pub last_success_at: Option<DateTimeUtc>,
    /// When the last full reconciliation started.
    pub last_full_at: Option<DateTimeUtc>,
    pub next_run_at: Option<DateTimeUtc>,
    /// Why the last run failed, if it did.
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    /// The counts of the last run, as JSON.
    #[sea_orm(column_type = "Text")]
    pub report: String,
    /// The latest skipped records and failures (id, reason, when), as a JSON list.
    #[sea_orm(column_type = "Text")]
    pub errors: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
