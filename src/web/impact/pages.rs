//! `/impact/`, `/impact/organizations/{slug}/` and `/impact/datasets/{slug}/`: a scope's
//! figures now, then a plot and its table for each over twelve months; the site's page also
//! ranks the organizations whose data is most reused and, when the site chooses to, lists the
//! searches that found nothing.

use askama::Template;
use askama_web::WebTemplate;
use chrono::Duration;
use poem::web::{Data, Path};
use poem::{Request, handler};

use super::plot;
use super::{ImpactBlock, in_words};
use crate::error::HttpResult;
use crate::impact::{Figures, Impact, Scope, impact_of, leading_organizations};
use crate::models::datasets::find_dataset;
use crate::models::organizations::find_organization;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::moderation::{MissRow, search_misses};

/// Organizations ranked on the site's page.
const LEADERS: u64 = 10;

/// Searches a query must have found nothing in, these four weeks, to be shown to everyone
/// (animators see those of two): a few people, not one visitor typing a word to be seen.
const PUBLIC_MISS_LEAST: i64 = 5;

/// One figure over twelve months: its plot and the table that says the same in text.
pub struct Plot {
    /// Anchor, unique in the page.
    pub id: &'static str,
    /// What it shows.
    pub title: &'static str,
    /// The drawing (numbers and labels written by `plot`, escaped).
    pub svg: String,
    /// Each month (« déc. 2026 ») and its value in words (« — » for none).
    pub rows: Vec<(String, String)>,
}

/// An organization in the site's ranking.
pub struct Leader {
    pub name: String,
    pub path: String,
    pub reuses: u32,
    pub answered: String,
    pub median: String,
}

/// The impact page of the site, an organization or a dataset.
#[derive(Template, WebTemplate)]
#[template(path = "impact.html")]
pub struct ImpactPage {
    frame: Frame,
    /// The page's title.
    heading: String,
    /// The subject's own page, for an organization or a dataset.
    subject: Option<(String, String)>,
    impact: ImpactBlock,
    /// Every reuse type and its count now.
    types: Vec<(&'static str, u32)>,
    plots: Vec<Plot>,
    leaders: Vec<Leader>,
    /// Shown only on the site's page, when `VITRINE_IMPACT_SHOW_SEARCHES` is on.
    misses: Option<Vec<MissRow>>,
    /// The same figures from the API.
    json: String,
}

/// The site's impact.
#[handler]
pub async fn impact_page(req: &Request, state: Data<&AppState>) -> HttpResult<ImpactPage> {
    let mut frame = Frame::of(req);
    let heading = frame.t("impact.title").to_owned();
    frame.crumb(heading.clone(), None);
    let impact = impact_of(&state.db, Scope::Site, "", state.clock.now()).await?;
    let leaders = leading_organizations(&state.db, state.clock.now(), LEADERS)
        .await?
        .into_iter()
        .map(|(org, figures)| Leader {
            path: format!("/impact/organizations/{}/", org.slug),
            name: org.name,
            reuses: figures.reuses(),
            answered: percent_words(&frame, figures.answered_percent()),
            median: median_words(&frame, &figures),
        })
        .collect();
    let misses = if state.config.impact.show_searches {
        Some(search_misses(&state, &frame, PUBLIC_MISS_LEAST).await?)
    } else {
        None
    };
    let json = "/api/1/site/metrics/".to_owned();
    Ok(page(frame, heading, None, impact, "/impact/", json).with(leaders, misses))
}

/// An organization's impact.
#[handler]
pub async fn organization_impact_page(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
) -> HttpResult<ImpactPage> {
    let org = find_organization(&state.db, &slug).await?;
    let mut frame = Frame::of(req);
    let path = format!("/organizations/{}/", org.slug);
    frame
        .crumb(frame.t("impact.title"), Some("/impact/"))
        .crumb(org.name.clone(), None);
    let heading = frame.t_args("impact.title_of", &[("name", org.name.as_str().into())]);
    let impact = impact_of(&state.db, Scope::Organization, &org.id, state.clock.now()).await?;
    let here = format!("/impact/organizations/{}/", org.slug);
    let json = format!("/api/1/organizations/{}/metrics/", org.id);
    Ok(page(
        frame,
        heading,
        Some((org.name, path)),
        impact,
        &here,
        json,
    ))
}

/// A dataset's impact.
#[handler]
pub async fn dataset_impact_page(
    req: &Request,
    state: Data<&AppState>,
    Path(slug): Path<String>,
) -> HttpResult<ImpactPage> {
    let dataset = find_dataset(&state.db, &slug).await?.dataset;
    let mut frame = Frame::of(req);
    let path = format!("/datasets/{}/", dataset.slug);
    frame
        .crumb(frame.t("impact.title"), Some("/impact/"))
        .crumb(dataset.title.clone(), None);
    let heading = frame.t_args(
        "impact.title_of",
        &[("name", dataset.title.as_str().into())],
    );
    let impact = impact_of(&state.db, Scope::Dataset, &dataset.id, state.clock.now()).await?;
    let here = format!("/impact/datasets/{}/", dataset.slug);
    let json = format!("/api/1/datasets/{}/metrics/", dataset.id);
    Ok(page(
        frame,
        heading,
        Some((dataset.title, path)),
        impact,
        &here,
        json,
    ))
}

/// The page of `impact`, found at `here`.
fn page(
    frame: Frame,
    heading: String,
    subject: Option<(String, String)>,
    impact: Impact,
    here: &str,
    json: String,
) -> ImpactPage {
    let block = ImpactBlock::new(
        &frame,
        &impact,
        here.to_owned(),
        super::csv_path(impact.scope, &impact.id),
    );
    let types = impact
        .current()
        .reuses_by_type
        .iter()
        .map(|(kind, count)| (frame.t(&format!("type.{kind}")), *count))
        .collect();
    let plots = plots(&frame, &impact);
    ImpactPage {
        frame,
        heading,
        subject,
        impact: block,
        types,
        plots,
        leaders: Vec::new(),
        misses: None,
        json,
    }
}

impl ImpactPage {
    fn with(mut self, leaders: Vec<Leader>, misses: Option<Vec<MissRow>>) -> Self {
        self.leaders = leaders;
        self.misses = misses;
        self
    }
}

/// A share as the reader writes it (« 75 % », “75%”), or « — ».
fn percent_words(frame: &Frame, percent: Option<u32>) -> String {
    percent.map_or_else(
        || "—".to_owned(),
        |percent| frame.t_args("impact.percent", &[("percent", u64::from(percent).into())]),
    )
}

/// The median reply time of `figures` in words, or « — ».
fn median_words(frame: &Frame, figures: &Figures) -> String {
    figures.median_answer_secs.map_or_else(
        || "—".to_owned(),
        |secs| in_words(frame, Duration::seconds(secs)),
    )
}

/// A plot of one figure: `value` gives each month's number, `words` the table's text.
fn plot_of(
    frame: &Frame,
    impact: &Impact,
    id: &'static str,
    value: impl Fn(&Figures) -> Option<f64>,
    words: impl Fn(&Figures) -> String,
    percent: bool,
) -> Plot {
    let short: Vec<String> = impact
        .months
        .iter()
        .map(|(month, _)| month_label(frame, month, false))
        .collect();
    let values: Vec<Option<f64>> = impact.months.iter().map(|(_, f)| value(f)).collect();
    let svg = if percent {
        plot::line(&short, &values, Some(100.0), |v| {
            percent_words(frame, Some(v.round() as u32))
        })
    } else {
        plot::line(&short, &values, None, |v| frame.number(v.round() as i64))
    };
    Plot {
        id,
        title: frame.t(&format!("impact.plot_{id}")),
        svg,
        rows: impact
            .months
            .iter()
            .map(|(month, figures)| (month_label(frame, month, true), words(figures)))
            .collect(),
    }
}

/// The plots of every figure.
fn plots(frame: &Frame, impact: &Impact) -> Vec<Plot> {
    let count = |n: u32| frame.number(n);
    let percent_words = |percent: Option<u32>| percent_words(frame, percent);
    vec![
        plot_of(
            frame,
            impact,
            "reuses",
            |f| Some(f64::from(f.reuses())),
            |f| count(f.reuses()),
            false,
        ),
        plot_of(
            frame,
            impact,
            "answered",
            |f| f.answered_percent().map(f64::from),
            |f| percent_words(f.answered_percent()),
            true,
        ),
        plot_of(
            frame,
            impact,
            "median",
            |f| f.median_answer_secs.map(|secs| secs as f64 / 3600.0),
            |f| median_words(frame, f),
            false,
        ),
        plot_of(
            frame,
            impact,
            "waiting_week",
            |f| Some(f64::from(f.waiting_week)),
            |f| count(f.waiting_week),
            false,
        ),
        plot_of(
            frame,
            impact,
            "waiting_month",
            |f| Some(f64::from(f.waiting_month)),
            |f| count(f.waiting_month),
            false,
        ),
        plot_of(
            frame,
            impact,
            "followers",
            |f| Some(f64::from(f.followers)),
            |f| count(f.followers),
            false,
        ),
        plot_of(
            frame,
            impact,
            "reuse_links",
            |f| f.reuse_links.percent().map(f64::from),
            |f| percent_words(f.reuse_links.percent()),
            true,
        ),
        plot_of(
            frame,
            impact,
            "resource_links",
            |f| f.resource_links.percent().map(f64::from),
            |f| percent_words(f.resource_links.percent()),
            true,
        ),
    ]
}

/// `YYYY-MM` as the reader names it: « déc. » on a plot's axis, « déc. 2026 » in a table.
fn month_label(frame: &Frame, month: &str, with_year: bool) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, "1"));
    let number: u32 = number.parse().unwrap_or(1);
    let name = frame.t(&format!("impact.month_{number}"));
    if with_year {
        format!("{name} {year}")
    } else {
        name.to_owned()
    }
}
