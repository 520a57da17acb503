//! `/api/1/datasets/`: the catalog mirror.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use url::Url;

use crate::api::views::{ApiTags, OrganizationRef, Page, UserRef};
use crate::error::HttpResult;
use crate::models::datasets::{self, DatasetCard, DatasetFields, DatasetFilter};
use crate::models::paging::Paging;
use crate::moderation::audit;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::urls::link;

/// Dataset operations.
pub struct DatasetsApi;

/// A dataset as the API shows it (udata's shape).
#[derive(Object)]
pub struct DatasetView {
    /// The catalog's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Description (Markdown).
    pub description: String,
    /// Its page on the catalog.
    #[oai(nullable)]
    pub url: Option<String>,
    /// Publishing organization.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// Publishing user.
    #[oai(nullable)]
    pub owner: Option<UserRef>,
    /// Tags.
    pub tags: Vec<String>,
    /// License id.
    #[oai(nullable)]
    pub license: Option<String>,
    /// Update frequency.
    #[oai(nullable)]
    pub frequency: Option<String>,
    /// Creation date in the catalog.
    pub created_at: DateTime<Utc>,
    /// Last modification in the catalog.
    pub last_modified: DateTime<Utc>,
    /// Archived in the catalog.
    pub archived: bool,
    /// Counters.
    pub metrics: DatasetMetrics,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// A dataset's counters.
#[derive(Object)]
pub struct DatasetMetrics {
    /// Discussions on it.
    pub discussions: i32,
    /// Open discussions on it.
    pub discussions_open: i32,
    /// Visible reuses of it.
    pub reuses: i32,
    /// Followers.
    pub followers: i32,
    /// Page views.
    pub views: i32,
}

impl DatasetView {
    /// The view of a dataset on the site at `public_url`.
    pub fn new(card: DatasetCard, public_url: &Url) -> Self {
        let DatasetCard {
            dataset,
            tags,
            organization,
            owner,
        } = card;
        Self {
            uri: link(public_url, &format!("api/1/datasets/{}/", dataset.id)),
            page: link(public_url, &format!("datasets/{}/", dataset.slug)),
            organization: organization.map(|org| OrganizationRef::new(&org, public_url)),
            owner: owner.as_ref().map(UserRef::from),
            tags,
            metrics: DatasetMetrics {
                discussions: dataset.discussions,
                discussions_open: dataset.discussions_open,
                reuses: dataset.reuses,
                followers: dataset.followers,
                views: dataset.views,
            },
            id: dataset.id,
            title: dataset.title,
            slug: dataset.slug,
            description: dataset.description,
            url: dataset.url,
            license: dataset.license,
            frequency: dataset.frequency,
            created_at: dataset.created_at,
            last_modified: dataset.last_modified,
            archived: dataset.archived,
        }
    }
}

/// Fields a catalog pushes; on `PUT` only those given change.
#[derive(Object, Default)]
pub struct DatasetInput {
    /// The catalog's id (creation only; generated when absent).
    #[oai(nullable)]
    pub id: Option<String>,
    /// Title (required on creation, at most 350 characters).
    #[oai(nullable)]
    pub title: Option<String>,
    /// Slug (derived from the title when absent).
    #[oai(nullable)]
    pub slug: Option<String>,
    /// Description (Markdown).
    #[oai(nullable)]
    pub description: Option<String>,
    /// Its page on the catalog (http or https).
    #[oai(nullable)]
    pub url: Option<String>,
    /// Publishing organization id (`""` for none).
    #[oai(nullable)]
    pub organization: Option<String>,
    /// Publishing user id (`""` for none).
    #[oai(nullable)]
    pub owner: Option<String>,
    /// Tags.
    #[oai(nullable)]
    pub tags: Option<Vec<String>>,
    /// License id.
    #[oai(nullable)]
    pub license: Option<String>,
    /// Update frequency.
    #[oai(nullable)]
    pub frequency: Option<String>,
    /// Archived in the catalog.
    #[oai(nullable)]
    pub archived: Option<bool>,
    /// Creation date in the catalog.
    #[oai(nullable)]
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    #[oai(nullable)]
    pub last_modified: Option<DateTime<Utc>>,
}

impl From<DatasetInput> for DatasetFields {
    fn from(input: DatasetInput) -> Self {
        Self {
            id: input.id,
            title: input.title,
            slug: input.slug,
            description: input.description,
            url: input.url,
            organization: input.organization,
            owner: input.owner,
            tags: input.tags,
            license: input.license,
            frequency: input.frequency,
            archived: input.archived,
            created_at: input.created_at,
            last_modified: input.last_modified,
        }
    }
}

/// Answer of `POST /datasets/`.
#[derive(ApiResponse)]
pub enum CreateDatasetResponse {
    /// Created.
    #[oai(status = 201)]
    Created(Json<DatasetView>),
}

#[OpenApi(tag = "ApiTags::Datasets")]
impl DatasetsApi {
    /// List datasets
    ///
    /// Datasets of the catalog mirror, newest first. `q` matches words of the title,
    /// every `tag` must be present.
    #[oai(path = "/datasets/", method = "get")]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_datasets(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Words that must all appear in the title.
        q: Query<Option<String>>,
        /// Organization id or slug.
        organization: Query<Option<String>>,
        /// Tag that must be present (repeatable).
        tag: Query<Vec<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<DatasetView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let filter = DatasetFilter {
            q: q.0,
            organization: organization.0,
            tags: tag.0,
        };
        let found = datasets::list_datasets(&state.db, &filter, paging).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |card| {
            DatasetView::new(card, public_url)
        })))
    }

    /// Show a dataset
    ///
    /// By id or slug; 410 when the catalog deleted it.
    #[oai(path = "/datasets/:id/", method = "get")]
    async fn find_dataset(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<DatasetView>> {
        let card = datasets::find_dataset(&state.db, &id).await?;
        Ok(Json(DatasetView::new(card, &state.config.public_url)))
    }

    /// Create a dataset (site admins)
    ///
    /// For catalogs that push their datasets instead of being imported.
    #[oai(path = "/datasets/", method = "post")]
    async fn create_dataset(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        body: Json<DatasetInput>,
    ) -> HttpResult<CreateDatasetResponse> {
        permissions::can_manage_catalog(&viewer)?;
        let card = datasets::create_dataset(&state.db, body.0.into()).await?;
        audit::record_staff_act(
            &state.db,
            &viewer,
            "dataset.create",
            ("Dataset", &card.dataset.id),
            card.dataset.title.clone(),
        )
        .await?;
        Ok(CreateDatasetResponse::Created(Json(DatasetView::new(
            card,
            &state.config.public_url,
        ))))
    }

    /// Update a dataset (site admins)
    ///
    /// Only the fields given change.
    #[oai(path = "/datasets/:id/", method = "put")]
    async fn update_dataset(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
        body: Json<DatasetInput>,
    ) -> HttpResult<Json<DatasetView>> {
        permissions::can_manage_catalog(&viewer)?;
        let card = datasets::update_dataset(&state.db, &id, body.0.into()).await?;
        audit::record_staff_act(
            &state.db,
            &viewer,
            "dataset.update",
            ("Dataset", &card.dataset.id),
            card.dataset.title.clone(),
        )
        .await?;
        Ok(Json(DatasetView::new(card, &state.config.public_url)))
    }
}
