//! `/api/1/datasets/{id}/steward/`: the member of a dataset's organization who hears its
//! questions first.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::actions;
use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, UserRef};
use crate::error::HttpResult;
use crate::state::AppState;

/// Steward operations.
pub struct StewardsApi;

/// A dataset's steward, if it has one.
#[derive(Object)]
pub struct StewardView {
    /// The steward: a member of the dataset's organization.
    #[oai(nullable)]
    pub steward: Option<UserRef>,
}

/// Who to name steward.
#[derive(Object)]
pub struct StewardInput {
    /// The user id of a member of the dataset's organization.
    pub user: String,
}

/// Answer of `DELETE /datasets/{id}/steward/`.
#[derive(ApiResponse)]
pub enum RemoveStewardResponse {
    /// The dataset has no steward (any it had was removed).
    #[oai(status = 204)]
    Removed,
}

#[OpenApi(tag = "ApiTags::Datasets")]
impl StewardsApi {
    /// Show a dataset's steward
    ///
    /// The member of its organization new questions about it go to, instead of every member;
    /// `null` when it has none.
    #[oai(
        path = "/datasets/:id/steward/",
        method = "get",
        operation_id = "get_dataset_steward"
    )]
    async fn find_steward(
        &self,
        state: Data<&AppState>,
        /// Dataset id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<StewardView>> {
        let steward = actions::stewards::steward(&state, &id).await?;
        let public_url = &state.config.public_url;
        Ok(Json(StewardView {
            steward: steward.map(|user| UserRef::new(&user, public_url)),
        }))
    }

    /// Name a dataset's steward (organization admins)
    ///
    /// In place of any other. The steward must be a member of the dataset's organization (an
    /// error on `user` otherwise).
    #[oai(
        path = "/datasets/:id/steward/",
        method = "put",
        operation_id = "update_dataset_steward"
    )]
    async fn name_steward(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Dataset id or slug.
        id: Path<String>,
        body: Json<StewardInput>,
    ) -> HttpResult<Json<StewardView>> {
        let steward = actions::stewards::name_steward(&state, &viewer, &id, &body.user).await?;
        Ok(Json(StewardView {
            steward: Some(UserRef::new(&steward, &state.config.public_url)),
        }))
    }

    /// Remove a dataset's steward (organization admins)
    ///
    /// Its questions go to every member of its organization again.
    #[oai(
        path = "/datasets/:id/steward/",
        method = "delete",
        operation_id = "delete_dataset_steward"
    )]
    async fn remove_steward(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Dataset id or slug.
        id: Path<String>,
    ) -> HttpResult<RemoveStewardResponse> {
        actions::stewards::remove_steward(&state, &viewer, &id).await?;
        Ok(RemoveStewardResponse::Removed)
    }
}
