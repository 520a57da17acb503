//! The impact indicators in pages: a block of figures on each organization's and dataset's
//! page, and `/impact/` (the site's, an organization's or a dataset's) with a plot and a table
//! for each figure over twelve months. Everything is read from what the scheduled job counted.

mod pages;
mod plot;

pub use pages::{ImpactPage, dataset_impact_page, impact_page, organization_impact_page};

use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

use crate::error::HttpResult;
use crate::impact::{Figures, Impact, LinkShare, Scope, impact_of};
use crate::web::Frame;

/// A scope's current figures in the reader's words, with where to read more.
pub struct ImpactBlock {
    /// Public reuses of the data, in words (« 12 réutilisations »).
    pub reuses: String,
    /// The types with at least one reuse: label and count, most first.
    pub by_type: Vec<(&'static str, u32)>,
    /// « 80 % (sur 5 questions) », when anybody asked in the last 12 months.
    pub answered: Option<String>,
    /// The median time to a producer's first reply, in words.
    pub median: Option<String>,
    /// Questions waiting for a producer's answer for more than 7 and 30 days, in words.
    pub waiting: String,
    /// « 95 % (sur 20 vérifiés) », once the link checker visited them.
    pub reuse_links: Option<String>,
    pub resource_links: Option<String>,
    pub followers: u32,
    /// When the figures were counted, in words; `None` before the first count.
    pub computed: Option<String>,
    /// The page of the twelve months, and their CSV.
    pub href: String,
    pub csv: String,
}

impl ImpactBlock {
    /// The block of `impact`, whose twelve months are at `href` and whose CSV is at `csv`.
    pub fn new(frame: &Frame, impact: &Impact, href: String, csv: String) -> Self {
        let figures = impact.current();
        let mut by_type: Vec<(&'static str, u32)> = figures
            .reuses_by_type
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(kind, count)| (frame.t(&format!("type.{kind}")), *count))
            .collect();
        by_type.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
        Self {
            reuses: frame.count(figures.reuses(), "count.reuses"),
            by_type,
            answered: answered_words(frame, figures),
            median: figures
                .median_answer_secs
                .map(|secs| in_words(frame, Duration::seconds(secs))),
            waiting: frame.t_args(
                "impact.waiting_value",
                &[
                    ("week", u64::from(figures.waiting_week).into()),
                    ("month", u64::from(figures.waiting_month).into()),
                ],
            ),
            reuse_links: links_words(frame, figures.reuse_links),
            resource_links: links_words(frame, figures.resource_links),
            followers: figures.followers,
            computed: impact.computed_at.map(|at| frame.date_time(at)),
            href,
            csv,
        }
    }

    /// The block of `scope` `id` as the job last counted it, read through `db` (the page's own
    /// connection), `now` by the jobs' clock.
    pub async fn read(
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        frame: &Frame,
        (scope, id): (Scope, &str),
        href: String,
    ) -> HttpResult<Self> {
        let impact = impact_of(db, scope, id, now).await?;
        Ok(Self::new(frame, &impact, href, csv_path(scope, id)))
    }
}

/// Where the CSV of `scope` `id` is.
fn csv_path(scope: Scope, id: &str) -> String {
    match scope {
        Scope::Site => "/api/1/site/metrics.csv".to_owned(),
        Scope::Organization => format!("/api/1/organizations/{id}/metrics.csv"),
        Scope::Dataset => format!("/api/1/datasets/{id}/metrics.csv"),
    }
}

/// « 80 % (sur 5 questions) », or `None` when nobody asked.
fn answered_words(frame: &Frame, figures: &Figures) -> Option<String> {
    figures.answered_percent().map(|percent| {
        frame.t_args(
            "org.answered_value",
            &[
                ("percent", u64::from(percent).into()),
                ("asked", u64::from(figures.questions).into()),
            ],
        )
    })
}

/// « 95 % (sur 20 vérifiés) », or `None` before any check.
fn links_words(frame: &Frame, links: LinkShare) -> Option<String> {
    links.percent().map(|percent| {
        frame.t_args(
            "impact.links_value",
            &[
                ("percent", u64::from(percent).into()),
                ("checked", u64::from(links.checked).into()),
            ],
        )
    })
}

/// A delay as a reader says it: minutes under an hour, hours under two days, else days.
pub fn in_words(frame: &Frame, delay: Duration) -> String {
    let minutes = delay.num_minutes().max(1);
    if minutes < 60 {
        frame.count(minutes, "org.minutes")
    } else if minutes < 48 * 60 {
        frame.count((minutes + 30) / 60, "org.hours")
    } else {
        frame.count((minutes + 12 * 60) / (24 * 60), "org.days")
    }
}
