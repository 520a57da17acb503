//! `/api/1/organizations/`: publishers, their members, datasets and discussions.

mod views;

pub use views::{
    CreateOrganizationResponse, DeleteOrganizationResponse, MemberInput, MemberView,
    OrganizationInput, OrganizationMetricsView, OrganizationView, RemoveMemberResponse,
    SetMemberResponse,
};

use entity::organizations;
use poem::Request;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use crate::actions;
use crate::api::datasets::DatasetView;
use crate::api::discussions::DiscussionView;
use crate::api::security::MaybeSignedIn;
use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, Page};
use crate::error::HttpResult;
use crate::models::datasets::{self, DatasetFilter};
use crate::models::discussions::list::{DiscussionFilter, list_discussions};
use crate::models::metrics::organization_metrics;
use crate::models::organizations::{self as orgs, MemberChange};
use crate::models::paging::{MAX_PAGE_SIZE, Paging};
use crate::state::AppState;

/// Organization operations.
pub struct OrganizationsApi;

/// An organization with its members and counters.
async fn full_view(state: &AppState, org: organizations::Model) -> HttpResult<OrganizationView> {
    let members = orgs::list_members(&state.db, &org.id).await?;
    let metrics = organization_metrics(&state.db, std::slice::from_ref(&org.id)).await?;
    let counted = metrics.get(&org.id).copied().unwrap_or_default();
    Ok(OrganizationView::new(
        org,
        counted,
        Some(members),
        &state.config.public_url,
    ))
}

#[OpenApi(tag = "ApiTags::Organizations")]
impl OrganizationsApi {
    /// List organizations
    #[oai(
        path = "/organizations/",
        method = "get",
        operation_id = "list_organizations"
    )]
    async fn list_organizations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Text to find in the name.
        q: Query<Option<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page (default 20); over 100, 100 are served.
        #[oai(validator(minimum(value = "1")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<OrganizationView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let found = orgs::list_organizations(&state.db, q.0.as_deref(), paging).await?;
        let ids: Vec<String> = found.items.iter().map(|org| org.id.clone()).collect();
        let metrics = organization_metrics(&state.db, &ids).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |org| {
            let counted = metrics.get(&org.id).copied().unwrap_or_default();
            OrganizationView::new(org, counted, None, public_url)
        })))
    }

    /// Show an organization with its members
    #[oai(
        path = "/organizations/:id/",
        method = "get",
        operation_id = "get_organization"
    )]
    async fn find_organization(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<OrganizationView>> {
        let org = orgs::find_organization(&state.db, &id).await?;
        Ok(Json(full_view(&state, org).await?))
    }

    /// Create an organization
    ///
    /// Any signed-in user; the creator becomes its admin.
    #[oai(
        path = "/organizations/",
        method = "post",
        operation_id = "create_organization"
    )]
    async fn create_organization(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<OrganizationInput>,
    ) -> HttpResult<CreateOrganizationResponse> {
        let org =
            actions::organizations::create_organization(&state, &viewer, body.0.into()).await?;
        Ok(CreateOrganizationResponse::Created(Json(
            full_view(&state, org).await?,
        )))
    }

    /// Update an organization (its admins)
    #[oai(
        path = "/organizations/:id/",
        method = "put",
        operation_id = "update_organization"
    )]
    async fn update_organization(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
        body: Json<OrganizationInput>,
    ) -> HttpResult<Json<OrganizationView>> {
        let org = actions::organizations::update_organization(&state, &viewer, &id, body.0.into())
            .await?;
        Ok(Json(full_view(&state, org).await?))
    }

    /// Delete an organization (its admins)
    ///
    /// For good, with its members and followers. Refused (409) while it publishes datasets or
    /// reuses: move or delete them first.
    #[oai(
        path = "/organizations/:id/",
        method = "delete",
        operation_id = "delete_organization"
    )]
    async fn delete_organization(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<DeleteOrganizationResponse> {
        actions::organizations::delete_organization(&state, &viewer, &id).await?;
        Ok(DeleteOrganizationResponse::Deleted)
    }

    /// List an organization's datasets
    ///
    /// As `GET /datasets/?organization=`: newest first, deleted ones left out.
    #[oai(
        path = "/organizations/:id/datasets/",
        method = "get",
        operation_id = "list_organization_datasets"
    )]
    #[expect(clippy::too_many_arguments, reason = "one parameter a query filter")]
    async fn list_organization_datasets(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Id or slug.
        id: Path<String>,
        /// Words that must all appear in the title.
        q: Query<Option<String>>,
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
        let org = orgs::find_organization(&state.db, &id).await?;
        let filter = DatasetFilter {
            q: q.0,
            organization: Some(org.id),
            tags: tag.0,
        };
        let found = datasets::list_datasets(&state.db, &filter, paging).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |card| {
            DatasetView::new(card, public_url)
        })))
    }

    /// List an organization's discussions
    ///
    /// About its datasets and reuses, as the caller may read them; newest first, at most 100,
    /// with no envelope (as udata lists them).
    #[oai(
        path = "/organizations/:id/discussions/",
        method = "get",
        operation_id = "list_organization_discussions"
    )]
    async fn list_organization_discussions(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<Vec<DiscussionView>>> {
        let org = orgs::find_organization(&state.db, &id).await?;
        let filter = DiscussionFilter {
            organization: Some(org.id),
            ..DiscussionFilter::default()
        };
        let first = Paging::new(None, Some(MAX_PAGE_SIZE))?;
        let found = list_discussions(&state.db, &viewer, &filter, first).await?;
        Ok(Json(
            crate::api::discussions::views_of(&state, &viewer, found.items).await?,
        ))
    }

    /// Add a member or change their role (organization admins)
    #[oai(
        path = "/organizations/:id/member/:user_id/",
        method = "put",
        operation_id = "update_organization_member"
    )]
    async fn set_member(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Organization id or slug.
        id: Path<String>,
        /// User id.
        user_id: Path<String>,
        body: Json<MemberInput>,
    ) -> HttpResult<SetMemberResponse> {
        let (member, user, change) =
            actions::organizations::set_member(&state, &viewer, &id, &user_id, &body.role).await?;
        let view = Json(MemberView::new((member, user), &state.config.public_url));
        Ok(match change {
            MemberChange::Added => SetMemberResponse::Added(view),
            MemberChange::RoleSet => SetMemberResponse::Changed(view),
        })
    }

    /// Remove a member (organization admins)
    #[oai(
        path = "/organizations/:id/member/:user_id/",
        method = "delete",
        operation_id = "delete_organization_member"
    )]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// Organization id or slug.
        id: Path<String>,
        /// User id.
        user_id: Path<String>,
    ) -> HttpResult<RemoveMemberResponse> {
        actions::organizations::remove_member(&state, &viewer, &id, &user_id).await?;
        Ok(RemoveMemberResponse::Removed)
    }
}
