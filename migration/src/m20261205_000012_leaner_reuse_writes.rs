//! Makes writes that every new reuse costs cheaper on PostgreSQL:
//! - drops `idx_reuses_slug_prefix`: a new reuse's slug is now found by asking for its
//!   candidates by key (`slug IN (…)`), not by prefix (`LIKE 'slug-%'`), so the index was one
//!   more entry to write on every creation for no reader;
//! - keeps outbox rows of up to 8 kB whole (`toast_tuple_target`): a mail is rendered when it is
//!   queued, about 2 kB of text and HTML, just past the default threshold (2 kB) at which
//!   PostgreSQL compresses a row; compressing the half-dozen mails of a new reuse took about a
//!   quarter of the time of their `INSERT`, for rows deleted or marked sent within seconds.
//!
//! SQLite has neither.

use crate::OnPostgres;

/// Drops `idx_reuses_slug_prefix` and raises the outbox's TOAST threshold, on PostgreSQL.
pub(crate) fn migration() -> OnPostgres {
    OnPostgres {
        name: "m20261205_000012_leaner_reuse_writes",
        up: "DROP INDEX IF EXISTS idx_reuses_slug_prefix; \
             ALTER TABLE outbox SET (toast_tuple_target = 8160)"
            .to_owned(),
        down: "CREATE INDEX IF NOT EXISTS idx_reuses_slug_prefix ON reuses (slug text_pattern_ops); \
               ALTER TABLE outbox RESET (toast_tuple_target)",
    }
}
