//! The second half of a sign-in: the provider's callback, checked against the pending
//! sign-in, and the code exchanged for tokens.

use entity::users;
use openidconnect::{
    AuthorizationCode, ErrorResponseType, Nonce, OAuth2TokenResponse, PkceCodeVerifier,
    RequestTokenError, StandardErrorResponse,
};
use serde::Deserialize;

use super::identity::{fetch_userinfo, oidc_identity};
use super::linking::find_or_create_user;
use super::providers::{Provider, plain_client, redirect_url};
use super::{PendingSignIn, SignInFailure, pending_key};
use crate::config::OAuthEndpoints;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;

/// The provider's callback query.
#[derive(Debug, Deserialize)]
pub struct Callback {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` sent with the request.
    pub state: Option<String>,
    /// An error code when the provider refused.
    pub error: Option<String>,
    /// The provider's explanation.
    pub error_description: Option<String>,
}

/// Finishes a sign-in: checks `state` against the browser's cookie, exchanges the code with the
/// PKCE verifier, checks the ID token (signature, issuer, audience, expiry, nonce, `at_hash`),
/// then finds, links or creates the user (a confirmation mail in `lang` for an address the
/// provider did not verify). Returns the user and where to go next.
pub async fn finish_sign_in(
    state: &AppState,
    name: &str,
    callback: &Callback,
    browser_state: Option<&str>,
    lang: Lang,
) -> AppResult<(users::Model, String)> {
    let provider = state.providers.get(name)?;
    let label = &provider.config.label;
    if let Some(error) = &callback.error {
        let why = callback.error_description.as_deref().unwrap_or(error);
        return Err(SignInFailure::Refused.with(label, Some(why.to_owned())));
    }
    let invalid = || SignInFailure::InvalidLink.with(label, None);
    let sent_state = callback.state.as_deref().ok_or_else(invalid)?;
    if browser_state != Some(sent_state) {
        return Err(invalid());
    }
    let taken = state
        .cache
        .take(&pending_key(sent_state))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "cannot read the pending sign-in");
            SignInFailure::Unreachable.with("Vitrine", None)
        })?;
    let pending: PendingSignIn = taken
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|pending: &PendingSignIn| pending.provider == name)
        .ok_or_else(invalid)?;
    if pending.pkce_verifier.is_empty() {
        return Err(invalid());
    }
    let code = AuthorizationCode::new(callback.code.clone().ok_or_else(invalid)?);
    let verifier = PkceCodeVerifier::new(pending.pkce_verifier.clone());
    let redirect = redirect_url(state, name)?;
    let identity = match &provider.config.endpoints {
        OAuthEndpoints::Discovery { issuer } => {
            let nonce = Nonce::new(pending.nonce.clone());
            oidc_identity(state, provider, issuer, redirect, code, verifier, &nonce).await?
        }
        OAuthEndpoints::Explicit {
            auth_url,
            token_url,
            userinfo_url,
        } => {
            let client = plain_client(&provider.config, auth_url, token_url, redirect);
            let token = client
                .exchange_code(code)
                .set_pkce_verifier(verifier)
                .request_async(&state.providers.http)
                .await
                .map_err(|err| token_failure(err, provider))?;
            fetch_userinfo(state, userinfo_url, token.access_token().secret(), label).await?
        }
    };
    let user = find_or_create_user(state, provider, identity, lang).await?;
    Ok((user, pending.next))
}

/// A refused or failed token request, said as the sign-in page says it.
pub(super) fn token_failure<RE, TE>(
    err: RequestTokenError<RE, StandardErrorResponse<TE>>,
    provider: &Provider,
) -> AppError
where
    RE: std::error::Error + 'static,
    TE: ErrorResponseType + std::fmt::Display + 'static,
{
    let (label, name) = (&provider.config.label, &provider.config.name);
    match err {
        RequestTokenError::ServerResponse(answer) => SignInFailure::Refused.with(
            label,
            Some(
                answer
                    .error_description()
                    .cloned()
                    .unwrap_or_else(|| answer.error().to_string()),
            ),
        ),
        RequestTokenError::Request(err) => {
            tracing::warn!(error = %err, provider = %name, "token endpoint unreachable");
            SignInFailure::Unreachable.with(label, None)
        }
        other => {
            tracing::warn!(error = %other, provider = %name, "token exchange refused");
            SignInFailure::Refused.with(label, None)
        }
    }
}
