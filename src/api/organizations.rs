//! `/api/1/organizations/`: publishers, their members, datasets and discussions.

use chrono::{DateTime, Utc};
use entity::{members, organizations, users};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use url::Url;

use crate::actions;
use crate::api::datasets::DatasetView;
use crate::api::discussions::DiscussionView;
use crate::api::security::MaybeSignedIn;
use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, Badge, Page, UserRef};
use crate::error::HttpResult;
use crate::models::datasets::{self, DatasetFilter};
use crate::models::discussions::list::{DiscussionFilter, list_discussions};
use crate::models::metrics::{OrganizationMetrics, organization_metrics};
use crate::models::organizations::{self as orgs, MemberChange, OrganizationFields};
use crate::models::paging::{MAX_PAGE_SIZE, Paging};
use crate::state::AppState;
use crate::urls::link;

/// Organization operations.
pub struct OrganizationsApi;

/// An organization as the API shows it (udata's shape).
#[derive(Object)]
pub struct OrganizationView {
    /// Id.
    pub id: String,
    /// Always `Organization`.
    pub class: String,
    /// Name.
    pub name: String,
    /// Acronym.
    #[oai(nullable)]
    pub acronym: Option<String>,
    /// Slug.
    pub slug: String,
    /// Description (Markdown).
    pub description: String,
    /// Web site.
    #[oai(nullable)]
    pub url: Option<String>,
    /// Logo URL.
    #[oai(nullable)]
    pub logo: Option<String>,
    /// Logo thumbnail URL.
    #[oai(nullable)]
    pub logo_thumbnail: Option<String>,
    /// Badges (`{kind}`).
    pub badges: Vec<Badge>,
    /// SIRET; Vitrine keeps none.
    #[oai(nullable)]
    pub business_number_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last modified.
    pub last_modified: DateTime<Utc>,
    /// Last modified (udata's other name for it).
    pub last_update: DateTime<Utc>,
    /// Deleted organizations are gone for good here: always null.
    #[oai(nullable)]
    pub deleted: Option<DateTime<Utc>>,
    /// Free-form extras; Vitrine keeps none.
    pub extras: serde_json::Value,
    /// Counters.
    pub metrics: OrganizationMetricsView,
    /// Members, when showing one organization.
    #[oai(skip_serializing_if_is_none)]
    pub members: Option<Vec<MemberView>>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

/// An organization's counters.
#[derive(Object)]
pub struct OrganizationMetricsView {
    /// Its datasets in the catalog.
    pub datasets: u64,
    /// Its reuses that everybody may see.
    pub reuses: u64,
    /// People following it.
    pub followers: u64,
    /// Its members.
    pub members: u64,
    /// Page views (not counted here: 0).
    pub views: u64,
}

impl From<OrganizationMetrics> for OrganizationMetricsView {
    fn from(metrics: OrganizationMetrics) -> Self {
        Self {
            datasets: metrics.datasets,
            reuses: metrics.reuses,
            followers: metrics.followers,
            members: metrics.members,
            views: 0,
        }
    }
}

impl OrganizationView {
    fn new(
        org: organizations::Model,
        metrics: OrganizationMetrics,
        members: Option<Vec<(members::Model, users::Model)>>,
        public_url: &Url,
    ) -> Self {
        Self {
            class: "Organization".to_owned(),
            acronym: org.acronym.clone(),
            logo_thumbnail: org.logo.clone(),
            badges: Badge::list(&org.badges),
            business_number_id: None,
            last_update: org.last_modified,
            deleted: None,
            extras: serde_json::Value::Object(serde_json::Map::new()),
            metrics: metrics.into(),
            uri: link(public_url, &format!("api/1/organizations/{}/", org.id)),
            page: link(public_url, &format!("organizations/{}/", org.slug)),
            members: members.map(|members| {
                members
                    .into_iter()
                    .map(|member| MemberView::new(member, public_url))
                    .collect()
            }),
            id: org.id,
            name: org.name,
            slug: org.slug,
            description: org.description,
            url: org.url,
            logo: org.logo,
            created_at: org.created_at,
            last_modified: org.last_modified,
        }
    }
}

/// One member of an organization.
#[derive(Object)]
pub struct MemberView {
    /// Who.
    pub user: UserRef,
    /// `admin` or `editor`.
    pub role: String,
    /// Member since.
    pub since: DateTime<Utc>,
}

impl MemberView {
    /// The view of a membership on the site at `public_url`.
    pub fn new((member, user): (members::Model, users::Model), public_url: &Url) -> Self {
        Self {
            user: UserRef::new(&user, public_url),
            role: member.role,
            since: member.since,
        }
    }
}

/// Fields of an organization; on `PUT` only those given change.
#[derive(Object)]
pub struct OrganizationInput {
    /// Name (required on creation).
    #[oai(nullable)]
    pub name: Option<String>,
    /// Acronym (at most 128 characters; `""` for none).
    #[oai(nullable)]
    pub acronym: Option<String>,
    /// Slug (derived from the name when absent).
    #[oai(nullable)]
    pub slug: Option<String>,
    /// Description (Markdown).
    #[oai(nullable)]
    pub description: Option<String>,
    /// Web site (http or https).
    #[oai(nullable)]
    pub url: Option<String>,
}

impl From<OrganizationInput> for OrganizationFields {
    fn from(input: OrganizationInput) -> Self {
        Self {
            name: input.name,
            acronym: input.acronym,
            slug: input.slug,
            description: input.description,
            url: input.url,
        }
    }
}

/// A member's role.
#[derive(Object)]
pub struct MemberInput {
    /// `admin` or `editor`.
    pub role: String,
}

/// Answer of `POST /organizations/`.
#[derive(ApiResponse)]
pub enum CreateOrganizationResponse {
    /// Created; the caller is its admin.
    #[oai(status = 201)]
    Created(Json<OrganizationView>),
}

/// Answer of `PUT /organizations/{id}/member/{user_id}/`.
#[derive(ApiResponse)]
pub enum SetMemberResponse {
    /// Added.
    #[oai(status = 201)]
    Added(Json<MemberView>),
    /// Role changed.
    #[oai(status = 200)]
    Changed(Json<MemberView>),
}

/// Answer of `DELETE /organizations/{id}/member/{user_id}/`.
#[derive(ApiResponse)]
pub enum RemoveMemberResponse {
    /// Removed.
    #[oai(status = 204)]
    Removed,
}

/// Answer of `DELETE /organizations/{id}/`.
#[derive(ApiResponse)]
pub enum DeleteOrganizationResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

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
