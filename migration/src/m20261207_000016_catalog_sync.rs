//! What the live catalog sync keeps: one row of state per catalog (checkpoint, lease, last
//! results), and on each dataset when a sync last saw it, with an index on the catalog page URL
//! that a renamed dataset is matched by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    string, string_null, text, text_null, timestamp_with_time_zone_null,
};

/// Adds `sync_state` and `datasets.synced_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Datasets {
    Table,
    Url,
    SyncedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SyncState {
    Table,
    Id,
    Kind,
    CatalogUrl,
    Checkpoint,
    Pass,
    LeaseOwner,
    LeaseUntil,
    LastRunAt,
    LastSuccessAt,
    LastFullAt,
    NextRunAt,
    LastError,
    Report,
    Errors,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Datasets::Table)
                    .add_column(timestamp_with_time_zone_null(Datasets::SyncedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_datasets_synced_at")
                    .table(Datasets::Table)
                    .col(Datasets::SyncedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_datasets_url")
                    .table(Datasets::Table)
                    .col(Datasets::Url)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SyncState::Table)
                    .col(string(SyncState::Id).primary_key())
                    .col(string(SyncState::Kind))
                    .col(text(SyncState::CatalogUrl))
                    .col(timestamp_with_time_zone_null(SyncState::Checkpoint))
                    .col(text_null(SyncState::Pass))
                    .col(string_null(SyncState::LeaseOwner))
                    .col(timestamp_with_time_zone_null(SyncState::LeaseUntil))
                    .col(timestamp_with_time_zone_null(SyncState::LastRunAt))
                    .col(timestamp_with_time_zone_null(SyncState::LastSuccessAt))
                    .col(timestamp_with_time_zone_null(SyncState::LastFullAt))
                    .col(timestamp_with_time_zone_null(SyncState::NextRunAt))
                    .col(text_null(SyncState::LastError))
                    .col(text(SyncState::Report).default("{}"))
                    .col(text(SyncState::Errors).default("[]"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SyncState::Table).to_owned())
            .await?;
        for name in ["idx_datasets_url", "idx_datasets_synced_at"] {
            manager
                .drop_index(Index::drop().name(name).table(Datasets::Table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Datasets::Table)
                    .drop_column(Datasets::SyncedAt)
                    .to_owned(),
            )
            .await
    }
}
