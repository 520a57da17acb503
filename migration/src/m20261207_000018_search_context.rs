//! The search index of reuses learns the titles of the datasets each reuse uses and its
//! organization's name. No schema changes: the words are folded by Vitrine, so the reuses
//! are reindexed by `vitrine_core::db::migrate` right after this migration is applied.

use sea_orm_migration::prelude::*;

/// Marks the search index as needing its reuses reindexed.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
