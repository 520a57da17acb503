//! A person's API keys: issued to the caller for themselves, revoked by them.

use chrono::{DateTime, Utc};

use crate::error::AppResult;
use crate::models::api_tokens::{self, IssuedToken};
use crate::permissions::Viewer;
use crate::state::AppState;

/// Issues the caller a key named `name`; its plaintext is in the answer and nowhere else.
pub async fn issue_key(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
    expires_at: Option<DateTime<Utc>>,
) -> AppResult<IssuedToken> {
    let user = viewer.require_user()?;
    api_tokens::issue_token(&state.db, &user.id, name, expires_at).await
}

/// Revokes one of the caller's keys (someone else's is not found).
pub async fn revoke_key(state: &AppState, viewer: &Viewer, id: &str) -> AppResult<()> {
    let user = viewer.require_user()?;
    api_tokens::revoke_token(&state.db, &user.id, id).await
}
