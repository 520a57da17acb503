//! Who signed in: the ID token's checks (signature, nonce, `at_hash`) and the user-info
//! endpoints of OpenID Connect and plain OAuth2 providers.

use openidconnect::core::CoreUserInfoClaims;
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClaimsVerificationError, Nonce, OAuth2TokenResponse,
    PkceCodeVerifier, RedirectUrl, SignatureVerificationError, TokenResponse, UserInfoError,
};
use url::Url;

use super::SignInFailure;
use super::callback::token_failure;
use super::providers::{Provider, oidc_client};
use crate::error::AppResult;
use crate::state::AppState;

/// Who signed in, from the ID token, the user-info endpoint, or both.
#[derive(Debug, Default)]
pub(super) struct Identity {
    pub(super) sub: Option<String>,
    pub(super) email: Option<String>,
    pub(super) email_verified: Option<bool>,
    pub(super) name: Option<String>,
    pub(super) given_name: Option<String>,
    pub(super) family_name: Option<String>,
    pub(super) picture: Option<String>,
}

/// Exchanges the code and checks the ID token; asks the user-info endpoint for the address
/// when the token does not say it (or whether it is verified).
pub(super) async fn oidc_identity(
    state: &AppState,
    provider: &Provider,
    issuer: &str,
    redirect: RedirectUrl,
    code: AuthorizationCode,
    verifier: PkceCodeVerifier,
    nonce: &Nonce,
) -> AppResult<Identity> {
    let providers = &state.providers;
    let label = &provider.config.label;
    let bad = |why: String| SignInFailure::BadAnswer.with(label, Some(why));
    let metadata = providers.metadata(provider, issuer).await?;
    let mut client = oidc_client(&provider.config, &metadata, redirect.clone());
    let token = client
        .exchange_code(code)
        .map_err(|err| bad(err.to_string()))?
        .set_pkce_verifier(verifier)
        .request_async(&providers.http)
        .await
        .map_err(|err| token_failure(err, provider))?;
    let id_token = token.id_token().ok_or_else(|| bad("no ID token".into()))?;
    let mut checked = id_token.claims(&client.id_token_verifier(), nonce).cloned();
    if let Err(ClaimsVerificationError::SignatureVerification(
        SignatureVerificationError::NoMatchingKey,
    )) = checked
    {
        let renewed = providers.renew_keys(provider, &metadata).await?;
        client = oidc_client(&provider.config, &renewed, redirect);
        checked = id_token.claims(&client.id_token_verifier(), nonce).cloned();
    }
    let claims = checked.map_err(|err| match err {
        ClaimsVerificationError::InvalidNonce(_) => {
            SignInFailure::Mismatch.with(label, Some("nonce".into()))
        }
        other => bad(format!("ID token: {other}")),
    })?;
    // The access token is the one the ID token was issued with (no substitution).
    if let Some(expected) = claims.access_token_hash() {
        let verifier = client.id_token_verifier();
        let actual = id_token
            .signing_alg()
            .map_err(|err| err.to_string())
            .and_then(|alg| {
                let key = id_token
                    .signing_key(&verifier)
                    .map_err(|err| err.to_string())?;
                AccessTokenHash::from_token(token.access_token(), alg, key)
                    .map_err(|err| err.to_string())
            })
            .map_err(|why| bad(format!("at_hash: {why}")))?;
        if actual != *expected {
            return Err(SignInFailure::Mismatch.with(label, Some("access token".into())));
        }
    }
    let mut identity = Identity {
        sub: Some(claims.subject().to_string()),
        email: claims.email().map(|email| email.to_string()),
        email_verified: claims.email_verified(),
        name: claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string()),
        given_name: claims
            .given_name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string()),
        family_name: claims
            .family_name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string()),
        picture: claims
            .picture()
            .and_then(|picture| picture.get(None))
            .map(|picture| picture.to_string()),
    };
    if identity.email.is_some() && identity.email_verified.is_some() {
        return Ok(identity);
    }
    let Ok(request) =
        client.user_info(token.access_token().clone(), Some(claims.subject().clone()))
    else {
        return Ok(identity);
    };
    let info: CoreUserInfoClaims = request
        .request_async(&providers.http)
        .await
        .map_err(|err| match err {
            UserInfoError::ClaimsVerification(ClaimsVerificationError::InvalidSubject(_)) => {
                SignInFailure::Mismatch.with(label, Some("subject".into()))
            }
            other => {
                tracing::warn!(error = %other, provider = label, "user-info request failed");
                bad("no profile".into())
            }
        })?;
    let info_email = info.email().map(|email| email.to_string());
    // Whether an address is verified is said of that address only.
    if identity.email.is_none() || identity.email == info_email {
        identity.email = info_email;
        identity.email_verified = info.email_verified();
    }
    identity.name = identity.name.or_else(|| {
        info.name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string())
    });
    if identity.given_name.is_none() && identity.family_name.is_none() {
        identity.given_name = info
            .given_name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string());
        identity.family_name = info
            .family_name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string());
    }
    identity.picture = identity.picture.or_else(|| {
        info.picture()
            .and_then(|picture| picture.get(None))
            .map(|picture| picture.to_string())
    });
    Ok(identity)
}

/// A plain OAuth2 provider's profile (GitHub-style providers say `id`, `login`, `avatar_url`).
pub(super) async fn fetch_userinfo(
    state: &AppState,
    url: &Url,
    access_token: &str,
    label: &str,
) -> AppResult<Identity> {
    let answer: serde_json::Value = state
        .providers
        .http
        .get(url.clone())
        .bearer_auth(access_token)
        .header("Accept", "application/json")
        .header("User-Agent", "Vitrine")
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|err| {
            tracing::warn!(error = %err, "user-info request failed");
            SignInFailure::BadAnswer.with(label, Some("no profile".into()))
        })?
        .json()
        .await
        .map_err(|_| SignInFailure::BadAnswer.with(label, Some("unreadable profile".into())))?;
    let text = |key: &str| match answer.get(key) {
        Some(serde_json::Value::String(text)) if !text.is_empty() => Some(text.clone()),
        Some(serde_json::Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    Ok(Identity {
        sub: text("sub").or_else(|| text("id")),
        email: text("email"),
        email_verified: answer
            .get("email_verified")
            .and_then(serde_json::Value::as_bool),
        name: text("name")
            .or_else(|| text("preferred_username"))
            .or_else(|| text("login")),
        given_name: text("given_name"),
        family_name: text("family_name"),
        picture: text("picture").or_else(|| text("avatar_url")),
    })
}
