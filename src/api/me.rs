//! `/api/1/me/`: the caller's own account and API keys.

use chrono::{DateTime, Utc};
use entity::api_tokens;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::actions;
use crate::api::discussions::DiscussionView;
use crate::api::views::{ApiTags, OrganizationRef};
use crate::error::HttpResult;
use crate::models::discussions::list::open_questions_for;
use crate::models::{api_tokens as tokens, organizations};
use crate::permissions::Viewer;
use crate::state::AppState;

/// Operations on the caller's own account.
pub struct MeApi;

/// The caller, as they see themselves.
#[derive(Object)]
pub struct MeView {
    /// Id.
    pub id: String,
    /// Email address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Avatar image URL.
    #[oai(nullable)]
    pub avatar: Option<String>,
    /// Site-wide role: `user`, `moderator` or `admin`.
    pub role: String,
    /// Member since.
    pub created_at: DateTime<Utc>,
    /// Organizations the caller belongs to.
    pub organizations: Vec<MembershipView>,
}

/// One organization of the caller.
#[derive(Object)]
pub struct MembershipView {
    /// The organization.
    pub organization: OrganizationRef,
    /// `admin` or `editor`.
    pub role: String,
}

/// An API key as listed (never its plaintext).
#[derive(Object)]
pub struct ApiTokenView {
    /// Id, to revoke it.
    pub id: String,
    /// Name given at creation.
    pub name: String,
    /// First characters of the key, to recognise it.
    pub prefix: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last used (to the minute).
    #[oai(nullable)]
    pub last_used_at: Option<DateTime<Utc>>,
    /// Expires.
    #[oai(nullable)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Revoked.
    #[oai(nullable)]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_tokens::Model> for ApiTokenView {
    fn from(token: api_tokens::Model) -> Self {
        Self {
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            expires_at: token.expires_at,
            revoked_at: token.revoked_at,
        }
    }
}

/// A new API key: the only time its plaintext is shown.
#[derive(Object)]
pub struct NewApiTokenView {
    /// The key; send it as `X-API-KEY`. It cannot be shown again.
    pub token: String,
    /// The stored key.
    #[oai(flatten)]
    pub details: ApiTokenView,
}

/// What a new API key is for.
#[derive(Object)]
pub struct ApiTokenInput {
    /// A name to recognise it by (1 to 100 characters).
    pub name: String,
    /// When it stops working; never when absent.
    #[oai(nullable)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Answer of `POST /me/api_tokens/`.
#[derive(ApiResponse)]
pub enum CreateTokenResponse {
    /// Created; the plaintext is in `token`.
    #[oai(status = 201)]
    Created(Json<NewApiTokenView>),
}

/// Answer of `DELETE /me/api_tokens/{id}/`.
#[derive(ApiResponse)]
pub enum RevokeTokenResponse {
    /// Revoked.
    #[oai(status = 204)]
    Revoked,
}

#[OpenApi(tag = "ApiTags::Me")]
impl MeApi {
    /// Show my account
    #[oai(path = "/me/", method = "get")]
    async fn find_me(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
    ) -> HttpResult<Json<MeView>> {
        let user = viewer.require_user()?;
        let public_url = &state.config.public_url;
        let memberships = organizations::memberships(&state.db, &user.id).await?;
        Ok(Json(MeView {
            id: user.id.clone(),
            email: user.email.clone(),
            name: user.name.clone(),
            avatar: user.avatar_url.clone(),
            role: user.role.clone(),
            created_at: user.created_at,
            organizations: memberships
                .into_iter()
                .map(|(org, role)| MembershipView {
                    organization: OrganizationRef::new(&org, public_url),
                    role: role.as_str().to_owned(),
                })
                .collect(),
        }))
    }

    /// List my reuses
    ///
    /// Those I own and those of my organizations, private ones included.
    #[oai(path = "/me/reuses/", method = "get")]
    async fn list_my_reuses(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
    ) -> HttpResult<Json<Vec<crate::api::reuses::ReuseView>>> {
        let user = viewer.require_user()?;
        let cards = crate::models::reuses::list::reuses_of_user(&state.db, &user.id).await?;
        let public_url = &state.config.public_url;
        Ok(Json(
            cards
                .into_iter()
                .map(|card| crate::api::reuses::ReuseView::new(card, public_url))
                .collect(),
        ))
    }

    /// Open questions for me
    ///
    /// Open discussions about the datasets and reuses I publish, alone or through my
    /// organizations; newest first, at most 100.
    #[oai(path = "/me/org_discussions/", method = "get")]
    async fn list_org_discussions(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
    ) -> HttpResult<Json<Vec<DiscussionView>>> {
        let user = viewer.require_user()?;
        let threads = open_questions_for(&state.db, &viewer, &user.id, 100).await?;
        let public_url = &state.config.public_url;
        Ok(Json(
            threads
                .into_iter()
                .map(|thread| DiscussionView::new(thread, public_url))
                .collect(),
        ))
    }

    /// List my API keys
    #[oai(path = "/me/api_tokens/", method = "get")]
    async fn list_tokens(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
    ) -> HttpResult<Json<Vec<ApiTokenView>>> {
        let user = viewer.require_user()?;
        let found = tokens::list_tokens(&state.db, &user.id).await?;
        Ok(Json(found.into_iter().map(ApiTokenView::from).collect()))
    }

    /// Create an API key
    ///
    /// The answer holds the key's plaintext; it is stored hashed and never shown again.
    #[oai(path = "/me/api_tokens/", method = "post")]
    async fn create_token(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        body: Json<ApiTokenInput>,
    ) -> HttpResult<CreateTokenResponse> {
        let issued =
            actions::api_keys::issue_key(&state, &viewer, &body.name, body.expires_at).await?;
        Ok(CreateTokenResponse::Created(Json(NewApiTokenView {
            token: issued.plaintext,
            details: issued.token.into(),
        })))
    }

    /// Revoke one of my API keys
    #[oai(path = "/me/api_tokens/:id/", method = "delete")]
    async fn revoke_token(
        &self,
        state: Data<&AppState>,
        viewer: Data<&Viewer>,
        /// The key's id.
        id: Path<String>,
    ) -> HttpResult<RevokeTokenResponse> {
        actions::api_keys::revoke_key(&state, &viewer, &id).await?;
        Ok(RevokeTokenResponse::Revoked)
    }
}
