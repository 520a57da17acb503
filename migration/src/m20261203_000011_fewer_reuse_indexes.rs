//! Drops, on PostgreSQL, the single-column indexes on `reuses.type` and `reuses.topic`: the
//! gallery's covering indexes (migration 000010) lead with the same columns and answer the same
//! lookups, and every index is one more entry to write when a reuse is created (17 indexes then).
//! SQLite has no covering indexes and keeps them.

use crate::OnPostgres;

/// Drops `idx_reuses_type` and `idx_reuses_topic` on PostgreSQL.
pub(crate) fn migration() -> OnPostgres {
    OnPostgres {
        name: "m20261203_000011_fewer_reuse_indexes",
        up: "DROP INDEX IF EXISTS idx_reuses_type; DROP INDEX IF EXISTS idx_reuses_topic"
            .to_owned(),
        down: "CREATE INDEX IF NOT EXISTS idx_reuses_type ON reuses (type); \
               CREATE INDEX IF NOT EXISTS idx_reuses_topic ON reuses (topic)",
    }
}
