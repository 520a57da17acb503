//! The impact indicators of the site, an organization or a dataset: twelve months of figures
//! as JSON or CSV, read from what the scheduled job counted (`vitrine impact`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::api::views::ApiTags;
use crate::error::HttpResult;
use crate::impact::{Figures, Impact, Scope, impact_of};
use crate::models::datasets::find_dataset_id;
use crate::models::organizations::find_organization;
use crate::state::AppState;

/// Impact indicators.
pub struct MetricsApi;

/// A scope's impact indicators: the current month and the eleven before it.
#[derive(Object)]
pub struct ImpactView {
    /// `site`, `organization` or `dataset`.
    pub scope: String,
    /// The organization's or dataset's id.
    #[oai(skip_serializing_if_is_none)]
    pub id: Option<String>,
    /// When they were last counted; null before the first count.
    #[oai(nullable)]
    pub computed_at: Option<DateTime<Utc>>,
    /// The current month, to now.
    pub current: MonthView,
    /// The twelve months, oldest first (the last is `current`).
    pub months: Vec<MonthView>,
}

/// One month's figures, read at its end.
#[derive(Object)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// Public reuses of the data.
    pub reuses: u32,
    /// The same, per reuse type.
    pub reuses_by_type: BTreeMap<String, u32>,
    /// Questions asked in the 12 months to the month's end.
    pub questions: u32,
    /// Those a producer answered by then.
    pub answered: u32,
    /// `answered` of `questions`, in percent; null when nobody asked.
    #[oai(nullable)]
    pub answered_percent: Option<u32>,
    /// The median time to a producer's first reply, in seconds; null without a reply.
    #[oai(nullable)]
    pub median_first_answer_seconds: Option<i64>,
    /// Questions waiting for a producer's answer for more than 7 days.
    pub waiting_over_7_days: u32,
    /// And for more than 30 days.
    pub waiting_over_30_days: u32,
    /// Followers (for the site: follows of datasets, reuses and organizations).
    pub followers: u32,
    /// The reuses' links checked, and those that worked.
    pub reuse_links_checked: u32,
    pub reuse_links_working: u32,
    /// `reuse_links_working` of `reuse_links_checked`, in percent; null before any check.
    #[oai(nullable)]
    pub reuse_links_working_percent: Option<u32>,
    /// The resources' links checked, and those that worked.
    pub resource_links_checked: u32,
    pub resource_links_working: u32,
    /// `resource_links_working` of `resource_links_checked`, in percent.
    #[oai(nullable)]
    pub resource_links_working_percent: Option<u32>,
}

impl MonthView {
    fn new(month: &str, figures: &Figures) -> Self {
        Self {
            month: month.to_owned(),
            reuses: figures.reuses(),
            reuses_by_type: figures.reuses_by_type.clone(),
            questions: figures.questions,
            answered: figures.answered,
            answered_percent: figures.answered_percent(),
            median_first_answer_seconds: figures.median_answer_secs,
            waiting_over_7_days: figures.waiting_week,
            waiting_over_30_days: figures.waiting_month,
            followers: figures.followers,
            reuse_links_checked: figures.reuse_links.checked,
            reuse_links_working: figures.reuse_links.working,
            reuse_links_working_percent: figures.reuse_links.percent(),
            resource_links_checked: figures.resource_links.checked,
            resource_links_working: figures.resource_links.working,
            resource_links_working_percent: figures.resource_links.percent(),
        }
    }
}

impl From<Impact> for ImpactView {
    fn from(impact: Impact) -> Self {
        let months: Vec<MonthView> = impact
            .months
            .iter()
            .map(|(month, figures)| MonthView::new(month, figures))
            .collect();
        let (month, figures) = &impact.months[impact.months.len() - 1];
        Self {
            scope: impact.scope.as_str().to_owned(),
            id: (impact.scope != Scope::Site).then_some(impact.id),
            computed_at: impact.computed_at,
            current: MonthView::new(month, figures),
            months,
        }
    }
}

/// The months as CSV, to download.
#[derive(ApiResponse)]
pub enum CsvResponse {
    /// A header line, then one line a month, oldest first.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(
        PlainText<String>,
        #[oai(header = "Content-Disposition")] String,
    ),
}

impl CsvResponse {
    fn of(impact: &Impact, name: &str) -> Self {
        Self::Csv(
            PlainText(impact.to_csv()),
            format!("attachment; filename=\"impact-{name}.csv\""),
        )
    }
}

/// The figures of `scope` `id` now, as the job last counted them.
async fn figures(state: &AppState, scope: Scope, id: &str) -> HttpResult<Impact> {
    Ok(impact_of(&state.db, scope, id, state.clock.now()).await?)
}

/// The id of the organization `id_or_slug` (404 when there is none).
async fn organization(state: &AppState, id_or_slug: &str) -> HttpResult<String> {
    Ok(find_organization(&state.db, id_or_slug).await?.id)
}

/// The id of the dataset `id_or_slug` (404, or 410 when the catalog deleted it).
async fn dataset(state: &AppState, id_or_slug: &str) -> HttpResult<String> {
    Ok(find_dataset_id(&state.db, id_or_slug).await?)
}

#[OpenApi]
impl MetricsApi {
    /// The site's impact indicators
    ///
    /// Reuses by type, questions answered and how fast, questions waiting, followers and the
    /// share of working links, for the current month and each of the eleven before it.
    #[oai(
        path = "/site/metrics/",
        method = "get",
        operation_id = "get_site_metrics",
        tag = "ApiTags::Site"
    )]
    async fn site_metrics(&self, state: Data<&AppState>) -> HttpResult<Json<ImpactView>> {
        Ok(Json(figures(&state, Scope::Site, "").await?.into()))
    }

    /// The site's impact indicators as CSV
    #[oai(
        path = "/site/metrics.csv",
        method = "get",
        operation_id = "get_site_metrics_csv",
        tag = "ApiTags::Site"
    )]
    async fn site_metrics_csv(&self, state: Data<&AppState>) -> HttpResult<CsvResponse> {
        let impact = figures(&state, Scope::Site, "").await?;
        Ok(CsvResponse::of(&impact, "site"))
    }

    /// An organization's impact indicators
    ///
    /// About its datasets and the reuses of them; by id or slug.
    #[oai(
        path = "/organizations/:id/metrics/",
        method = "get",
        operation_id = "get_organization_metrics",
        tag = "ApiTags::Organizations"
    )]
    async fn organization_metrics(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ImpactView>> {
        let id = organization(&state, &id).await?;
        Ok(Json(
            figures(&state, Scope::Organization, &id).await?.into(),
        ))
    }

    /// An organization's impact indicators as CSV
    #[oai(
        path = "/organizations/:id/metrics.csv",
        method = "get",
        operation_id = "get_organization_metrics_csv",
        tag = "ApiTags::Organizations"
    )]
    async fn organization_metrics_csv(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<CsvResponse> {
        let id = organization(&state, &id).await?;
        let impact = figures(&state, Scope::Organization, &id).await?;
        Ok(CsvResponse::of(&impact, &id))
    }

    /// A dataset's impact indicators
    ///
    /// By id or slug; 410 when the catalog deleted it.
    #[oai(
        path = "/datasets/:id/metrics/",
        method = "get",
        operation_id = "get_dataset_metrics",
        tag = "ApiTags::Datasets"
    )]
    async fn dataset_metrics(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<ImpactView>> {
        let id = dataset(&state, &id).await?;
        Ok(Json(figures(&state, Scope::Dataset, &id).await?.into()))
    }

    /// A dataset's impact indicators as CSV
    #[oai(
        path = "/datasets/:id/metrics.csv",
        method = "get",
        operation_id = "get_dataset_metrics_csv",
        tag = "ApiTags::Datasets"
    )]
    async fn dataset_metrics_csv(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<CsvResponse> {
        let id = dataset(&state, &id).await?;
        let impact = figures(&state, Scope::Dataset, &id).await?;
        Ok(CsvResponse::of(&impact, &id))
    }
}
