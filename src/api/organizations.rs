//! `/api/1/organizations/`: publishers and their members.

use chrono::{DateTime, Utc};
use entity::{members, organizations, users};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use url::Url;

use crate::actions;
use crate::api::views::{ApiTags, Page, UserRef};
use crate::error::HttpResult;
use crate::models::organizations::{self as orgs, MemberChange, OrganizationFields};
use crate::models::paging::Paging;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::urls::link;

/// Organization operations.
pub struct OrganizationsApi;

/// An organization as the API shows it.
#[derive(Object)]
pub struct OrganizationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
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
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last modified.
    pub last_modified: DateTime<Utc>,
    /// Members, when showing one organization.
    #[oai(skip_serializing_if_is_none)]
    pub members: Option<Vec<MemberView>>,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

impl OrganizationView {
    fn new(
        org: organizations::Model,
        members: Option<Vec<(members::Model, users::Model)>>,
        public_url: &Url,
    ) -> Self {
        Self {
            uri: link(public_url, &format!("api/1/organizations/{}/", org.id)),
            page: link(public_url, &format!("organizations/{}/", org.slug)),
            members: members.map(|members| members.into_iter().map(MemberView::from).collect()),
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

impl From<(members::Model, users::Model)> for MemberView {
    fn from((member, user): (members::Model, users::Model)) -> Self {
        Self {
            user: UserRef::from(&user),
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

#[OpenApi(tag = "ApiTags::Organizations")]
impl OrganizationsApi {
    /// List organizations
    #[oai(path = "/organizations/", method = "get")]
    async fn list_organizations(
        &self,
        state: Data<&AppState>,
        req: &Request,
        /// Text to find in the name.
        q: Query<Option<String>>,
        /// Page number, from 1.
        #[oai(validator(minimum(value = "1")))]
        page: Query<Option<u64>>,
        /// Items a page, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        page_size: Query<Option<u64>>,
    ) -> HttpResult<Json<Page<OrganizationView>>> {
        let paging = Paging::new(page.0, page_size.0)?;
        let found = orgs::list_organizations(&state.db, q.0.as_deref(), paging).await?;
        let public_url = &state.config.public_url;
        Ok(Json(Page::new(found, req, public_url, |org| {
            OrganizationView::new(org, None, public_url)
        })))
    }

    /// Show an organization with its members
    #[oai(path = "/organizations/:id/", method = "get")]
    async fn find_organization(
        &self,
        state: Data<&AppState>,
        /// Id or slug.
        id: Path<String>,
    ) -> HttpResult<Json<OrganizationView>> {
        let org = orgs::find_organization(&state.db, &id).await?;
        let members = orgs::list_members(&state.db, &org.id).await?;
        Ok(Json(OrganizationView::new(
            org,
            Some(members),
            &state.config.public_url,
        )))
    }

    /// Create an organization
    ///
    /// Any signed-in user; the creator becomes its admin.
    #[oai(path = "/organizations/", method = "post")]
    async fn create_organization(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        body: Json<OrganizationInput>,
    ) -> HttpResult<CreateOrganizationResponse> {
        let org =
            actions::organizations::create_organization(&state, &viewer, body.0.into()).await?;
        let members = orgs::list_members(&state.db, &org.id).await?;
        Ok(CreateOrganizationResponse::Created(Json(
            OrganizationView::new(org, Some(members), &state.config.public_url),
        )))
    }

    /// Update an organization (its admins)
    #[oai(path = "/organizations/:id/", method = "put")]
    async fn update_organization(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Id or slug.
        id: Path<String>,
        body: Json<OrganizationInput>,
    ) -> HttpResult<Json<OrganizationView>> {
        let org = actions::organizations::update_organization(&state, &viewer, &id, body.0.into())
            .await?;
        let members = orgs::list_members(&state.db, &org.id).await?;
        Ok(Json(OrganizationView::new(
            org,
            Some(members),
            &state.config.public_url,
        )))
    }

    /// Add a member or change their role (organization admins)
    #[oai(path = "/organizations/:id/member/:user_id/", method = "put")]
    async fn set_member(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Organization id or slug.
        id: Path<String>,
        /// User id.
        user_id: Path<String>,
        body: Json<MemberInput>,
    ) -> HttpResult<SetMemberResponse> {
        let (member, user, change) =
            actions::organizations::set_member(&state, &viewer, &id, &user_id, &body.role).await?;
        let view = Json(MemberView::from((member, user)));
        Ok(match change {
            MemberChange::Added => SetMemberResponse::Added(view),
            MemberChange::RoleSet => SetMemberResponse::Changed(view),
        })
    }

    /// Remove a member (organization admins)
    #[oai(path = "/organizations/:id/member/:user_id/", method = "delete")]
    async fn remove_member(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// Organization id or slug.
        id: Path<String>,
        /// User id.
        user_id: Path<String>,
    ) -> HttpResult<RemoveMemberResponse> {
        actions::organizations::remove_member(&state, &viewer, &id, &user_id).await?;
        Ok(RemoveMemberResponse::Removed)
    }
}
