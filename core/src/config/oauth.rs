//! Sign-in providers' settings (`VITRINE_OAUTH_<NAME>_*`): discovery by issuer, or the three
//! URLs of a plain OAuth2 provider.

use url::Url;

use super::sources::Values;
use super::{ConfigError, PREFIX};

/// One OAuth 2.0 / OpenID Connect sign-in provider (`VITRINE_OAUTH_<NAME>_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthProviderConfig {
    /// Lower-case name used in `/login/<name>`.
    pub name: String,
    /// Text of the sign-in button.
    pub label: String,
    /// Client id registered with the provider.
    pub client_id: String,
    /// Client secret registered with the provider.
    pub client_secret: Option<String>,
    /// Where the provider's endpoints come from.
    pub endpoints: OAuthEndpoints,
    /// Scopes asked for.
    pub scopes: Vec<String>,
}

/// OpenID Connect discovery, or the explicit URLs of a plain OAuth2 provider.
#[derive(Clone, Debug, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a few per process, made once at start-up"
)]
pub enum OAuthEndpoints {
    /// `VITRINE_OAUTH_<NAME>_ISSUER`: endpoints discovered from the issuer.
    Discovery {
        /// Issuer URL, as written: ID tokens must name it exactly (a trailing `/` included).
        issuer: String,
    },
    /// `_AUTH_URL`, `_TOKEN_URL` and `_USERINFO_URL`.
    Explicit {
        /// Authorization endpoint.
        auth_url: Url,
        /// Token endpoint.
        token_url: Url,
        /// User-info endpoint.
        userinfo_url: Url,
    },
}

/// The providers named by `VITRINE_OAUTH_<NAME>_CLIENT_ID`, each checked whole.
pub(super) fn oauth_providers(values: &Values) -> Result<Vec<OAuthProviderConfig>, ConfigError> {
    let names: Vec<String> = values
        .0
        .keys()
        .filter_map(|key| key.strip_prefix("OAUTH_")?.strip_suffix("_CLIENT_ID"))
        .map(str::to_owned)
        .collect();
    names
        .into_iter()
        .map(|name| {
            let key = |suffix: &str| format!("OAUTH_{name}_{suffix}");
            let lower = name.to_ascii_lowercase();
            if !lower
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(ConfigError::new(
                    &format!("{PREFIX}{}", key("CLIENT_ID")),
                    "provider names may hold only letters, digits and underscores",
                ));
            }
            let endpoints = match values.url(&key("ISSUER"))? {
                Some(_) => OAuthEndpoints::Discovery {
                    issuer: values.get(&key("ISSUER")).unwrap_or_default().to_owned(),
                },
                None => {
                    let [auth_url, token_url, userinfo_url] = ["AUTH_URL", "TOKEN_URL", "USERINFO_URL"]
                        .into_iter()
                        .map(|suffix| {
                            values.url(&key(suffix))?.ok_or_else(|| {
                                ConfigError::new(
                                    &format!("{PREFIX}{}", key(suffix)),
                                    format!(
                                        "missing: provider {lower} needs either {PREFIX}{} or the three _AUTH_URL, _TOKEN_URL and _USERINFO_URL",
                                        key("ISSUER")
                                    ),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?
                        .try_into()
                        .map_err(|_| ConfigError::new("VITRINE_OAUTH", "three URLs expected"))?;
                    OAuthEndpoints::Explicit {
                        auth_url,
                        token_url,
                        userinfo_url,
                    }
                }
            };
            let default_scopes = match endpoints {
                OAuthEndpoints::Discovery { .. } => "openid email profile",
                OAuthEndpoints::Explicit { .. } => "",
            };
            Ok(OAuthProviderConfig {
                label: values.get(&key("LABEL")).unwrap_or(&name).to_owned(),
                client_id: values.get(&key("CLIENT_ID")).unwrap_or_default().to_owned(),
                client_secret: values.get(&key("CLIENT_SECRET")).map(str::to_owned),
                scopes: values
                    .get(&key("SCOPES"))
                    .unwrap_or(default_scopes)
                    .split([' ', ','])
                    .filter(|scope| !scope.is_empty())
                    .map(str::to_owned)
                    .collect(),
                endpoints,
                name: lower,
            })
        })
        .collect()
}
