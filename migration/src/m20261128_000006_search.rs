//! Full-text search of reuses, one implementation a backend: PostgreSQL `tsvector` (French
//! configuration, folded text) with a GIN index; SQLite FTS5 (accents removed by the tokenizer).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Adds the search index of reuses.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE reuses ADD COLUMN search tsvector")
                    .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_reuses_search ON reuses USING GIN (search)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE reuse_search USING fts5(\
                     reuse_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_reuses_search")
                    .await?;
                db.execute_unprepared("ALTER TABLE reuses DROP COLUMN IF EXISTS search")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TABLE IF EXISTS reuse_search")
                    .await?;
            }
        }
        Ok(())
    }
}
