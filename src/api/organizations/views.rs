//! What the organization operations answer and take: udata's organization, its members and
//! counters.

use chrono::{DateTime, Utc};
use entity::{members, organizations, users};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use crate::api::views::{Badge, UserRef};
use crate::models::metrics::OrganizationMetrics;
use crate::models::organizations::OrganizationFields;
use crate::urls::link;

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
    pub(super) fn new(
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
