//! `/api/1/{reuses,datasets}/{id}/followers/`: following what one cares about.

use chrono::{DateTime, Utc};
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::actions;
use crate::api::views::{ApiTags, UserRef};
use crate::error::HttpResult;
use crate::models::follows::{self, Followable};
use crate::permissions::Viewer;
use crate::state::AppState;

/// Follow operations.
pub struct FollowsApi;

/// One follower.
#[derive(Object)]
pub struct FollowerView {
    /// Who.
    pub follower: UserRef,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// How many follow now.
#[derive(Object)]
pub struct FollowersCount {
    /// Followers.
    pub followers: u64,
}

/// Answer of `POST …/followers/`.
#[derive(ApiResponse)]
pub enum FollowResponse {
    /// Following.
    #[oai(status = 201)]
    Following(Json<FollowersCount>),
}

async fn list(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> HttpResult<Json<Vec<FollowerView>>> {
    let id = actions::follows::subject_id(state, viewer, kind, id).await?;
    let found = follows::followers(&state.db, kind, &id).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(follow, user)| FollowerView {
                follower: UserRef::from(&user),
                since: follow.since,
            })
            .collect(),
    ))
}

async fn follow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> HttpResult<FollowResponse> {
    let followers = actions::follows::follow(state, viewer, kind, id).await?;
    Ok(FollowResponse::Following(Json(FollowersCount {
        followers,
    })))
}

async fn unfollow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> HttpResult<Json<FollowersCount>> {
    let followers = actions::follows::unfollow(state, viewer, kind, id).await?;
    Ok(Json(FollowersCount { followers }))
}

#[OpenApi]
impl FollowsApi {
    /// Followers of a reuse
    #[oai(
        path = "/reuses/:id/followers/",
        method = "get",
        tag = "ApiTags::Reuses"
    )]
    async fn list_reuse_followers(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<Json<Vec<FollowerView>>> {
        list(&state, &viewer, Followable::Reuse, &id).await
    }

    /// Follow a reuse
    #[oai(
        path = "/reuses/:id/followers/",
        method = "post",
        tag = "ApiTags::Reuses"
    )]
    async fn follow_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::Reuse, &id).await
    }

    /// Stop following a reuse
    #[oai(
        path = "/reuses/:id/followers/",
        method = "delete",
        tag = "ApiTags::Reuses"
    )]
    async fn unfollow_reuse(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::Reuse, &id).await
    }

    /// Followers of a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "get",
        tag = "ApiTags::Datasets"
    )]
    async fn list_dataset_followers(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<Json<Vec<FollowerView>>> {
        list(&state, &viewer, Followable::Dataset, &id).await
    }

    /// Follow a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "post",
        tag = "ApiTags::Datasets"
    )]
    async fn follow_dataset(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::Dataset, &id).await
    }

    /// Stop following a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "delete",
        tag = "ApiTags::Datasets"
    )]
    async fn unfollow_dataset(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::Dataset, &id).await
    }
}
