//! Impact indicators: is the data reused, do producers answer, do the links work — per
//! dataset, per organization and for the whole site, with each month of the last twelve.
//!
//! A scheduled job ([`schedule`], every `VITRINE_IMPACT_INTERVAL`) reads the tables once
//! ([`compute`]) and writes one row per scope and month in `impact_figures` ([`store`]). Pages
//! and the API only read those rows by primary key ([`months`]): no request counts anything.
//! What each figure means is in `docs/impact.md`.

mod compute;
mod figures;
mod months;
mod store;

use std::time::Instant;

pub use figures::{Figures, LinkShare, percent};
pub use months::{MONTHS, Window};
pub use store::{Written, months, most_reused_organizations};

use crate::error::AppResult;
use crate::state::AppState;

/// What a row of figures is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The whole site.
    Site,
    /// An organization: its datasets, and the reuses of them.
    Organization,
    /// A dataset.
    Dataset,
}

impl Scope {
    /// As stored and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Site => "site",
            Self::Organization => "organization",
            Self::Dataset => "dataset",
        }
    }

    /// The scope stored as `text`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "site" => Some(Self::Site),
            "organization" => Some(Self::Organization),
            "dataset" => Some(Self::Dataset),
            _ => None,
        }
    }
}

/// What a run counted and wrote, and how long it took.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Refreshed {
    #[serde(flatten)]
    pub written: Written,
    /// Milliseconds spent reading the tables, then writing.
    pub counted_ms: u128,
    pub written_ms: u128,
}

/// Counts every scope's figures at `app.clock`'s now and writes them.
pub async fn refresh(app: &AppState) -> AppResult<Refreshed> {
    let now = app.clock.now();
    let window = Window::ending(now);
    let started = Instant::now();
    let tallies = compute::count(&app.db, &window).await?;
    let counted_ms = started.elapsed().as_millis();
    let started = Instant::now();
    let written = store::write(&app.db, &window, tallies.into_scopes(), now).await?;
    // The cached pages that show figures (the impact pages, datasets' blocks) are recomputed.
    app.cache.bump(crate::cache::GALLERY).await;
    Ok(Refreshed {
        written,
        counted_ms,
        written_ms: started.elapsed().as_millis(),
    })
}

/// The scheduled job, started by `vitrine serve` and `vitrine worker`: a count once the last
/// one is `VITRINE_IMPACT_INTERVAL` old (at once on a new site, so pages have figures from the
/// start), then every `VITRINE_IMPACT_INTERVAL`. Several
/// processes may run it: each writes the same rows.
pub async fn schedule(app: AppState) {
    let interval = app.config.impact.interval;
    if interval.is_zero() {
        tracing::info!("impact indicators: the scheduled job is off (VITRINE_IMPACT_INTERVAL=0)");
        return;
    }
    // A restart does not count again what was counted less than an interval ago.
    if let Ok(Some(last)) = store::last_count(&app.db).await {
        let since = (app.clock.now() - last).to_std().unwrap_or_default();
        if let Some(wait) = interval.checked_sub(since) {
            tokio::time::sleep(wait).await;
        }
    }
    loop {
        match refresh(&app).await {
            Ok(done) => tracing::info!(
                scopes = done.written.scopes,
                rows = done.written.rows,
                counted_ms = done.counted_ms as u64,
                written_ms = done.written_ms as u64,
                "impact indicators counted"
            ),
            Err(err) => tracing::error!(error = %err, "impact indicators: the count failed"),
        }
        tokio::time::sleep(interval).await;
    }
}

/// A scope's twelve months, as pages and the API show them.
#[derive(Clone, Debug)]
pub struct Impact {
    pub scope: Scope,
    /// The organization's or dataset's id; empty for the site.
    pub id: String,
    /// `YYYY-MM` and its figures, oldest first; the last is the current month.
    pub months: Vec<(String, Figures)>,
    /// When the job last counted them; `None` before its first run.
    pub computed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Impact {
    /// The current month's figures.
    pub fn current(&self) -> &Figures {
        &self.months[self.months.len() - 1].1
    }

    /// The months as CSV: a header, then a line a month, oldest first.
    pub fn to_csv(&self) -> String {
        let types = &crate::models::reuses::kinds::TYPES;
        let mut header = vec!["month".to_owned(), "reuses".to_owned()];
        header.extend(types.iter().map(|(kind, _)| format!("reuses_{kind}")));
        header.extend(CSV_COLUMNS.iter().map(|column| (*column).to_owned()));
        let mut csv = header.join(",") + "\n";
        let optional = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
        for (month, figures) in &self.months {
            let mut line = vec![month.clone(), figures.reuses().to_string()];
            line.extend(types.iter().map(|(kind, _)| {
                figures
                    .reuses_by_type
                    .get(*kind)
                    .copied()
                    .unwrap_or_default()
                    .to_string()
            }));
            line.extend([
                figures.questions.to_string(),
                figures.answered.to_string(),
                optional(figures.answered_percent()),
                figures
                    .median_answer_secs
                    .map(|secs| secs.to_string())
                    .unwrap_or_default(),
                figures.waiting_week.to_string(),
                figures.waiting_month.to_string(),
                figures.followers.to_string(),
                figures.reuse_links.checked.to_string(),
                figures.reuse_links.working.to_string(),
                optional(figures.reuse_links.percent()),
                figures.resource_links.checked.to_string(),
                figures.resource_links.working.to_string(),
                optional(figures.resource_links.percent()),
            ]);
            csv += &(line.join(",") + "\n");
        }
        csv
    }
}

/// The CSV's columns after the reuses.
const CSV_COLUMNS: [&str; 13] = [
    "questions_12_months",
    "answered",
    "answered_percent",
    "median_first_answer_seconds",
    "waiting_over_7_days",
    "waiting_over_30_days",
    "followers",
    "reuse_links_checked",
    "reuse_links_working",
    "reuse_links_working_percent",
    "resource_links_checked",
    "resource_links_working",
    "resource_links_working_percent",
];

/// The figures of `scope` `id` (empty for the site) as the job last counted them: the twelve
/// months to its last run (to `now` before any), so that a month just begun shows the last count
/// until the job counts it.
///
/// Cost: at most thirteen rows, read by primary key.
pub async fn impact_of(
    db: &impl sea_orm::ConnectionTrait,
    scope: Scope,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Impact> {
    let computed_at = store::last_count(db).await?;
    let window = Window::ending(computed_at.unwrap_or(now));
    let months = store::months(db, scope, id, &window).await?;
    Ok(Impact {
        scope,
        id: id.to_owned(),
        months,
        computed_at,
    })
}

/// The `limit` organizations whose data has the most public reuses this month, with their
/// current figures.
///
/// Cost: the first `limit` entries of an index, then those organizations by primary key.
pub async fn leading_organizations(
    db: &impl sea_orm::ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> AppResult<Vec<(entity::organizations::Model, Figures)>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let counted = store::last_count(db).await?.unwrap_or(now);
    let leading = most_reused_organizations(db, &Window::ending(counted), limit).await?;
    let mut organizations = entity::organizations::Entity::find()
        .filter(entity::organizations::Column::Id.is_in(leading.iter().map(|(id, _)| id.clone())))
        .all(db)
        .await?;
    Ok(leading
        .into_iter()
        .filter_map(|(id, figures)| {
            let at = organizations.iter().position(|org| org.id == id)?;
            Some((organizations.swap_remove(at), figures))
        })
        .collect())
}
