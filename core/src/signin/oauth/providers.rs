//! The configured providers, OpenID Connect discovery and key renewal, and the OAuth clients
//! made from them.

use std::sync::Arc;
use std::time::Duration;

use oauth2::basic::BasicClient;
use openidconnect::core::{CoreClient, CoreJsonWebKeySet, CoreProviderMetadata};
use openidconnect::{
    AuthUrl, ClientId, ClientSecret, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, RedirectUrl, TokenUrl,
};
use tokio::sync::RwLock;
use url::Url;

use super::SignInFailure;
use crate::config::OAuthProviderConfig;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The configured sign-in providers.
pub struct Providers {
    providers: Vec<Provider>,
    pub(super) http: reqwest::Client,
}

/// One provider and, for OpenID Connect, what its discovery document says.
pub struct Provider {
    /// Its configuration.
    pub config: OAuthProviderConfig,
    /// Its metadata and signing keys once discovered; the keys are fetched again when an ID
    /// token is signed by one they lack (the provider rotated its keys).
    metadata: RwLock<Option<Arc<CoreProviderMetadata>>>,
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

    pub(super) fn get(&self, name: &str) -> AppResult<&Provider> {
        self.providers
            .iter()
            .find(|provider| provider.config.name == name)
            .ok_or_else(|| SignInFailure::UnknownProvider.with(name, None))
    }

    /// The provider's discovery document and keys, fetched once.
    pub(super) async fn metadata(
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
    pub(super) async fn renew_keys(
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

pub(super) fn redirect_url(state: &AppState, provider: &str) -> AppResult<RedirectUrl> {
    RedirectUrl::new(crate::urls::link(
        &state.config.public_url,
        &format!("login/{provider}/callback"),
    ))
    .map_err(|err| AppError::Internal(format!("sign-in URL: {err}")))
}

pub(super) fn oidc_client(
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

pub(super) fn plain_client(
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
