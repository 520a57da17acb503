//! The `impact_figures` table: the job writes a scope's months, pages and the API read them
//! by primary key.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use entity::impact_figures::{self, Column};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::Scope;
use super::figures::{Figures, LinkShare, Tally};
use super::months::{MONTHS, Window};
use crate::error::AppResult;

/// Rows a statement writes: 16 columns each, well under SQLite's bound on parameters.
const CHUNK: usize = 500;

/// What a run wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    /// Scopes with anything to show.
    pub scopes: usize,
    /// Months written: the current and the last one, and any the table lacked.
    pub months: usize,
    /// Rows written.
    pub rows: usize,
    /// Rows removed: the months rewritten of scopes that no longer have anything to show, and
    /// months past two years.
    pub removed: usize,
}

/// Writes the months of `scopes` over `window`.
///
/// The current month and the one before are rewritten at each run (the one before so that its
/// end is read once it is over); older months only when the site's row for them is missing (a
/// first run, or a stopped job), since what they count no longer moves. Links are seen only
/// now: a past month keeps what the runs of its time saw.
///
/// The site's rows go last: they mark a complete run ([`last_count`] reads them), so a run cut
/// short is done again in full by the next, and pages move to a new month only once every
/// scope has it. Scopes are written in one order, so that two processes running the job at
/// once take their locks in the same order.
pub async fn write(
    db: &DatabaseConnection,
    window: &Window,
    mut scopes: Vec<(Scope, String, Tally)>,
    now: DateTime<Utc>,
) -> AppResult<Written> {
    let stored: HashSet<String> = impact_figures::Entity::find()
        .select_only()
        .column(Column::Month)
        .filter(Column::Scope.eq(Scope::Site.as_str()))
        .filter(Column::SubjectId.eq(""))
        .filter(Column::Month.is_in(window.labels().iter().cloned()))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let months: Vec<usize> = (0..MONTHS)
        .filter(|month| *month >= MONTHS - 2 || !stored.contains(&window.labels()[*month]))
        .collect();
    let mut written = Written {
        scopes: scopes.len(),
        months: months.len(),
        ..Written::default()
    };
    scopes.sort_by(|a, b| {
        (a.0 == Scope::Site, a.0.as_str(), &a.1).cmp(&(b.0 == Scope::Site, b.0.as_str(), &b.1))
    });
    let site = scopes.pop_if(|(scope, _, _)| *scope == Scope::Site);
    let mut present = HashSet::new();
    let mut batches = Batches::default();
    for (scope, id, tally) in scopes {
        batches
            .add(db, window, &months, (scope, &id, tally), now)
            .await?;
        present.insert((scope.as_str(), id));
    }
    batches.flush(db).await?;
    present.insert((Scope::Site.as_str(), String::new()));
    let rewritten = &window.labels()[MONTHS - 2..];
    written.removed = remove_gone(db, rewritten, &present).await?;
    if let Some((scope, id, tally)) = site {
        batches
            .add(db, window, &months, (scope, &id, tally), now)
            .await?;
        batches.flush(db).await?;
    }
    written.rows = batches.rows;
    written.removed += forget_old(db, window).await?;
    Ok(written)
}

/// Rows waiting to be written, the current month's apart (they carry links).
#[derive(Default)]
struct Batches {
    current: Vec<impact_figures::ActiveModel>,
    past: Vec<impact_figures::ActiveModel>,
    rows: usize,
}

impl Batches {
    /// Adds the `months` of a scope, writing a batch when one is full.
    async fn add(
        &mut self,
        db: &DatabaseConnection,
        window: &Window,
        months: &[usize],
        (scope, id, tally): (Scope, &str, Tally),
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let figures = tally.into_figures();
        for month in months {
            let row = row(scope, id, &window.labels()[*month], &figures[*month], now);
            if *month == MONTHS - 1 {
                self.current.push(row);
            } else {
                self.past.push(row);
            }
            if self.current.len() == CHUNK {
                self.rows += upsert(db, std::mem::take(&mut self.current), true).await?;
            }
            if self.past.len() == CHUNK {
                self.rows += upsert(db, std::mem::take(&mut self.past), false).await?;
            }
        }
        Ok(())
    }

    /// Writes what waits: the past months first, the current one last.
    async fn flush(&mut self, db: &DatabaseConnection) -> AppResult<()> {
        self.rows += upsert(db, std::mem::take(&mut self.past), false).await?;
        self.rows += upsert(db, std::mem::take(&mut self.current), true).await?;
        Ok(())
    }
}

/// How many months of figures are kept: two years, twice what the pages show.
const MONTHS_KEPT: usize = 2 * MONTHS;

/// Removes the months older than [`MONTHS_KEPT`].
async fn forget_old(db: &DatabaseConnection, window: &Window) -> AppResult<usize> {
    let oldest = window.labels()[0].as_str();
    let (year, month) = oldest.split_once('-').unwrap_or((oldest, "01"));
    let year: i32 = year.parse().unwrap_or_default();
    let cut = format!("{:04}-{month}", year - (MONTHS_KEPT - MONTHS) as i32 / 12);
    Ok(impact_figures::Entity::delete_many()
        .filter(Column::Month.lt(cut))
        .exec(db)
        .await?
        .rows_affected as usize)
}

fn row(
    scope: Scope,
    id: &str,
    month: &str,
    figures: &Figures,
    now: DateTime<Utc>,
) -> impact_figures::ActiveModel {
    let int = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    impact_figures::ActiveModel {
        scope: Set(scope.as_str().to_owned()),
        subject_id: Set(id.to_owned()),
        month: Set(month.to_owned()),
        reuses: Set(int(figures.reuses())),
        reuses_by_type: Set(serde_json::to_string(&figures.reuses_by_type).unwrap_or_default()),
        questions: Set(int(figures.questions)),
        answered: Set(int(figures.answered)),
        median_answer_secs: Set(figures.median_answer_secs),
        waiting_week: Set(int(figures.waiting_week)),
        waiting_month: Set(int(figures.waiting_month)),
        followers: Set(int(figures.followers)),
        reuse_links_checked: Set(int(figures.reuse_links.checked)),
        reuse_links_working: Set(int(figures.reuse_links.working)),
        resource_links_checked: Set(int(figures.resource_links.checked)),
        resource_links_working: Set(int(figures.resource_links.working)),
        computed_at: Set(now),
    }
}

/// Inserts `rows`, or updates them where they exist; links too when `with_links`.
async fn upsert(
    db: &DatabaseConnection,
    rows: Vec<impact_figures::ActiveModel>,
    with_links: bool,
) -> AppResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let count = rows.len();
    let mut columns = vec![
        Column::Reuses,
        Column::ReusesByType,
        Column::Questions,
        Column::Answered,
        Column::MedianAnswerSecs,
        Column::WaitingWeek,
        Column::WaitingMonth,
        Column::Followers,
        Column::ComputedAt,
    ];
    if with_links {
        columns.extend([
            Column::ReuseLinksChecked,
            Column::ReuseLinksWorking,
            Column::ResourceLinksChecked,
            Column::ResourceLinksWorking,
        ]);
    }
    let txn = db.begin().await?;
    impact_figures::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([Column::Scope, Column::SubjectId, Column::Month])
                .update_columns(columns)
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(count)
}

/// Removes the rows of `months` of scopes not in `present`: what they counted is gone.
async fn remove_gone(
    db: &DatabaseConnection,
    months: &[String],
    present: &HashSet<(&'static str, String)>,
) -> AppResult<usize> {
    let stored: Vec<(String, String, String)> = impact_figures::Entity::find()
        .select_only()
        .column(Column::Scope)
        .column(Column::SubjectId)
        .column(Column::Month)
        .filter(Column::Month.is_in(months.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    let mut removed = 0;
    for (scope, id, month) in stored {
        let Some(known) = Scope::parse(&scope) else {
            continue;
        };
        if !present.contains(&(known.as_str(), id.clone())) {
            let gone = impact_figures::Entity::delete_many()
                .filter(Column::Scope.eq(scope))
                .filter(Column::SubjectId.eq(id))
                .filter(Column::Month.eq(month))
                .exec(db)
                .await?;
            removed += gone.rows_affected as usize;
        }
    }
    Ok(removed)
}

/// The figures of a stored row.
fn figures(row: &impact_figures::Model) -> Figures {
    let count = |n: i32| u32::try_from(n).unwrap_or_default();
    Figures {
        reuses_by_type: serde_json::from_str::<BTreeMap<String, u32>>(&row.reuses_by_type)
            .unwrap_or_default(),
        questions: count(row.questions),
        answered: count(row.answered),
        median_answer_secs: row.median_answer_secs,
        waiting_week: count(row.waiting_week),
        waiting_month: count(row.waiting_month),
        followers: count(row.followers),
        reuse_links: LinkShare {
            checked: count(row.reuse_links_checked),
            working: count(row.reuse_links_working),
        },
        resource_links: LinkShare {
            checked: count(row.resource_links_checked),
            working: count(row.resource_links_working),
        },
    }
}

/// When the job last counted: the site's latest row (every scope is counted in the run that
/// writes it); `None` before its first run.
///
/// Cost: one row, from the end of the primary key's range of the site.
pub async fn last_count(db: &impl ConnectionTrait) -> AppResult<Option<DateTime<Utc>>> {
    Ok(impact_figures::Entity::find()
        .filter(Column::Scope.eq(Scope::Site.as_str()))
        .filter(Column::SubjectId.eq(""))
        .order_by_desc(Column::Month)
        .one(db)
        .await?
        .map(|row| row.computed_at))
}

/// A scope's twelve months of `window`, oldest first. A month without a row shows zeros:
/// nothing was there to count.
///
/// Cost: at most twelve rows, read by primary key.
pub async fn months(
    db: &impl ConnectionTrait,
    scope: Scope,
    id: &str,
    window: &Window,
) -> AppResult<Vec<(String, Figures)>> {
    let rows = impact_figures::Entity::find()
        .filter(Column::Scope.eq(scope.as_str()))
        .filter(Column::SubjectId.eq(id))
        .filter(Column::Month.gte(window.labels()[0].as_str()))
        .filter(Column::Month.lte(window.current()))
        .order_by_asc(Column::Month)
        .all(db)
        .await?;
    Ok(window
        .labels()
        .iter()
        .map(|label| {
            let stored = rows.iter().find(|row| row.month == *label);
            let figures = stored.map(figures).unwrap_or_else(|| Figures {
                reuses_by_type: super::figures::every_type_zero(),
                ..Figures::default()
            });
            (label.clone(), figures)
        })
        .collect())
}

/// The `limit` organizations whose data has the most public reuses this month, with their
/// figures.
///
/// Cost: the first `limit` entries of the `(scope, month, reuses)` index.
pub async fn most_reused_organizations(
    db: &impl ConnectionTrait,
    window: &Window,
    limit: u64,
) -> AppResult<Vec<(String, Figures)>> {
    Ok(impact_figures::Entity::find()
        .filter(Column::Scope.eq(Scope::Organization.as_str()))
        .filter(Column::Month.eq(window.current()))
        .filter(Column::Reuses.gt(0))
        .order_by_desc(Column::Reuses)
        .order_by_asc(Column::SubjectId)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(|row| (row.subject_id.clone(), figures(row)))
        .collect())
}
