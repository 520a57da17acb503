//! Searches that found nothing, counted in memory and added to the database with the page
//! views (every five minutes, and at shutdown), per list searched, normalized query and week.
//! Nothing about who searched is kept: no address, no account, no time finer than the week.
//! They tell the portal which data people look for and do not find.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use entity::search_misses;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};

use crate::error::AppResult;
use crate::search::fold_words;

/// The longest query kept, in characters (longer ones are not what people type for data).
const LONGEST: usize = 80;

/// Distinct queries counted in memory between two flushes at most; more are not counted.
const PENDING_MOST: usize = 10_000;

/// Weeks of misses kept.
pub const WEEKS_KEPT: i64 = 26;

/// The list a search was made in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The showcase of reuses.
    Reuses,
    /// The datasets.
    Datasets,
}

impl Scope {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reuses => "reuses",
            Self::Datasets => "datasets",
        }
    }
}

/// The query as it is counted: lower-case, accents folded, single spaces; `None` for what is
/// too short or long to be a search for data, or looks like personal data (an address, a
/// phone or card number), which is never kept.
pub fn normalize(raw: &str) -> Option<String> {
    if raw.contains('@') || raw.chars().filter(char::is_ascii_digit).count() >= 6 {
        return None;
    }
    let folded = fold_words(raw);
    let length = folded.chars().count();
    (2..=LONGEST).contains(&length).then_some(folded)
}

/// The Monday of the week of `at`, as stored.
pub fn week_of(at: DateTime<Utc>) -> String {
    let day = at.date_naive();
    let monday = day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()));
    monday.format("%Y-%m-%d").to_string()
}

/// Misses not yet written, by (list, query, week).
#[derive(Default)]
pub struct MissCounter(Mutex<HashMap<(Scope, String, String), i32>>);

impl MissCounter {
    /// Counts one search of `raw` in `scope` that found nothing, at `at`.
    pub fn record(&self, scope: Scope, raw: &str, at: DateTime<Utc>) {
        let Some(query) = normalize(raw) else {
            return;
        };
        if let Ok(mut pending) = self.0.lock() {
            let key = (scope, query, week_of(at));
            // A flood of distinct queries (a bot) fills no more than this between flushes.
            if pending.len() < PENDING_MOST || pending.contains_key(&key) {
                *pending.entry(key).or_default() += 1;
            }
        }
    }

    /// Counts a search of `scope` whose first page found nothing, when it searched words
    /// alone (`search_only`); says whether it was counted, so the page is then not cached
    /// (each such search is counted, not only the first).
    pub fn record_miss(
        &self,
        scope: Scope,
        search_only: Option<&str>,
        total: u64,
        page: u64,
        at: DateTime<Utc>,
    ) -> bool {
        match search_only {
            Some(words) if total == 0 && page == 1 && normalize(words).is_some() => {
                self.record(scope, words, at);
                true
            }
            _ => false,
        }
    }

    /// Adds the pending counts to the database (counts that fail to be written are kept), and
    /// forgets the weeks older than [`WEEKS_KEPT`].
    pub async fn flush(&self, db: &DatabaseConnection) {
        let pending: Vec<((Scope, String, String), i32)> = match self.0.lock() {
            Ok(mut pending) => pending.drain().collect(),
            Err(_) => return,
        };
        let backend = db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => {
                "INSERT INTO search_misses (scope, query, week, searches) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (scope, query, week) \
                 DO UPDATE SET searches = search_misses.searches + excluded.searches"
            }
            _ => {
                "INSERT INTO search_misses (scope, query, week, searches) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (scope, query, week) \
                 DO UPDATE SET searches = search_misses.searches + excluded.searches"
            }
        };
        for ((scope, query, week), count) in pending {
            let statement = Statement::from_sql_and_values(
                backend,
                sql,
                [
                    scope.as_str().into(),
                    query.clone().into(),
                    week.clone().into(),
                    count.into(),
                ],
            );
            if let Err(err) = db.execute_raw(statement).await {
                tracing::warn!(error = %err, "search misses kept for the next flush");
                if let Ok(mut pending) = self.0.lock() {
                    *pending.entry((scope, query, week)).or_default() += count;
                }
            }
        }
        if let Err(err) = prune(db, crate::clock::now()).await {
            tracing::warn!(error = %err, "old search misses not pruned");
        }
    }
}

/// A query that found nothing, with its searches over the weeks asked for.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult, serde::Serialize)]
pub struct Miss {
    /// The normalized query.
    pub query: String,
    /// Searches that found nothing.
    pub searches: i64,
}

/// The `limit` queries of `scope` that found nothing most often in the `weeks` weeks up to
/// `now`, searched at least `least` times.
pub async fn top_misses(
    db: &impl ConnectionTrait,
    scope: Scope,
    now: DateTime<Utc>,
    weeks: i64,
    least: i64,
    limit: u64,
) -> AppResult<Vec<Miss>> {
    let since = week_of(now - TimeDelta::weeks(weeks.saturating_sub(1)));
    let total = Expr::expr(Func::sum(Expr::col(search_misses::Column::Searches)));
    Ok(search_misses::Entity::find()
        .select_only()
        .column(search_misses::Column::Query)
        .column_as(total.clone(), "searches")
        .filter(search_misses::Column::Scope.eq(scope.as_str()))
        .filter(search_misses::Column::Week.gte(since))
        .group_by(search_misses::Column::Query)
        .having(total.gte(least))
        .order_by_desc(Expr::cust("2"))
        .order_by_asc(search_misses::Column::Query)
        .limit(limit)
        .into_model::<Miss>()
        .all(db)
        .await?)
}

/// Forgets the weeks older than [`WEEKS_KEPT`] before `now`.
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let oldest = week_of(now - TimeDelta::weeks(WEEKS_KEPT));
    Ok(search_misses::Entity::delete_many()
        .filter(search_misses::Column::Week.lt(oldest))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::{normalize, week_of};
    use chrono::{TimeZone, Utc};

    #[test]
    fn queries_are_folded_and_personal_looking_ones_dropped() {
        assert_eq!(
            normalize("  Élections   MUNICIPALES "),
            Some("elections municipales".into())
        );
        assert_eq!(
            normalize("qualité de l'air"),
            Some("qualite de l air".into())
        );
        assert_eq!(normalize("a"), None);
        assert_eq!(normalize("jean.dupont@example.org"), None);
        assert_eq!(normalize("06 12 34 56 78"), None);
        assert_eq!(normalize("budget 2024"), Some("budget 2024".into()));
        assert_eq!(normalize(&"x".repeat(81)), None);
    }

    #[test]
    fn weeks_start_on_monday() {
        let sunday = Utc.with_ymd_and_hms(2026, 12, 6, 23, 0, 0).unwrap();
        let monday = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
        assert_eq!(week_of(sunday), "2026-11-30");
        assert_eq!(week_of(monday), "2026-12-07");
    }
}
