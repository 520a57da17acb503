//! `/api/1/data-requests/`: data people ask to be opened, most supported first, with their
//! supports and the animators' steps.

mod views;

pub use views::{
    CreateDataRequestResponse, DataRequestDataset, DataRequestInput, DataRequestView,
    SupportResponse,
};

use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::actions::data_requests as actions;
use crate::api::security::{MaybeSignedIn, SignedIn};
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::models::data_requests::{
    DataRequestFilter, Status, find_data_request, list_data_requests,
};
use crate::models::paging::Paging;
use crate::permissions::Viewer;
use crate::state::AppState;

/// Data request operations.
pub struct DataRequestsApi;

/// The request `id` as `viewer` now sees it.
async fn view_of(state: &AppState, viewer: &Viewer, id: &str) -> HttpResult<DataRequestView> {
    let card = find_data_request(&state.db, viewer, id).await?;
    Ok(DataRequestView::new(card, &state.config.public_url))
}

#[OpenApi(tag = "ApiTags::DataRequests")]
impl DataRequestsApi {
    /// List data requests
    ///
    /// Most supported first, then the longest waiting: the data to open first heads the list.
    #[oai(
        path = "/data-requests/",
        method = "get",
        operation_id = "list_data_requests"
    )]
    async fn list_data_requests(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        req: &Request,
        /// Only requests with this status: open, routed, in_progress, opened or declined.
        status: Query<Option<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<DataRequestView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let filter = DataRequestFilter {
            status: status
                .0
                .as_deref()
                .map(|status| Status::parse("status", status))
                .transpose()?,
        };
        let found = list_data_requests(&state.db, &viewer, &filter, paging).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |card| {
            DataRequestView::new(card, public_url)
        })))
    }

    /// Ask for data
    ///
    /// Any signed-in user: a title, what it would serve and who holds it if known. The author
    /// supports the request from the start.
    #[oai(
        path = "/data-requests/",
        method = "post",
        operation_id = "create_data_request"
    )]
    async fn create_data_request(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<DataRequestInput>,
    ) -> HttpResult<CreateDataRequestResponse> {
        let request = actions::create_data_request(&state, &viewer, body.0.fields()).await?;
        Ok(CreateDataRequestResponse::Created(Json(
            view_of(&state, &viewer, &request.id).await?,
        )))
    }

    /// Show a data request
    #[oai(
        path = "/data-requests/:id/",
        method = "get",
        operation_id = "get_data_request"
    )]
    async fn find_data_request(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Id.
        id: Path<String>,
    ) -> HttpResult<Json<DataRequestView>> {
        Ok(Json(view_of(&state, &viewer, &id).await?))
    }

    /// Update a data request
    ///
    /// Its author and animators change the words; animators take it a step further with
    /// `status`: `routed` with `organization`, `in_progress`, `opened` with `dataset`,
    /// `declined` with `reason`, or back to `open`. Its author and supporters hear of each step.
    #[oai(
        path = "/data-requests/:id/",
        method = "put",
        operation_id = "update_data_request"
    )]
    async fn update_data_request(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id.
        id: Path<String>,
        body: Json<DataRequestInput>,
    ) -> HttpResult<Json<DataRequestView>> {
        actions::update_data_request(&state, &viewer, &id, body.0.into()).await?;
        Ok(Json(view_of(&state, &viewer, &id).await?))
    }

    /// Support a data request
    ///
    /// One vote each: supporting twice counts once. Refused (409) once it is opened or declined.
    #[oai(
        path = "/data-requests/:id/support/",
        method = "post",
        operation_id = "support_data_request"
    )]
    async fn support_data_request(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id.
        id: Path<String>,
    ) -> HttpResult<SupportResponse> {
        actions::support_data_request(&state, &viewer, &id).await?;
        Ok(SupportResponse::Supported(Json(
            view_of(&state, &viewer, &id).await?,
        )))
    }

    /// Withdraw support from a data request
    #[oai(
        path = "/data-requests/:id/support/",
        method = "delete",
        operation_id = "withdraw_data_request_support"
    )]
    async fn withdraw_data_request_support(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id.
        id: Path<String>,
    ) -> HttpResult<Json<DataRequestView>> {
        actions::withdraw_support(&state, &viewer, &id).await?;
        Ok(Json(view_of(&state, &viewer, &id).await?))
    }
}
