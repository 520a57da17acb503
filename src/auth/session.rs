//! Browser sessions: a random id in an HttpOnly cookie, the row in the database (keyed by the
//! id's hash), cached briefly so a page view does not always read the database.

use std::time::Duration;

use chrono::Utc;
use entity::{sessions, users};
use poem::web::cookie::{Cookie, SameSite};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::error::HttpResult;
use crate::models::api_tokens::hash_key;
use crate::state::AppState;
use crate::telemetry::{self, CacheName};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "vitrine_session";
/// How long a session lasts without being used.
const LIFETIME_DAYS: i64 = 30;
/// How long a session stays in the cache: sign-out removes it, this bounds a failed removal.
const CACHE_TTL: Duration = Duration::from_secs(60);

pub use crate::permissions::Session;

fn cache_key(id: &str) -> String {
    format!("session:{id}")
}

/// Starts a session for `user_id`; returns the cookie value (never stored as such).
pub async fn start_session(state: &AppState, user_id: &str) -> HttpResult<String> {
    let secret = hex::encode(rand::random::<[u8; 32]>());
    let now = Utc::now();
    sessions::ActiveModel {
        id: Set(hash_key(&secret)),
        user_id: Set(user_id.to_owned()),
        csrf_token: Set(hex::encode(rand::random::<[u8; 20]>())),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(LIFETIME_DAYS)),
        last_seen_at: Set(now),
        data: Set("{}".to_owned()),
    }
    .insert(&state.db)
    .await?;
    Ok(secret)
}

/// The session and user behind a cookie value, if it is live and the user active.
pub async fn find_session(
    state: &AppState,
    cookie_value: &str,
) -> HttpResult<Option<(Session, users::Model)>> {
    let id = hash_key(cookie_value);
    let key = cache_key(&id);
    let cached = state
        .cache
        .get(&key)
        .await
        .and_then(|bytes| serde_json::from_slice::<(String, String)>(&bytes).ok());
    telemetry::cache_lookup(CacheName::Session, cached.is_some());
    let (user_id, csrf_token) = match cached {
        Some(found) => found,
        None => {
            let Some(row) = sessions::Entity::find_by_id(id.clone())
                .filter(sessions::Column::ExpiresAt.gt(Utc::now()))
                .one(&state.db)
                .await?
            else {
                return Ok(None);
            };
            let found = (row.user_id, row.csrf_token);
            if let Ok(bytes) = serde_json::to_vec(&found) {
                state.cache.set_for(&key, &bytes, CACHE_TTL).await;
            }
            found
        }
    };
    let user = users::Entity::find_by_id(user_id).one(&state.db).await?;
    Ok(user
        .filter(|user| user.active)
        .map(|user| (Session { id, csrf_token }, user)))
}

/// Ends a session on every instance.
pub async fn end_session(state: &AppState, session_id: &str) -> HttpResult<()> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::Id.eq(session_id))
        .exec(&state.db)
        .await?;
    state.cache.delete(&cache_key(session_id)).await;
    Ok(())
}

/// The session cookie (`Secure` is added on the way out over HTTPS, by `http::security`).
pub fn session_cookie(value: &str) -> Cookie {
    let mut cookie = Cookie::new_with_str(SESSION_COOKIE, value);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/");
    cookie.set_max_age(Duration::from_secs(LIFETIME_DAYS as u64 * 24 * 3600));
    cookie
}

/// A cookie that removes the session cookie.
pub fn expired_session_cookie() -> Cookie {
    let mut cookie = session_cookie("");
    cookie.set_max_age(Duration::ZERO);
    cookie
}
