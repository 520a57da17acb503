//! Covering indexes for the gallery on PostgreSQL, found with the benchmark (scripts/bench) at
//! 100,000 reuses: a filtered page (`type=api&sort=-views&page=30`) read thousands of wide reuse
//! rows to check their visibility and sort key (about 100 ms; `topic=…&sort=title&page=34`,
//! 300 ms), and so did counting them. These indexes hold, by type and by topic, every column the
//! gallery filters or sorts on, so counts and the ids of a page come from an index alone
//! (index-only scans; 4 to 9 ms) and only the page's own reuses are read. It is not partial: the visibility test compares with bound parameters,
//! which a partial index's predicate cannot be proven against in a generic plan. SQLite, the
//! small-catalog default, has no `INCLUDE` and does not need it.

use crate::OnPostgres;

/// What the gallery filters or sorts on, besides the leading column.
const COVERED: &str =
    "private, deleted, datasets_count, id, views, followers, created_at, last_modified, title";

/// Adds `idx_reuses_gallery` (by type) and `idx_reuses_gallery_topic` on PostgreSQL.
pub(crate) fn migration() -> OnPostgres {
    OnPostgres {
        name: "m20261129_000010_gallery_covering",
        up: format!(
            "CREATE INDEX idx_reuses_gallery ON reuses (type, topic) INCLUDE ({COVERED}); \
             CREATE INDEX idx_reuses_gallery_topic ON reuses (topic) INCLUDE (type, {COVERED})"
        ),
        down: "DROP INDEX IF EXISTS idx_reuses_gallery; DROP INDEX IF EXISTS idx_reuses_gallery_topic",
    }
}
