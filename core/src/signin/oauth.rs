//! Sign-in with OAuth 2.0 (authorization code + PKCE + `state`) and OpenID Connect (discovery,
//! `nonce`, ID tokens checked by the `openidconnect` crate: signature with the provider's keys
//! and the algorithms it announces, issuer, audience, expiry, `at_hash`).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use entity::{oauth_identities, users};
use oauth2::basic::BasicClient;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreJsonWebKeySet, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthUrl, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet, ErrorResponseType,
    IssuerUrl, LoginHint, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, SignatureVerificationError, StandardErrorResponse,
    TokenResponse, TokenUrl, UserInfoError,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use url::Url;

use crate::config::{OAuthEndpoints, OAuthProviderConfig};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::Lang;
use crate::models::users::{
    NewUser, Role, create_user, create_user_with_unverified_email, find_user_by_email,
    looks_like_email,
};
use crate::signin::email_confirmation::send_confirmation;
use crate::state::AppState;

/// Cookie binding a sign-in in progress to the browser that started it.
pub const STATE_COOKIE: &str = "vitrine_oauth_state";
/// How long a sign-in may take at the provider.
pub const PENDING_TTL: Duration = Duration::from_secs(600);

/// Why a sign-in did not happen; each has a text in both languages (`signin.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInFailure {
    /// No provider by that name.
    UnknownProvider,
    /// The provider cannot be reached.
    Unreachable,
    /// The provider refused.
    Refused,
    /// A wrong, replayed or expired `state`, or a sign-in without its PKCE verifier.
    InvalidLink,
    /// The answer does not belong to this sign-in (`nonce`, subject).
    Mismatch,
    /// The provider's answer cannot be used.
    BadAnswer,
    /// The provider shared no email address.
    NoEmail,
    /// The account is deactivated.
    Deactivated,
}

impl SignInFailure {
    /// What kind of failure it is (the status of the page).
    pub fn kind(self) -> ErrorKind {
        match self {
            Self::UnknownProvider => ErrorKind::NotFound,
            Self::Unreachable => ErrorKind::Unavailable,
            Self::Refused | Self::BadAnswer | Self::NoEmail => ErrorKind::Upstream,
            Self::InvalidLink | Self::Mismatch => ErrorKind::Invalid,
            Self::Deactivated => ErrorKind::Forbidden,
        }
    }

    /// Key of its text in [`crate::i18n`].
    pub fn key(self) -> &'static str {
        match self {
            Self::UnknownProvider => "signin.unknown_provider",
            Self::Unreachable => "signin.unreachable",
            Self::Refused => "signin.refused",
            Self::InvalidLink => "signin.invalid_link",
            Self::Mismatch => "signin.mismatch",
            Self::BadAnswer => "signin.bad_answer",
            Self::NoEmail => "signin.no_email",
            Self::Deactivated => "signin.deactivated",
        }
    }

    /// The error, for the provider labelled `provider`, with an optional detail.
    pub fn with(self, provider: &str, detail: Option<String>) -> AppError {
        AppError::SignIn {
            failure: self,
            provider: provider.to_owned(),
            detail,
        }
    }

    /// Its text in `lang`.
    pub fn message(self, lang: Lang, provider: &str, detail: Option<&str>) -> String {
        let text = lang.t_args(self.key(), &[("provider", provider.into())]);
        match detail {
            Some(detail) => format!("{text} ({detail})"),
            None => text,
        }
    }
}

/// The configured sign-in providers.
pub struct Providers {
    providers: Vec<Provider>,
    http: reqwest::Client,
}

/// One provider and, for OpenID Connect, what its discovery document says.
pub struct Provider {
    /// Its configuration.
    pub config: OAuthProviderConfig,
    /// Its metadata and signing keys once discovered; the keys are fetched again when an ID
    /// token is signed by one they lack (the provider rotated its keys).
    metadata: RwLock<Option<Arc<CoreProviderMetadata>>>,
}

/// What is remembered between the redirect to the provider and its callback.
#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    provider: String,
    pkce_verifier: String,
    nonce: String,
    next: String,
}

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

type OidcClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;
type PlainClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Who signed in, from the ID token, the user-info endpoint, or both.
#[derive(Debug, Default)]
struct Identity {
    sub: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    name: Option<String>,
    picture: Option<String>,
}

impl Providers {
    /// The providers of the configuration; OpenID Connect ones are discovered on first use.
    pub fn new(configs: &[OAuthProviderConfig]) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send us anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            providers: configs
                .iter()
                .map(|config| Provider {
                    config: config.clone(),
                    metadata: RwLock::new(None),
                })
                .collect(),
            http,
        })
    }

    /// Every provider, in configuration order.
    pub fn all(&self) -> &[Provider] {
        &self.providers
    }

    fn get(&self, name: &str) -> AppResult<&Provider> {
        self.providers
            .iter()
            .find(|provider| provider.config.name == name)
            .ok_or_else(|| SignInFailure::UnknownProvider.with(name, None))
    }

    /// The provider's discovery document and keys, fetched once.
    async fn metadata(
        &self,
        provider: &Provider,
        issuer: &str,
    ) -> AppResult<Arc<CoreProviderMetadata>> {
        if let Some(known) = provider.metadata.read().await.clone() {
            return Ok(known);
        }
        let label = &provider.config.label;
        let issuer = IssuerUrl::new(issuer.to_owned())
            .map_err(|err| AppError::Internal(format!("issuer of {label}: {err}")))?;
        // Checks that the document names this very issuer, as ID tokens must.
        let found = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|err| discovery_failure(&err, label))?;
        let found = Arc::new(found);
        *provider.metadata.write().await = Some(found.clone());
        Ok(found)
    }

    /// `stale` with the keys the provider publishes now.
    async fn renew_keys(
        &self,
        provider: &Provider,
        stale: &CoreProviderMetadata,
    ) -> AppResult<Arc<CoreProviderMetadata>> {
        let keys = CoreJsonWebKeySet::fetch_async(stale.jwks_uri(), &self.http)
            .await
            .map_err(|err| discovery_failure(&err, &provider.config.label))?;
        let fresh = Arc::new(stale.clone().set_jwks(keys));
        *provider.metadata.write().await = Some(fresh.clone());
        Ok(fresh)
    }
}

fn discovery_failure<RE: std::error::Error>(err: &DiscoveryError<RE>, label: &str) -> AppError {
    tracing::warn!(error = %err, provider = label, "sign-in provider discovery failed");
    match err {
        DiscoveryError::Request(_) => SignInFailure::Unreachable.with(label, None),
        other => SignInFailure::BadAnswer.with(label, Some(format!("discovery: {other}"))),
    }
}

fn redirect_url(state: &AppState, provider: &str) -> AppResult<RedirectUrl> {
    RedirectUrl::new(crate::urls::link(
        &state.config.public_url,
        &format!("login/{provider}/callback"),
    ))
    .map_err(|err| AppError::Internal(format!("sign-in URL: {err}")))
}

fn oidc_client(
    config: &OAuthProviderConfig,
    metadata: &CoreProviderMetadata,
    redirect: RedirectUrl,
) -> OidcClient {
    CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(config.client_id.clone()),
        config.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(redirect)
}

fn plain_client(
    config: &OAuthProviderConfig,
    auth_url: &Url,
    token_url: &Url,
    redirect: RedirectUrl,
) -> PlainClient {
    let client = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(auth_url.clone()))
        .set_token_uri(TokenUrl::from_url(token_url.clone()))
        .set_redirect_uri(redirect);
    match &config.client_secret {
        Some(secret) => client.set_client_secret(ClientSecret::new(secret.clone())),
        None => client,
    }
}

/// The scopes to ask for besides `openid`, which OpenID Connect requests always carry.
fn scopes(config: &OAuthProviderConfig) -> impl Iterator<Item = Scope> + '_ {
    config
        .scopes
        .iter()
        .filter(|scope| scope.as_str() != "openid")
        .cloned()
        .map(Scope::new)
}

fn pending_key(state_token: &str) -> String {
    format!("oauth:{state_token}")
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

/// Exchanges the code and checks the ID token; asks the user-info endpoint for the address
/// when the token does not say it (or whether it is verified).
async fn oidc_identity(
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
    identity.picture = identity.picture.or_else(|| {
        info.picture()
            .and_then(|picture| picture.get(None))
            .map(|picture| picture.to_string())
    });
    Ok(identity)
}

/// A refused or failed token request, said as the sign-in page says it.
fn token_failure<RE, TE>(
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

/// A plain OAuth2 provider's profile (GitHub-style providers say `id`, `login`, `avatar_url`).
async fn fetch_userinfo(
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
        picture: text("picture").or_else(|| text("avatar_url")),
    })
}

/// The account an identity signs in to. A known identity is its account. A new one is linked
/// to an existing account only when its provider verified the address and that account's
/// address is verified too; otherwise it gets an account of its own. An address no provider
/// vouched for claims and blocks nothing: its account keeps it unverified, is never linked to,
/// and gets only a mail asking to confirm it.
async fn find_or_create_user(
    state: &AppState,
    provider: &Provider,
    identity: Identity,
    lang: Lang,
) -> AppResult<users::Model> {
    let label = &provider.config.label;
    let name = &provider.config.name;
    let sub = identity
        .sub
        .ok_or_else(|| SignInFailure::BadAnswer.with(label, Some("no subject".into())))?;
    let txn = crate::db::begin_write(&state.db).await?;
    let known = oauth_identities::Entity::find()
        .filter(oauth_identities::Column::Provider.eq(name.as_str()))
        .filter(oauth_identities::Column::Subject.eq(sub.as_str()))
        .find_also_related(users::Entity)
        .one(&txn)
        .await?;
    let user = match known {
        Some((_, Some(user))) => user,
        _ => {
            let email = identity
                .email
                .map(|email| email.trim().to_lowercase())
                .filter(|email| looks_like_email(email))
                .ok_or_else(|| SignInFailure::NoEmail.with(label, None))?;
            let verified = identity.email_verified == Some(true);
            let existing = if verified {
                find_user_by_email(&txn, &email).await?
            } else {
                None
            };
            let user = match existing {
                Some(user) => user,
                None => {
                    let new = NewUser {
                        email: email.clone(),
                        name: identity
                            .name
                            .clone()
                            .filter(|name| !name.trim().is_empty())
                            .unwrap_or_else(|| {
                                email.split('@').next().unwrap_or("user").to_owned()
                            }),
                        role: Role::User,
                    };
                    let mut user = if verified {
                        create_user(&txn, new).await?
                    } else {
                        create_user_with_unverified_email(&txn, new).await?
                    };
                    if let Some(picture) = identity
                        .picture
                        .filter(|url| crate::models::text::is_http_url(url))
                    {
                        let mut active = user.into_active_model();
                        active.avatar_url = Set(Some(picture));
                        user = active.update(&txn).await?;
                    }
                    if !verified {
                        send_confirmation(&txn, &state.config, &user, label, lang).await?;
                    }
                    user
                }
            };
            oauth_identities::ActiveModel {
                id: Set(crate::models::new_row_id().to_string()),
                user_id: Set(user.id.clone()),
                provider: Set(name.clone()),
                subject: Set(sub),
                email: Set(Some(email)),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
            user
        }
    };
    if !user.active {
        return Err(SignInFailure::Deactivated.with(label, None));
    }
    let mut active = user.into_active_model();
    active.last_login_at = Set(Some(Utc::now()));
    let user = active.update(&txn).await?;
    txn.commit().await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_said_in_both_languages() {
        use SignInFailure::*;
        for failure in [
            UnknownProvider,
            Unreachable,
            Refused,
            InvalidLink,
            Mismatch,
            BadAnswer,
            NoEmail,
            Deactivated,
        ] {
            for lang in Lang::ALL {
                assert_ne!(lang.t(failure.key()), "…", "{failure:?} in {lang:?}");
            }
        }
        assert_eq!(
            Refused.message(Lang::Fr, "Mock ID", Some("invalid_grant")),
            "Mock ID a refusé la connexion. (invalid_grant)"
        );
    }
}
