//! `/api/1/me/`: the caller's own account, profile and API keys.

use chrono::{DateTime, Utc};
use entity::api_tokens;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use crate::actions;
use crate::api::discussions::DiscussionView;
use crate::api::people::ProfileView;
use crate::api::security::SignedIn;
use crate::api::views::{ApiTags, OrganizationRef};
use crate::error::HttpResult;
use crate::models::discussions::list::open_questions_for;
use crate::models::metrics::user_metrics;
use crate::models::users::{ProfileFields, Role};
use crate::models::{api_tokens as tokens, organizations};
use crate::state::AppState;

/// Operations on the caller's own account.
pub struct MeApi;

/// The caller, as they see themselves: udata's user with the address, the roles and the
/// organizations.
#[derive(Object)]
pub struct MeView {
    /// What anybody may see of the caller.
    #[oai(flatten)]
    pub profile: ProfileView,
    /// Email address.
    pub email: String,
    /// Site-wide role: `user`, `moderator` or `admin`.
    pub role: String,
    /// udata's roles: `["admin"]`, `["moderator"]` or none.
    pub roles: Vec<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// The language of the site and of mails (`fr`, `en`), once chosen.
    #[oai(nullable)]
    pub locale: Option<String>,
    /// Member since (as `since`).
    pub created_at: DateTime<Utc>,
    /// Last sign-in through a provider.
    #[oai(nullable)]
    pub last_login_at: Option<DateTime<Utc>>,
    /// Organizations the caller belongs to, each with the caller's role.
    pub organizations: Vec<MembershipView>,
}

/// One organization of the caller: udata's organization reference and the caller's role.
#[derive(Object)]
pub struct MembershipView {
    /// The organization.
    #[oai(flatten)]
    pub organization: OrganizationRef,
    /// `admin` or `editor`.
    pub role: String,
}

/// What the caller may change of their profile; what is left out stays.
#[derive(Object)]
pub struct ProfileInput {
    /// Display name (1 to 255 characters).
    #[oai(nullable)]
    pub name: Option<String>,
    /// First name (`""` to forget it: it is then read from the display name).
    #[oai(nullable)]
    pub first_name: Option<String>,
    /// Last name (`""` to forget it).
    #[oai(nullable)]
    pub last_name: Option<String>,
    /// The language of the site and of mails: `fr` or `en`.
    #[oai(nullable)]
    pub locale: Option<String>,
}

impl From<ProfileInput> for ProfileFields {
    fn from(input: ProfileInput) -> Self {
        Self {
            name: input.name,
            first_name: input.first_name,
            last_name: input.last_name,
            locale: input.locale,
        }
    }
}

/// The caller's own view of `user`.
async fn me_view(state: &AppState, user: &entity::users::Model) -> HttpResult<MeView> {
    let public_url = &state.config.public_url;
    let memberships = organizations::memberships(&state.db, &user.id).await?;
    let metrics = user_metrics(&state.db, &user.id).await?;
    let roles = match Role::parse(&user.role) {
        Role::User => Vec::new(),
        role => vec![role.as_str().to_owned()],
    };
    Ok(MeView {
        profile: ProfileView::new(user, metrics, public_url),
        email: user.email.clone(),
        role: user.role.clone(),
        roles,
        active: user.active,
        locale: user.locale.clone(),
        created_at: user.created_at,
        last_login_at: user.last_login_at,
        organizations: memberships
            .into_iter()
            .map(|(org, role)| MembershipView {
                organization: OrganizationRef::new(&org, public_url),
                role: role.as_str().to_owned(),
            })
            .collect(),
    })
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
    #[oai(path = "/me/", method = "get", operation_id = "get_me")]
    async fn find_me(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<MeView>> {
        let user = viewer.require_user()?;
        Ok(Json(me_view(&state, user).await?))
    }

    /// Update my profile
    ///
    /// `first_name`, `last_name`, the display `name` and `locale`; what is left out stays,
    /// and nothing changes unless every field given is valid.
    #[oai(path = "/me/", method = "put", operation_id = "update_me")]
    async fn update_me(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        body: Json<ProfileInput>,
    ) -> HttpResult<Json<MeView>> {
        let user = actions::profiles::update_profile(&state, &viewer, body.0.into()).await?;
        Ok(Json(me_view(&state, &user).await?))
    }

    /// List my reuses
    ///
    /// Those I own and those of my organizations, private ones included.
    #[oai(path = "/me/reuses/", method = "get", operation_id = "my_reuses")]
    async fn list_my_reuses(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<Vec<crate::api::reuses::ReuseView>>> {
        let user = viewer.require_user()?;
        let cards = crate::models::reuses::list::reuses_of_user(&state.db, &user.id, None).await?;
        Ok(Json(
            crate::api::reuses::views_of(&state, &viewer, cards).await?,
        ))
    }

    /// Open questions for me
    ///
    /// Open discussions about the datasets and reuses I publish, alone or through my
    /// organizations; newest first, at most 100.
    #[oai(
        path = "/me/org_discussions/",
        method = "get",
        operation_id = "my_org_discussions"
    )]
    async fn list_org_discussions(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<Vec<DiscussionView>>> {
        let user = viewer.require_user()?;
        let threads = open_questions_for(&state.db, &viewer, &user.id, 100).await?;
        Ok(Json(
            crate::api::discussions::views_of(&state, &viewer, threads).await?,
        ))
    }

    /// List my API keys
    #[oai(
        path = "/me/api_tokens/",
        method = "get",
        operation_id = "list_api_tokens"
    )]
    async fn list_tokens(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
    ) -> HttpResult<Json<Vec<ApiTokenView>>> {
        let user = viewer.require_user()?;
        let found = tokens::list_tokens(&state.db, &user.id).await?;
        Ok(Json(found.into_iter().map(ApiTokenView::from).collect()))
    }

    /// Create an API key
    ///
    /// The answer holds the key's plaintext; it is stored hashed and never shown again.
    #[oai(
        path = "/me/api_tokens/",
        method = "post",
        operation_id = "create_api_token"
    )]
    async fn create_token(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
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
    #[oai(
        path = "/me/api_tokens/:id/",
        method = "delete",
        operation_id = "revoke_api_token"
    )]
    async fn revoke_token(
        &self,
        state: Data<&AppState>,
        viewer: SignedIn<'_>,
        /// The key's id.
        id: Path<String>,
    ) -> HttpResult<RevokeTokenResponse> {
        actions::api_keys::revoke_key(&state, &viewer, &id).await?;
        Ok(RevokeTokenResponse::Revoked)
    }
}
