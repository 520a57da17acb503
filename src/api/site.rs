//! The site as a whole, with udata's shapes: `/site/` (its figures), `/activity/` (what the
//! community does) and `/tags/suggest/` (the tags in use). The same answer for every caller.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};
use serde_json::Value;
use url::Url;

use crate::api::views::{ApiTags, OrganizationRef, Page, UserRef};
use crate::error::HttpResult;
use crate::http::lang::of_request;
use crate::i18n::Lang;
use crate::models::activity::{Activity, ActivityFilter, Target, list_activity};
use crate::models::paging::Paging;
use crate::models::site::{SiteMetrics, site_metrics};
use crate::models::tags::{DEFAULT_SUGGESTIONS, suggest_tags};
use crate::state::AppState;
use crate::urls::link;

/// The site's name, as `/site/` gives it.
const SITE_TITLE: &str = "Vitrine";
/// How many items the site's feeds list (udata's `feed_size`).
const FEED_SIZE: u64 = 50;

/// Site-wide operations.
pub struct SiteApi;

/// The site (udata's `Site`).
#[derive(Object)]
pub struct SiteView {
    /// The site's host name (udata's `SITE_ID`).
    pub id: String,
    /// Its name.
    pub title: String,
    /// Keywords (none).
    pub keywords: Vec<String>,
    /// How many items its feeds list.
    pub feed_size: u64,
    /// Its counters.
    pub metrics: SiteMetricsView,
    /// Vitrine's version.
    pub version: String,
}

/// The site's counters (udata's keys; those Vitrine has).
#[derive(Object)]
pub struct SiteMetricsView {
    /// Datasets in the catalog (neither deleted nor archived).
    pub datasets: u64,
    /// Visible reuses.
    pub reuses: u64,
    /// Organizations.
    pub organizations: u64,
    /// Active accounts with a confirmed address.
    pub users: u64,
    /// Discussions (not held for moderation).
    pub discussions: u64,
    /// Follows.
    pub followers: u64,
    /// Most followers of a dataset.
    pub max_dataset_followers: u64,
    /// Most reuses of a dataset.
    pub max_dataset_reuses: u64,
    /// Most datasets of a visible reuse.
    pub max_reuse_datasets: u64,
    /// Most followers of a visible reuse.
    pub max_reuse_followers: u64,
}

impl From<SiteMetrics> for SiteMetricsView {
    fn from(metrics: SiteMetrics) -> Self {
        Self {
            datasets: metrics.datasets,
            reuses: metrics.reuses,
            organizations: metrics.organizations,
            users: metrics.users,
            discussions: metrics.discussions,
            followers: metrics.followers,
            max_dataset_followers: metrics.max_dataset_followers,
            max_dataset_reuses: metrics.max_dataset_reuses,
            max_reuse_datasets: metrics.max_reuse_datasets,
            max_reuse_followers: metrics.max_reuse_followers,
        }
    }
}

/// An event of the activity feed (udata's `Activity`).
#[derive(Object)]
pub struct ActivityView {
    /// Who did it (none for a reuse an organization published: who is not kept).
    #[oai(nullable)]
    pub actor: Option<UserRef>,
    /// The organization they acted for.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// The title (or name) of what it is about.
    pub related_to: String,
    /// Its id.
    pub related_to_id: String,
    /// Its class: `Reuse`, `Dataset` or `Organization`.
    pub related_to_kind: String,
    /// Its API URL.
    pub related_to_url: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// What happened, in the caller's language (“created a reuse”).
    pub label: String,
    /// What happened: `reuse:created`, `dataset:discussed`, `reuse:discussed`,
    /// `dataset:followed`, `reuse:followed` or `organization:followed`.
    pub key: String,
    /// udata's icon (Font Awesome classes).
    pub icon: String,
    /// Changed fields (none: no event here is a change).
    pub changes: Vec<String>,
    /// More about it (none).
    pub extras: Value,
}

impl ActivityView {
    fn new(activity: Activity, lang: Lang, public_url: &Url) -> Self {
        let (kind, id, name, api_path) = match &activity.target {
            Target::Reuse(reuse) => ("Reuse", &reuse.id, &reuse.title, "reuses"),
            Target::Dataset(dataset) => ("Dataset", &dataset.id, &dataset.title, "datasets"),
            Target::Organization(org) => ("Organization", &org.id, &org.name, "organizations"),
        };
        Self {
            related_to_url: link(public_url, &format!("api/1/{api_path}/{id}/")),
            related_to: name.clone(),
            related_to_id: id.clone(),
            related_to_kind: kind.to_owned(),
            actor: activity
                .actor
                .as_ref()
                .map(|user| UserRef::new(user, public_url)),
            organization: activity
                .organization
                .as_ref()
                .map(|org| OrganizationRef::new(org, public_url)),
            created_at: activity.at,
            label: lang.t(activity.kind.label()).to_owned(),
            key: activity.kind.key().to_owned(),
            icon: activity.kind.icon().to_owned(),
            changes: Vec::new(),
            extras: Value::Object(serde_json::Map::new()),
        }
    }
}

/// A suggested tag (udata's shape).
#[derive(Object)]
pub struct TagSuggestion {
    /// The tag.
    pub text: String,
}

#[OpenApi(tag = "ApiTags::Site")]
impl SiteApi {
    /// Site-wide variables
    ///
    /// The site's name and its counters, counted at most once between two writes.
    #[oai(path = "/site/", method = "get", operation_id = "get_site")]
    async fn get_site(&self, state: Data<&AppState>) -> HttpResult<Json<SiteView>> {
        let metrics = site_metrics(&state.db, &state.cache).await?;
        let public_url = &state.config.public_url;
        Ok(Json(SiteView {
            id: public_url.host_str().unwrap_or_default().to_owned(),
            title: SITE_TITLE.to_owned(),
            keywords: Vec::new(),
            feed_size: FEED_SIZE,
            metrics: metrics.into(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }))
    }

    /// Site activity
    ///
    /// What the community did, newest first: reuses published, datasets and reuses discussed
    /// and followed, organizations followed. Only what everybody may see (nothing held, private
    /// or deleted). The feed reaches back 10,000 events; a page beyond is a 400.
    #[oai(path = "/activity/", method = "get", operation_id = "activity")]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_activity(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Events for this organization (id or slug) or about it.
        organization: Query<Option<String>>,
        /// Events about this reuse, dataset or organization (its id).
        related_to: Query<Option<String>>,
        /// Events of this user (their id).
        user: Query<Option<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<ActivityView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let filter = ActivityFilter {
            organization: organization.0,
            related_to: related_to.0,
            user: user.0,
        };
        let found = list_activity(&state.db, &state.cache, &filter, paging).await?;
        let lang = of_request(req);
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |activity| {
            ActivityView::new(activity, lang, public_url)
        })))
    }

    /// Suggest tags
    ///
    /// Tags of visible reuses and of the catalog's datasets that contain `q` (slugged, as tags
    /// are), the most used first, then the shortest first.
    #[oai(path = "/tags/suggest/", method = "get", operation_id = "suggest_tags")]
    async fn suggest_tags(
        &self,
        state: Data<&AppState>,
        /// The text to complete.
        q: Query<String>,
        /// How many (default 8); over 100, 100 are given.
        #[oai(validator(minimum(value = "1")))]
        size: Query<Option<u64>>,
    ) -> HttpResult<Json<Vec<TagSuggestion>>> {
        let size = size.0.unwrap_or(DEFAULT_SUGGESTIONS);
        let tags = suggest_tags(&state.db, &state.cache, &q, size).await?;
        Ok(Json(
            tags.into_iter()
                .map(|text| TagSuggestion { text })
                .collect(),
        ))
    }
}
