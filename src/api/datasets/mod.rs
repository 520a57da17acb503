//! `/api/1/datasets/`: the catalog mirror.

mod inputs;
mod views;

use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};

use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::models::datasets::{self, DatasetFilter};
use crate::models::paging::Paging;
use crate::moderation::audit;
use crate::permissions;
use crate::state::AppState;
pub use inputs::{DatasetInput, ResourceInput, SpatialInput, TemporalCoverageInput};
pub use views::{
    DatasetMetrics, DatasetView, HarvestView, InternalView, QualityView, ResourceView, SpatialView,
    TemporalCoverageView,
};

/// Dataset operations.
pub struct DatasetsApi;

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
    #[oai(path = "/datasets/", method = "get", operation_id = "list_datasets")]
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
        #[oai(default)]
        tag: Query<Vec<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
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
    #[oai(path = "/datasets/:id/", method = "get", operation_id = "get_dataset")]
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
    #[oai(path = "/datasets/", method = "post", operation_id = "create_dataset")]
    async fn create_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<DatasetInput>,
    ) -> HttpResult<CreateDatasetResponse> {
        permissions::can_manage_catalog(&viewer)?;
        let card = datasets::create_dataset(&state.db, body.0.into_fields()?).await?;
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
    #[oai(
        path = "/datasets/:id/",
        method = "put",
        operation_id = "update_dataset"
    )]
    async fn update_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        body: Json<DatasetInput>,
    ) -> HttpResult<Json<DatasetView>> {
        permissions::can_manage_catalog(&viewer)?;
        let card = datasets::update_dataset(&state.db, &id, body.0.into_fields()?).await?;
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

    /// Delete a dataset (site admins)
    ///
    /// Marks it deleted, as the catalog does: it answers 410 from then on, the reuses of it keep
    /// their link, and it stays in the database.
    #[oai(
        path = "/datasets/:id/",
        method = "delete",
        operation_id = "delete_dataset"
    )]
    async fn delete_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<DeleteDatasetResponse> {
        permissions::can_manage_catalog(&viewer)?;
        let dataset = datasets::delete_dataset(&state.db, &id).await?;
        audit::record_staff_act(
            &state.db,
            &viewer,
            "dataset.delete",
            ("Dataset", &dataset.id),
            dataset.title.clone(),
        )
        .await?;
        Ok(DeleteDatasetResponse::Deleted)
    }
}

/// Answer of `DELETE /datasets/{id}/`.
#[derive(ApiResponse)]
pub enum DeleteDatasetResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}
