//! Page views, counted in memory and added to the database every five minutes (and at shutdown)
//! in one statement per 100 reuses, so reading a page never writes to the database. Each
//! instance adds its own counts, so several instances add up.
//!
//! Five minutes, not seconds: each flush rewrites every reuse viewed since the last one in all
//! its indexes and slows the writes of that moment (docs/performance.md), and nobody would see
//! views sooner: the pages that show them are cached, and the index that sorts by them rebuilt,
//! every five minutes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};

/// How often counts reach the database: as often as the cached pages and the gallery index
/// that show them are renewed (`cache::TTL`, `gallery_index::REFRESH_AFTER`).
pub const FLUSH_EVERY: Duration = Duration::from_secs(300);

/// Reuses updated by one statement.
const CHUNK: usize = 100;

/// The rest between two statements of one flush.
pub const FLUSH_PAUSE: Duration = Duration::from_millis(100);

/// Views not yet written, by reuse id.
#[derive(Default)]
pub struct ViewCounter(Mutex<HashMap<String, i32>>);

impl ViewCounter {
    /// Counts one view of a reuse.
    pub fn record(&self, reuse_id: &str) {
        if let Ok(mut pending) = self.0.lock() {
            match pending.get_mut(reuse_id) {
                Some(count) => *count += 1,
                None => {
                    pending.insert(reuse_id.to_owned(), 1);
                }
            }
        }
    }

    /// Adds the pending counts to the database; counts that fail to be written are kept.
    pub async fn flush(&self, db: &DatabaseConnection) {
        self.flush_paced(db, Duration::ZERO).await;
    }

    /// [`ViewCounter::flush`], resting `pause` between statements: a flush of
    /// thousands of reuses is spread out rather than taking the database for a second or two,
    /// which the pages served meanwhile would feel.
    pub async fn flush_paced(&self, db: &DatabaseConnection, pause: Duration) {
        let pending: Vec<(String, i32)> = match self.0.lock() {
            Ok(mut pending) => pending.drain().collect(),
            Err(_) => return,
        };
        for (n, chunk) in pending.chunks(CHUNK).enumerate() {
            if n > 0 && !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            if let Err(err) = db
                .execute_raw(add_views(db.get_database_backend(), chunk))
                .await
            {
                tracing::warn!(error = %err, "view counts kept for the next flush");
                if let Ok(mut pending) = self.0.lock() {
                    for (id, views) in chunk {
                        *pending.entry(id.clone()).or_default() += views;
                    }
                }
            }
        }
    }
}

/// One statement for many reuses, its counts sent as one JSON parameter: a statement whose
/// text is the same whatever their number is planned once, where a `UNION ALL` of rows was
/// planned anew each time, slowly.
fn add_views(backend: DbBackend, counts: &[(String, i32)]) -> Statement {
    let counts = serde_json::Value::Array(
        counts
            .iter()
            .map(|(id, views)| serde_json::json!({"id": id, "n": views}))
            .collect(),
    )
    .to_string();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE reuses SET views = views + counted.n \
             FROM json_to_recordset($1::json) AS counted(id text, n int) \
             WHERE reuses.id = counted.id"
        }
        _ => {
            "UPDATE reuses SET views = views + counted.n \
             FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.n') AS n \
                   FROM json_each(?)) AS counted \
             WHERE reuses.id = counted.id"
        }
    };
    Statement::from_sql_and_values(backend, sql, [Value::from(counts)])
}
