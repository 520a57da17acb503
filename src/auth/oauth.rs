//! Sign-in with OAuth 2.0 (authorization code + PKCE + `state`) and OpenID Connect (`nonce`,
//! signed ID tokens checked against the provider's keys).

use std::time::Duration;

use chrono::Utc;
use entity::{oauth_identities, users};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use poem::http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::auth::email_confirmation::send_confirmation;
use crate::config::{OAuthEndpoints, OAuthProviderConfig};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::models::users::{
    NewUser, Role, create_user, create_user_with_unverified_email, find_user_by_email,
    looks_like_email,
};
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
    /// HTTP status of the page.
    pub fn status(self) -> StatusCode {
        match self {
            Self::UnknownProvider => StatusCode::NOT_FOUND,
            Self::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Refused | Self::BadAnswer | Self::NoEmail => StatusCode::BAD_GATEWAY,
            Self::InvalidLink | Self::Mismatch => StatusCode::BAD_REQUEST,
            Self::Deactivated => StatusCode::FORBIDDEN,
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
        let text = lang.t(self.key()).replace("{provider}", provider);
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

/// One provider and, once fetched, its endpoints.
pub struct Provider {
    /// Its configuration.
    pub config: OAuthProviderConfig,
    endpoints: tokio::sync::OnceCell<Endpoints>,
}

#[derive(Clone, Debug)]
struct Endpoints {
    auth_url: Url,
    token_url: Url,
    userinfo_url: Option<Url>,
    oidc: Option<OidcKeys>,
}

#[derive(Clone, Debug)]
struct OidcKeys {
    issuer: String,
    jwks_uri: Url,
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: Url,
    token_endpoint: Url,
    userinfo_endpoint: Option<Url>,
    jwks_uri: Url,
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

/// Token answer with OpenID Connect's `id_token`.
#[derive(Clone, Debug, Deserialize, Serialize)]
struct IdTokenField {
    id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type TokenAnswer = StandardTokenResponse<IdTokenField, BasicTokenType>;
type OAuthClient = Client<
    BasicErrorResponse,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Claims of a signed-in identity, from the ID token and/or the user-info endpoint.
#[derive(Debug, Default, Deserialize)]
struct Identity {
    sub: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    name: Option<String>,
    picture: Option<String>,
    nonce: Option<String>,
}

impl Providers {
    /// The providers of the configuration; endpoints are discovered on first use.
    pub fn new(configs: &[OAuthProviderConfig]) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            providers: configs
                .iter()
                .map(|config| Provider {
                    config: config.clone(),
                    endpoints: tokio::sync::OnceCell::new(),
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

    async fn endpoints<'a>(&self, provider: &'a Provider) -> AppResult<&'a Endpoints> {
        provider
            .endpoints
            .get_or_try_init(|| async {
                match &provider.config.endpoints {
                    OAuthEndpoints::Explicit {
                        auth_url,
                        token_url,
                        userinfo_url,
                    } => Ok(Endpoints {
                        auth_url: auth_url.clone(),
                        token_url: token_url.clone(),
                        userinfo_url: Some(userinfo_url.clone()),
                        oidc: None,
                    }),
                    OAuthEndpoints::Discovery { issuer } => {
                        let url = format!(
                            "{}/.well-known/openid-configuration",
                            issuer.as_str().trim_end_matches('/')
                        );
                        let found: Discovery =
                            self.fetch_json(&url, &provider.config.label).await?;
                        Ok(Endpoints {
                            auth_url: found.authorization_endpoint,
                            token_url: found.token_endpoint,
                            userinfo_url: found.userinfo_endpoint,
                            oidc: Some(OidcKeys {
                                issuer: found.issuer,
                                jwks_uri: found.jwks_uri,
                            }),
                        })
                    }
                }
            })
            .await
    }

    async fn fetch_json<T: for<'de> Deserialize<'de>>(
        &self,
        url: &str,
        label: &str,
    ) -> AppResult<T> {
        let unavailable = |err: reqwest::Error| {
            tracing::warn!(error = %err, url, "sign-in provider unreachable");
            SignInFailure::Unreachable.with(label, None)
        };
        self.http
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unavailable)?
            .json()
            .await
            .map_err(unavailable)
    }
}

fn client(
    config: &OAuthProviderConfig,
    endpoints: &Endpoints,
    redirect: &str,
) -> AppResult<OAuthClient> {
    let bad = |err: url::ParseError| AppError::Internal(format!("sign-in URL: {err}"));
    let mut client = Client::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(endpoints.auth_url.clone()))
        .set_token_uri(TokenUrl::from_url(endpoints.token_url.clone()))
        .set_redirect_uri(RedirectUrl::new(redirect.to_owned()).map_err(bad)?);
    if let Some(secret) = &config.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.clone()));
    }
    Ok(client)
}

fn callback_url(state: &AppState, provider: &str) -> String {
    crate::api::views::link(
        &state.config.public_url,
        &format!("login/{provider}/callback"),
    )
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
    let endpoints = providers.endpoints(provider).await?;
    let client = client(&provider.config, endpoints, &callback_url(state, name))?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge)
        .add_scopes(provider.config.scopes.iter().cloned().map(Scope::new));
    if endpoints.oidc.is_some() {
        request = request.add_extra_param("nonce", nonce.clone());
    }
    if let Some(hint) = login_hint.filter(|hint| !hint.is_empty()) {
        request = request.add_extra_param("login_hint", hint.to_owned());
    }
    let (url, csrf) = request.url();
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
/// PKCE verifier, checks the ID token and nonce, then finds, links or creates the user (a
/// confirmation mail in `lang` for an address the provider did not verify). Returns the user
/// and where to go next.
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
    let code = callback.code.as_deref().ok_or_else(invalid)?;
    let endpoints = state.providers.endpoints(provider).await?;
    let client = client(&provider.config, endpoints, &callback_url(state, name))?;
    let token = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&state.providers.http)
        .await
        .map_err(|err| match err {
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
                tracing::warn!(error = %err, provider = name, "token endpoint unreachable");
                SignInFailure::Unreachable.with(label, None)
            }
            other => {
                tracing::warn!(error = %other, provider = name, "token exchange refused");
                SignInFailure::Refused.with(label, None)
            }
        })?;
    let mut identity = match (&endpoints.oidc, &token.extra_fields().id_token) {
        (Some(keys), Some(id_token)) => {
            let claims = verify_id_token(state, &provider.config, keys, id_token).await?;
            if claims.nonce.as_deref() != Some(pending.nonce.as_str()) {
                return Err(SignInFailure::Mismatch.with(label, Some("nonce".into())));
            }
            claims
        }
        (Some(_), None) => {
            return Err(SignInFailure::BadAnswer.with(label, Some("no ID token".into())));
        }
        (None, _) => Identity::default(),
    };
    if let Some(userinfo) = &endpoints.userinfo_url
        && (identity.sub.is_none() || identity.email.is_none())
    {
        let info = fetch_userinfo(state, userinfo, token.access_token().secret(), label).await?;
        if identity.sub.is_some() && info.sub.is_some() && identity.sub != info.sub {
            return Err(SignInFailure::Mismatch.with(label, Some("subject".into())));
        }
        identity.sub = identity.sub.or(info.sub);
        identity.email = identity.email.or(info.email);
        identity.email_verified = identity.email_verified.or(info.email_verified);
        identity.name = identity.name.or(info.name);
        identity.picture = identity.picture.or(info.picture);
    }
    let user = find_or_create_user(state, provider, identity, lang).await?;
    Ok((user, pending.next))
}

async fn verify_id_token(
    state: &AppState,
    config: &OAuthProviderConfig,
    keys: &OidcKeys,
    id_token: &str,
) -> AppResult<Identity> {
    let rejected = |why: String| {
        SignInFailure::BadAnswer.with(&config.label, Some(format!("ID token: {why}")))
    };
    let header = jsonwebtoken::decode_header(id_token).map_err(|err| rejected(err.to_string()))?;
    let jwks: JwkSet = state
        .providers
        .fetch_json(keys.jwks_uri.as_str(), &config.label)
        .await?;
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None => jwks.keys.first(),
    }
    .ok_or_else(|| rejected("signed with an unknown key".into()))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|err| rejected(err.to_string()))?;
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[&config.client_id]);
    validation.set_issuer(&[&keys.issuer]);
    jsonwebtoken::decode::<Identity>(id_token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|err| rejected(err.to_string()))
}

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
        // GitHub-style providers say `id`, `login` and `avatar_url`.
        sub: text("sub").or_else(|| text("id")),
        email: text("email"),
        email_verified: answer
            .get("email_verified")
            .and_then(serde_json::Value::as_bool),
        name: text("name")
            .or_else(|| text("preferred_username"))
            .or_else(|| text("login")),
        picture: text("picture").or_else(|| text("avatar_url")),
        nonce: None,
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
