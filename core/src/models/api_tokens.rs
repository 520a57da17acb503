//! API keys: random, shown once, stored as a SHA-256 hash, revocable, optionally expiring.

use chrono::{DateTime, Duration, Utc};
use entity::{api_tokens, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// Every key starts with this, so leaked keys are easy to recognise.
const KEY_PREFIX: &str = "vtr_";
/// How many characters of a key are kept to show which one it is.
const SHOWN_PREFIX_LEN: usize = 12;

/// A freshly issued key: the stored row and the plaintext, which is never stored.
#[derive(Debug)]
pub struct IssuedToken {
    /// The stored row.
    pub token: api_tokens::Model,
    /// The key itself; shown once.
    pub plaintext: String,
}

/// The hash a key is stored and looked up under.
pub fn hash_key(plaintext: &str) -> String {
    hex::encode(Sha256::digest(plaintext.as_bytes()))
}

/// Issues a new key for `user_id`.
pub async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: &str,
    name: &str,
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<IssuedToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field(
            "name",
            "is required (at most 100 characters)",
        ));
    }
    if expires_at.is_some_and(|at| at <= crate::clock::now()) {
        return Err(AppError::field("expires_at", "must be in the future"));
    }
    let plaintext = format!("{KEY_PREFIX}{}", hex::encode(rand::random::<[u8; 20]>()));
    let token = api_tokens::ActiveModel {
        id: Set(crate::models::new_row_id()),
        user_id: Set(user_id.to_owned()),
        name: Set(name.to_owned()),
        hash: Set(hash_key(&plaintext)),
        prefix: Set(plaintext[..SHOWN_PREFIX_LEN].to_owned()),
        created_at: Set(crate::clock::now()),
        last_used_at: Set(None),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(IssuedToken { token, plaintext })
}

/// The keys of a user, newest first, revoked ones included.
pub async fn list_tokens(
    db: &impl ConnectionTrait,
    user_id: &str,
) -> AppResult<Vec<api_tokens::Model>> {
    Ok(api_tokens::Entity::find()
        .filter(api_tokens::Column::UserId.eq(user_id))
        .order_by_desc(api_tokens::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Revokes one of the user's own keys; revoking twice is harmless.
pub async fn revoke_token(db: &impl ConnectionTrait, user_id: &str, id: &str) -> AppResult<()> {
    let token = api_tokens::Entity::find_by_id(id.to_owned())
        .filter(api_tokens::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("API token", id))?;
    if token.revoked_at.is_none() {
        let mut token = token.into_active_model();
        token.revoked_at = Set(Some(crate::clock::now()));
        token.update(db).await?;
    }
    Ok(())
}

/// The user a key belongs to, or a 401 saying what is wrong with the key.
pub async fn authenticate(db: &impl ConnectionTrait, plaintext: &str) -> AppResult<users::Model> {
    let found = api_tokens::Entity::find()
        .filter(api_tokens::Column::Hash.eq(hash_key(plaintext.trim())))
        .find_also_related(users::Entity)
        .one(db)
        .await?;
    let Some((token, Some(user))) = found else {
        return Err(AppError::Unauthenticated(
            "Invalid API key: no such key exists.".into(),
        ));
    };
    let now = crate::clock::now();
    if let Some(at) = token.revoked_at {
        return Err(AppError::Unauthenticated(format!(
            "This API key was revoked on {}.",
            at.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if let Some(at) = token.expires_at.filter(|at| *at <= now) {
        return Err(AppError::Unauthenticated(format!(
            "This API key expired on {}.",
            at.format("%Y-%m-%d %H:%M UTC")
        )));
    }
    if !user.active {
        return Err(AppError::Unauthenticated(
            "This account has been deactivated.".into(),
        ));
    }
    // Recording every use would turn each read into a write; once a minute is enough.
    if token
        .last_used_at
        .is_none_or(|at| now - at > Duration::minutes(1))
    {
        let mut token = token.into_active_model();
        token.last_used_at = Set(Some(now));
        token.update(db).await?;
    }
    Ok(user)
}
