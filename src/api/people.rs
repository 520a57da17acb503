//! `/api/1/users/{id}/` and `/api/1/avatars/{id}/{size}/`: people as others see them, and the
//! picture of those who have none.

use chrono::{DateTime, Utc};
use entity::users;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiResponse, Object, OpenApi};
use sha2::{Digest, Sha256};
use url::Url;

use crate::api::security::MaybeSignedIn;
use crate::api::views::{ApiTags, OrganizationRef, UserRef};
use crate::error::HttpResult;
use crate::media::identicon;
use crate::models::metrics::{UserMetrics, user_metrics};
use crate::models::organizations::memberships;
use crate::models::users::{find_profile, users_by_id};
use crate::state::AppState;

/// People operations.
pub struct PeopleApi;

/// A person's counters.
#[derive(Object)]
pub struct UserMetricsView {
    /// Datasets they publish in their own name.
    pub datasets: u64,
    /// Their reuses (not their organizations') that everybody may see.
    pub reuses: u64,
    /// People following them.
    pub followers: u64,
    /// What and whom they follow.
    pub following: u64,
}

impl From<UserMetrics> for UserMetricsView {
    fn from(metrics: UserMetrics) -> Self {
        Self {
            datasets: metrics.datasets,
            reuses: metrics.reuses,
            followers: metrics.followers,
            following: metrics.following,
        }
    }
}

/// What anybody may see of a person: udata's user, never the address.
#[derive(Object)]
pub struct ProfileView {
    /// Id.
    pub id: String,
    /// Always `User`.
    pub class: String,
    /// Slug.
    pub slug: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Display name.
    pub name: String,
    /// Avatar image URL; none for an identicon (`/avatars/{id}/{size}/`).
    #[oai(nullable)]
    pub avatar: Option<String>,
    /// Avatar thumbnail URL.
    #[oai(nullable)]
    pub avatar_thumbnail: Option<String>,
    /// About them (Markdown); Vitrine keeps none.
    #[oai(nullable)]
    pub about: Option<String>,
    /// Their web site; Vitrine keeps none.
    #[oai(nullable)]
    pub website: Option<String>,
    /// When they joined.
    pub since: DateTime<Utc>,
    /// Counters.
    pub metrics: UserMetricsView,
    /// API URL.
    pub uri: String,
    /// Web page.
    pub page: String,
}

impl ProfileView {
    /// The profile of `user` on the site at `public_url`.
    pub fn new(user: &users::Model, metrics: UserMetrics, public_url: &Url) -> Self {
        let reference = UserRef::new(user, public_url);
        Self {
            id: reference.id,
            class: reference.class,
            slug: reference.slug,
            first_name: reference.first_name,
            last_name: reference.last_name,
            name: reference.name,
            avatar: reference.avatar,
            avatar_thumbnail: reference.avatar_thumbnail,
            about: None,
            website: None,
            since: user.created_at,
            metrics: metrics.into(),
            uri: reference.uri,
            page: reference.page,
        }
    }
}

/// A person's public profile with their organizations.
#[derive(Object)]
pub struct UserView {
    /// The profile.
    #[oai(flatten)]
    pub profile: ProfileView,
    /// The organizations they belong to.
    pub organizations: Vec<OrganizationRef>,
}

/// Answer of `GET /avatars/{id}/{size}/`.
#[derive(ApiResponse)]
pub enum AvatarResponse {
    /// An identicon: a symmetric 5×5 pattern in a colour drawn from the id.
    #[oai(status = 200, content_type = "image/png")]
    Identicon(
        Binary<Vec<u8>>,
        #[oai(header = "Cache-Control")] String,
        #[oai(header = "ETag")] String,
    ),
    /// The person's own picture, at this address.
    #[oai(status = 302)]
    Elsewhere(
        #[oai(header = "Location")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

/// How long an identicon may be kept: it never changes.
const IDENTICON_CACHE: &str = "public, max-age=604800, immutable";
/// How long the way to someone's own picture may be kept: they may change it.
const REDIRECT_CACHE: &str = "public, max-age=3600";

#[OpenApi(tag = "ApiTags::Users")]
impl PeopleApi {
    /// Show a user
    ///
    /// Their public profile: no address. 410 for a deactivated account (site admins still
    /// see it).
    #[oai(path = "/users/:id/", method = "get", operation_id = "get_user")]
    async fn find_user(
        &self,
        state: Data<&AppState>,
        viewer: MaybeSignedIn<'_>,
        /// User id.
        id: Path<String>,
    ) -> HttpResult<Json<UserView>> {
        let user = find_profile(&state.db, &viewer, &id).await?;
        let metrics = user_metrics(&state.db, &user.id).await?;
        let public_url = &state.config.public_url;
        let organizations = memberships(&state.db, &user.id)
            .await?
            .iter()
            .map(|(org, _)| OrganizationRef::new(org, public_url))
            .collect();
        Ok(Json(UserView {
            profile: ProfileView::new(&user, metrics, public_url),
            organizations,
        }))
    }

    /// Show an avatar
    ///
    /// Someone's own picture (a redirection to it) when `id` is a person who has one, else an
    /// identicon drawn from `id`: always the same for the same id. `size` is in pixels, from
    /// 16 to 500 (a size outside is served at the nearest bound).
    #[oai(path = "/avatars/:id/:size/", method = "get", operation_id = "avatars")]
    async fn avatar(
        &self,
        state: Data<&AppState>,
        /// A user id, or any identifier.
        id: Path<String>,
        /// Side in pixels.
        size: Path<u32>,
    ) -> HttpResult<AvatarResponse> {
        let found = users_by_id(&state.db, [id.0.clone()]).await?;
        if let Some(picture) = found.get(&id.0).and_then(|user| user.avatar_url.clone()) {
            return Ok(AvatarResponse::Elsewhere(
                picture,
                REDIRECT_CACHE.to_owned(),
            ));
        }
        let png = identicon(&id, size.0);
        let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&png)[..12]));
        Ok(AvatarResponse::Identicon(
            Binary(png),
            IDENTICON_CACHE.to_owned(),
            etag,
        ))
    }
}
