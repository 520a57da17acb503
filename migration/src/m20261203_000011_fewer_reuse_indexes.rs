//! Drops, on PostgreSQL, the single-column indexes on `reuses.type` and `reuses.topic`: the
//! gallery's covering indexes (migration 000010) lead with the same columns and answer the same
//! lookups, and every index is one more entry to write when a reuse is created (17 indexes then).
//! SQLite has no covering indexes and keeps them.

use sea_orm_migration::prelude::*;

use crate::on_postgres;

/// Drops `idx_reuses_type` and `idx_reuses_topic` on PostgreSQL.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(
            manager,
            "DROP INDEX IF EXISTS idx_reuses_type; DROP INDEX IF EXISTS idx_reuses_topic",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(
            manager,
            "CREATE INDEX IF NOT EXISTS idx_reuses_type ON reuses (type); \
             CREATE INDEX IF NOT EXISTS idx_reuses_topic ON reuses (topic)",
        )
        .await
    }
}
