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
    Ok(Refreshed {
        written,
        counted_ms,
        written_ms: started.elapsed().as_millis(),
    })
}

/// The scheduled job, started by `vitrine serve` and `vitrine worker`: a count at once (the
/// pages have figures from the start), then every `VITRINE_IMPACT_INTERVAL`. Several
/// processes may run it: each writes the same rows.
pub async fn schedule(app: AppState) {
    let interval = app.config.impact.interval;
    if interval.is_zero() {
        tracing::info!("impact indicators: the scheduled job is off (VITRINE_IMPACT_INTERVAL=0)");
        return;
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
