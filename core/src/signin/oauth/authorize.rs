//! The first half of a sign-in: the redirect to the provider, with PKCE, `state` and `nonce`
//! remembered until its callback.

use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::{CsrfToken, LoginHint, Nonce, PkceCodeChallenge, Scope};

use super::providers::{oidc_client, plain_client, redirect_url};
use super::{PENDING_TTL, PendingSignIn, pending_key};
use crate::config::{OAuthEndpoints, OAuthProviderConfig};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The scopes to ask for besides `openid`, which OpenID Connect requests always carry.
fn scopes(config: &OAuthProviderConfig) -> impl Iterator<Item = Scope> + '_ {
    config
        .scopes
        .iter()
        .filter(|scope| scope.as_str() != "openid")
        .cloned()
        .map(Scope::new)
}

/// Where to send the browser to sign in with `name`, and the `state` to bind to it.
pub async fn start_sign_in(
    state: &AppState,
    name: &str,
    next: &str,
    login_hint: Option<&str>,
) -> AppResult<(String, String)> {
    let providers = &state.providers;
    let provider = providers.get(name)?;
    let redirect = redirect_url(state, name)?;
    let hint = login_hint
        .filter(|hint| !hint.is_empty())
        .map(str::to_owned);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = match &provider.config.endpoints {
        OAuthEndpoints::Discovery { issuer } => {
            let metadata = providers.metadata(provider, issuer).await?;
            let client = oidc_client(&provider.config, &metadata, redirect);
            let mut request = client
                .authorize_url(
                    CoreAuthenticationFlow::AuthorizationCode,
                    CsrfToken::new_random,
                    Nonce::new_random,
                )
                .set_pkce_challenge(challenge)
                .add_scopes(scopes(&provider.config));
            if let Some(hint) = hint {
                request = request.set_login_hint(LoginHint::new(hint));
            }
            let (url, csrf, nonce) = request.url();
            (url, csrf, nonce.secret().clone())
        }
        OAuthEndpoints::Explicit {
            auth_url,
            token_url,
            ..
        } => {
            let client = plain_client(&provider.config, auth_url, token_url, redirect);
            let mut request = client
                .authorize_url(CsrfToken::new_random)
                .set_pkce_challenge(challenge)
                .add_scopes(provider.config.scopes.iter().cloned().map(Scope::new));
            if let Some(hint) = hint {
                request = request.add_extra_param("login_hint", hint);
            }
            let (url, csrf) = request.url();
            (url, csrf, String::new())
        }
    };
    let pending = PendingSignIn {
        provider: name.to_owned(),
        pkce_verifier: verifier.secret().clone(),
        nonce,
        next: next.to_owned(),
    };
    let bytes = serde_json::to_vec(&pending).map_err(|err| AppError::Internal(err.to_string()))?;
    state
        .cache
        .set_for(&pending_key(csrf.secret()), &bytes, PENDING_TTL)
        .await;
    Ok((url.to_string(), csrf.secret().clone()))
}
