//! One typed configuration, read once at start-up from `VITRINE_*` variables and an optional
//! `vitrine.toml` holding the same keys (lower-case, without the prefix). The environment wins.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use url::Url;

/// Everything Vitrine needs to know about its surroundings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// SeaORM connection URL: `sqlite://…` (default, a file in the data directory) or `postgres://…`.
    pub database_url: String,
    /// Connections to the database this process keeps at most (8 on SQLite, 16 otherwise,
    /// when unset).
    pub database_pool: Option<u32>,
    /// Redis for the shared cache, sessions and rate limits; in-process when unset.
    pub redis_url: Option<String>,
    /// Prefix of every Redis key, so several deployments can share one Redis.
    pub redis_prefix: String,
    /// SMTP server mails are sent through; `.eml` files in the data directory when unset.
    pub smtp_url: Option<Url>,
    /// `From` address of every mail.
    pub mail_from: String,
    /// URL the site is reached at, used in links, mails and cookies.
    pub public_url: Url,
    /// Secret used to sign tokens and unsubscribe links.
    pub secret_key: String,
    /// Directory of the SQLite file, uploaded media and mail files.
    pub data_dir: PathBuf,
    /// Largest image upload, in bytes.
    pub image_max_bytes: usize,
    /// Sign-in providers, in the order of their names.
    pub oauth_providers: Vec<OAuthProviderConfig>,
    /// Whether `vitrine serve` also runs the mail worker (`vitrine worker` runs it alone).
    pub mail_worker: bool,
    /// Attempts at sending a mail before giving up on it.
    pub mail_max_attempts: i32,
    /// Wait before the first retry of a mail, doubled at each further attempt.
    pub mail_retry_base: std::time::Duration,
    /// How long a worker may take to send a claimed mail before another may claim it again.
    pub mail_lease: std::time::Duration,
    /// Mails a worker hands to SMTP at once, over as many pooled connections.
    pub mail_concurrency: usize,
    /// Hour (UTC) at which daily digests go out.
    pub digest_hour: u32,
    /// Words that hold a message for moderation (lower case).
    pub spam_words: Vec<String>,
    /// An account younger than this many days is new.
    pub new_account_days: i64,
    /// Links a new account may post in one message before it is held.
    pub new_account_max_links: usize,
    /// Whether the first message of a new account waits for a moderator.
    pub hold_first_posts: bool,
    /// Writes a user (or an address, when anonymous) may make per minute.
    pub rate_writes_per_minute: u32,
    /// Reports an address may send per hour.
    pub rate_reports_per_hour: u32,
}

/// Spam words when `VITRINE_SPAM_WORDS` is not set.
pub const DEFAULT_SPAM_WORDS: &str = "casino,viagra,cialis,bitcoin gratuit,free bitcoin,crypto giveaway,prêt rapide sans justificatif,escort";

fn flag(values: &Values, key: &str, default: bool) -> Result<bool, ConfigError> {
    match values.get(key) {
        None => Ok(default),
        Some("true" | "1" | "on" | "yes") => Ok(true),
        Some("false" | "0" | "off" | "no") => Ok(false),
        Some(other) => Err(ConfigError::new(
            &format!("VITRINE_{key}"),
            format!("{other:?} is not true or false"),
        )),
    }
}

fn positive<T: std::str::FromStr + PartialOrd + Default>(
    values: &Values,
    key: &str,
    default: T,
    what: &str,
) -> Result<T, ConfigError> {
    match values.get(key) {
        None => Ok(default),
        Some(text) => text
            .parse::<T>()
            .ok()
            .filter(|n| *n > T::default())
            .ok_or_else(|| {
                ConfigError::new(&format!("VITRINE_{key}"), format!("{text:?} is not {what}"))
            }),
    }
}

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

/// A configuration value that stops start-up: which key, and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{key}: {reason}")]
pub struct ConfigError {
    /// The variable's name, as in the environment.
    pub key: String,
    /// What is wrong with it.
    pub reason: String,
}

impl ConfigError {
    fn new(key: &str, reason: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            reason: reason.into(),
        }
    }
}

const PREFIX: &str = "VITRINE_";

impl Config {
    /// Reads the process environment and `vitrine.toml` (or the file named by `VITRINE_CONFIG`).
    pub fn load() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(key, _)| key.starts_with(PREFIX))
            .collect();
        let file = match env.get("VITRINE_CONFIG") {
            Some(path) => read_toml(Path::new(path), true)?,
            None => read_toml(Path::new("vitrine.toml"), false)?,
        };
        Self::from_sources(&env, file.as_ref())
    }

    /// Builds the configuration from `VITRINE_*` variables over the keys of a parsed `vitrine.toml`.
    pub fn from_sources(
        env: &BTreeMap<String, String>,
        file: Option<&toml::Table>,
    ) -> Result<Self, ConfigError> {
        let values = Values::merge(env, file)?;
        let data_dir = PathBuf::from(values.get("DATA_DIR").unwrap_or("data"));
        let bind_text = values.get("BIND").unwrap_or("127.0.0.1:8080");
        let bind: SocketAddr = bind_text.parse().map_err(|_| {
            ConfigError::new(
                "VITRINE_BIND",
                format!("{bind_text:?} is not an address like 127.0.0.1:8080"),
            )
        })?;
        let database_url = match values.get("DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://") =>
            {
                url.to_owned()
            }
            Some(url) => {
                return Err(ConfigError::new(
                    "VITRINE_DATABASE_URL",
                    format!("{url:?} is neither a sqlite: nor a postgres:// URL"),
                ));
            }
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("vitrine.db").display()
            ),
        };
        let redis_url = match values.get("REDIS_URL") {
            Some(url) if url.starts_with("redis://") || url.starts_with("rediss://") => {
                Some(url.to_owned())
            }
            Some(url) => {
                return Err(ConfigError::new(
                    "VITRINE_REDIS_URL",
                    format!("{url:?} is not a redis:// URL"),
                ));
            }
            None => None,
        };
        let smtp_url = values
            .url("SMTP_URL")?
            .map(|url| match url.scheme() {
                "smtp" | "smtps" => Ok(url),
                other => Err(ConfigError::new(
                    "VITRINE_SMTP_URL",
                    format!("scheme {other:?} is not smtp or smtps"),
                )),
            })
            .transpose()?;
        let public_url = match values.url("PUBLIC_URL")? {
            Some(url) if matches!(url.scheme(), "http" | "https") => url,
            Some(_) => {
                return Err(ConfigError::new(
                    "VITRINE_PUBLIC_URL",
                    "must be an http:// or https:// URL",
                ));
            }
            None => Url::parse(&format!("http://{bind}/")).map_err(|err| {
                ConfigError::new("VITRINE_PUBLIC_URL", format!("cannot be derived: {err}"))
            })?,
        };
        let secret_key = match values.get("SECRET_KEY") {
            Some(key) if key.len() >= 32 => key.to_owned(),
            Some(_) => {
                return Err(ConfigError::new(
                    "VITRINE_SECRET_KEY",
                    "must be at least 32 characters long",
                ));
            }
            None => String::new(),
        };
        let mail_from = values
            .get("MAIL_FROM")
            .unwrap_or("Vitrine <noreply@localhost>")
            .to_owned();
        if !mail_from.contains('@') {
            return Err(ConfigError::new(
                "VITRINE_MAIL_FROM",
                format!("{mail_from:?} is not an email address"),
            ));
        }
        Ok(Self {
            bind,
            database_pool: match values.get("DATABASE_POOL") {
                None => None,
                Some(_) => Some(positive(&values, "DATABASE_POOL", 1, "a positive number")?),
            },
            database_url,
            redis_url,
            redis_prefix: values.get("REDIS_PREFIX").unwrap_or("vitrine").to_owned(),
            smtp_url,
            mail_from,
            public_url,
            secret_key,
            data_dir,
            image_max_bytes: match values.get("IMAGE_MAX_BYTES") {
                None => 5 * 1024 * 1024,
                Some(text) => text
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        ConfigError::new(
                            "VITRINE_IMAGE_MAX_BYTES",
                            format!("{text:?} is not a positive number of bytes"),
                        )
                    })?,
            },
            oauth_providers: oauth_providers(&values)?,
            mail_worker: flag(&values, "MAIL_WORKER", true)?,
            spam_words: values
                .get("SPAM_WORDS")
                .unwrap_or(DEFAULT_SPAM_WORDS)
                .split(',')
                .map(|word| word.trim().to_lowercase())
                .filter(|word| !word.is_empty())
                .collect(),
            new_account_days: positive(
                &values,
                "NEW_ACCOUNT_DAYS",
                7,
                "a positive number of days",
            )?,
            new_account_max_links: positive(
                &values,
                "NEW_ACCOUNT_MAX_LINKS",
                2,
                "a positive number",
            )?,
            hold_first_posts: flag(&values, "HOLD_FIRST_POSTS", false)?,
            rate_writes_per_minute: positive(
                &values,
                "RATE_WRITES_PER_MINUTE",
                60,
                "a positive number",
            )?,
            rate_reports_per_hour: positive(
                &values,
                "RATE_REPORTS_PER_HOUR",
                20,
                "a positive number",
            )?,
            mail_max_attempts: positive(&values, "MAIL_MAX_ATTEMPTS", 8, "a positive number")?,
            mail_retry_base: std::time::Duration::from_secs(positive(
                &values,
                "MAIL_RETRY_SECONDS",
                60,
                "a positive number of seconds",
            )?),
            mail_lease: std::time::Duration::from_secs(positive(
                &values,
                "MAIL_LEASE_SECONDS",
                300,
                "a positive number of seconds",
            )?),
            mail_concurrency: positive(&values, "MAIL_CONCURRENCY", 16, "a positive number")?,
            digest_hour: match values.get("DIGEST_HOUR") {
                None => 7,
                Some(text) => text
                    .parse::<u32>()
                    .ok()
                    .filter(|h| *h < 24)
                    .ok_or_else(|| {
                        ConfigError::new(
                            "VITRINE_DIGEST_HOUR",
                            format!("{text:?} is not an hour from 0 to 23"),
                        )
                    })?,
            },
        })
    }

    /// Whether the database is SQLite (the embedded default).
    pub fn uses_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// Reads a `vitrine.toml`; a missing file is an error only when it was asked for by name.
fn read_toml(path: &Path, required: bool) -> Result<Option<toml::Table>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(err) => {
            return Err(ConfigError::new(
                "VITRINE_CONFIG",
                format!("cannot read {}: {err}", path.display()),
            ));
        }
    };
    text.parse::<toml::Table>().map(Some).map_err(|err| {
        ConfigError::new(
            "VITRINE_CONFIG",
            format!("{} is not valid TOML: {}", path.display(), err.message()),
        )
    })
}

/// Every key without its prefix, upper-case, environment over file.
struct Values(BTreeMap<String, String>);

impl Values {
    fn merge(
        env: &BTreeMap<String, String>,
        file: Option<&toml::Table>,
    ) -> Result<Self, ConfigError> {
        let mut values = BTreeMap::new();
        for (key, value) in file.into_iter().flatten() {
            let name = key.to_ascii_uppercase();
            let text = match value {
                toml::Value::String(text) => text.clone(),
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Boolean(flag) => flag.to_string(),
                _ => {
                    return Err(ConfigError::new(
                        &format!("{PREFIX}{name}"),
                        "must be a string, a number or a boolean in vitrine.toml",
                    ));
                }
            };
            values.insert(name, text);
        }
        for (key, value) in env {
            if let Some(name) = key.strip_prefix(PREFIX) {
                values.insert(name.to_owned(), value.clone());
            }
        }
        values.retain(|_, value| !value.trim().is_empty());
        Ok(Self(values))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|value| value.trim())
    }

    fn url(&self, name: &str) -> Result<Option<Url>, ConfigError> {
        self.get(name)
            .map(|text| {
                Url::parse(text).map_err(|err| {
                    ConfigError::new(
                        &format!("{PREFIX}{name}"),
                        format!("{text:?} is not a URL: {err}"),
                    )
                })
            })
            .transpose()
    }
}

/// The providers named by `VITRINE_OAUTH_<NAME>_CLIENT_ID`, each checked whole.
fn oauth_providers(values: &Values) -> Result<Vec<OAuthProviderConfig>, ConfigError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_are_the_embedded_ones() {
        let config = Config::from_sources(&env(&[]), None).unwrap();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database_url, "sqlite://data/vitrine.db?mode=rwc");
        assert!(config.redis_url.is_none() && config.smtp_url.is_none());
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let err = Config::from_sources(&env(&[("VITRINE_BIND", "nowhere")]), None).unwrap_err();
        assert_eq!(err.key, "VITRINE_BIND");
        let err =
            Config::from_sources(&env(&[("VITRINE_SMTP_URL", "http://x")]), None).unwrap_err();
        assert_eq!(err.key, "VITRINE_SMTP_URL");
        let err = Config::from_sources(&env(&[("VITRINE_SECRET_KEY", "short")]), None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("VITRINE_SECRET_KEY: must be at least 32")
        );
    }

    #[test]
    fn environment_wins_over_the_file() {
        let file: toml::Table = "bind = \"0.0.0.0:9000\"\nredis_url = \"redis://h/\""
            .parse()
            .unwrap();
        let config =
            Config::from_sources(&env(&[("VITRINE_BIND", "127.0.0.1:9001")]), Some(&file)).unwrap();
        assert_eq!(config.bind.port(), 9001);
        assert_eq!(config.redis_url.as_deref(), Some("redis://h/"));
    }

    #[test]
    fn oauth_providers_need_an_issuer_or_three_urls() {
        let config = Config::from_sources(
            &env(&[
                ("VITRINE_OAUTH_MOCK_CLIENT_ID", "vitrine"),
                ("VITRINE_OAUTH_MOCK_ISSUER", "http://127.0.0.1:9999"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!(config.oauth_providers[0].name, "mock");
        assert_eq!(
            config.oauth_providers[0].scopes,
            ["openid", "email", "profile"]
        );
        let err = Config::from_sources(
            &env(&[
                ("VITRINE_OAUTH_GH_CLIENT_ID", "x"),
                ("VITRINE_OAUTH_GH_AUTH_URL", "https://a/"),
            ]),
            None,
        )
        .unwrap_err();
        assert_eq!(err.key, "VITRINE_OAUTH_GH_TOKEN_URL");
    }
}
