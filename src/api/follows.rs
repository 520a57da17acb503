//! `/api/1/{reuses,datasets,organizations,users}/{id}/followers/`: following what, and whom,
//! one cares about.

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::actions;
use crate::api::security::{MaybeSignedIn, SignedIn};
use crate::api::views::{ApiTags, Page, UserRef};
use crate::error::HttpResult;
use crate::models::follows::{self, Followable};
use crate::models::paging::Paging;
use crate::permissions::Viewer;
use crate::state::AppState;

/// Follow operations.
pub struct FollowsApi;

/// One follower (udata's `Follow`).
#[derive(Object)]
pub struct FollowerView {
    /// The follow's id.
    pub id: String,
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
    /// Now following.
    #[oai(status = 201)]
    Following(Json<FollowersCount>),
    /// Already following: nothing changed.
    #[oai(status = 200)]
    AlreadyFollowing(Json<FollowersCount>),
}

/// Which page of followers, and whose follow only (`user`), as udata's parser takes them.
struct FollowersQuery {
    page: Option<u64>,
    page_size: Option<u64>,
    user: Option<String>,
}

async fn list(
    state: &AppState,
    viewer: &Viewer,
    req: &Request,
    (kind, id): (Followable, &str),
    query: FollowersQuery,
) -> HttpResult<Json<Page<FollowerView>>> {
    let paging = Paging::new(query.page, query.page_size)?;
    let id = actions::follows::subject_id(state, viewer, kind, id).await?;
    let found = follows::followers(&state.db, kind, &id, query.user.as_deref(), paging).await?;
    let public_url = &state.config.public_url;
    Ok(Json(Page::new(found, req, public_url, |(follow, user)| {
        FollowerView {
            id: follow.id,
            follower: UserRef::new(&user, public_url),
            since: follow.since,
        }
    })))
}

async fn follow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    id: &str,
) -> HttpResult<FollowResponse> {
    let followed = actions::follows::follow(state, viewer, kind, id).await?;
    let count = Json(FollowersCount {
        followers: followed.followers,
    });
    Ok(if followed.created {
        FollowResponse::Following(count)
    } else {
        FollowResponse::AlreadyFollowing(count)
    })
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
        operation_id = "list_reuse_followers",
        tag = "ApiTags::Reuses"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_reuse_followers(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        id: Path<String>,
        req: &Request,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
        /// Only this user's follow: whether they follow.
        user: Query<Option<String>>,
    ) -> HttpResult<Json<Page<FollowerView>>> {
        let query = FollowersQuery {
            page: page.0,
            page_size: page_size.0,
            user: user.0,
        };
        list(&state, &viewer, req, (Followable::Reuse, &id), query).await
    }

    /// Follow a reuse
    #[oai(
        path = "/reuses/:id/followers/",
        method = "post",
        operation_id = "follow_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn follow_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::Reuse, &id).await
    }

    /// Stop following a reuse
    #[oai(
        path = "/reuses/:id/followers/",
        method = "delete",
        operation_id = "unfollow_reuse",
        tag = "ApiTags::Reuses"
    )]
    async fn unfollow_reuse(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::Reuse, &id).await
    }

    /// Followers of a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "get",
        operation_id = "list_dataset_followers",
        tag = "ApiTags::Datasets"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_dataset_followers(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        id: Path<String>,
        req: &Request,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
        /// Only this user's follow: whether they follow.
        user: Query<Option<String>>,
    ) -> HttpResult<Json<Page<FollowerView>>> {
        let query = FollowersQuery {
            page: page.0,
            page_size: page_size.0,
            user: user.0,
        };
        list(&state, &viewer, req, (Followable::Dataset, &id), query).await
    }

    /// Follow a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "post",
        operation_id = "follow_dataset",
        tag = "ApiTags::Datasets"
    )]
    async fn follow_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::Dataset, &id).await
    }

    /// Stop following a dataset
    #[oai(
        path = "/datasets/:id/followers/",
        method = "delete",
        operation_id = "unfollow_dataset",
        tag = "ApiTags::Datasets"
    )]
    async fn unfollow_dataset(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::Dataset, &id).await
    }

    /// Followers of an organization
    #[oai(
        path = "/organizations/:id/followers/",
        method = "get",
        operation_id = "list_organization_followers",
        tag = "ApiTags::Organizations"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_organization_followers(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        id: Path<String>,
        req: &Request,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
        /// Only this user's follow: whether they follow.
        user: Query<Option<String>>,
    ) -> HttpResult<Json<Page<FollowerView>>> {
        let query = FollowersQuery {
            page: page.0,
            page_size: page_size.0,
            user: user.0,
        };
        list(&state, &viewer, req, (Followable::Organization, &id), query).await
    }

    /// Follow an organization
    #[oai(
        path = "/organizations/:id/followers/",
        method = "post",
        operation_id = "follow_organization",
        tag = "ApiTags::Organizations"
    )]
    async fn follow_organization(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::Organization, &id).await
    }

    /// Stop following an organization
    #[oai(
        path = "/organizations/:id/followers/",
        method = "delete",
        operation_id = "unfollow_organization",
        tag = "ApiTags::Organizations"
    )]
    async fn unfollow_organization(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::Organization, &id).await
    }

    /// Followers of a user
    #[oai(
        path = "/users/:id/followers/",
        method = "get",
        operation_id = "list_user_followers",
        tag = "ApiTags::Users"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_user_followers(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        id: Path<String>,
        req: &Request,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
        /// Only this user's follow: whether they follow.
        user: Query<Option<String>>,
    ) -> HttpResult<Json<Page<FollowerView>>> {
        let query = FollowersQuery {
            page: page.0,
            page_size: page_size.0,
            user: user.0,
        };
        list(&state, &viewer, req, (Followable::User, &id), query).await
    }

    /// Follow a user
    ///
    /// You can't follow yourself (403).
    #[oai(
        path = "/users/:id/followers/",
        method = "post",
        operation_id = "follow_user",
        tag = "ApiTags::Users"
    )]
    async fn follow_user(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<FollowResponse> {
        follow(&state, &viewer, Followable::User, &id).await
    }

    /// Stop following a user
    #[oai(
        path = "/users/:id/followers/",
        method = "delete",
        operation_id = "unfollow_user",
        tag = "ApiTags::Users"
    )]
    async fn unfollow_user(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        id: Path<String>,
    ) -> HttpResult<Json<FollowersCount>> {
        unfollow(&state, &viewer, Followable::User, &id).await
    }
}
