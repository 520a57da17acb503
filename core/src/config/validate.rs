//! Building a [`Config`] from the merged values: each one checked, and a refused one named by
//! its variable.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use url::Url;

use super::catalog::catalog_sync;
use super::cors::cors_origins;
use super::oauth::oauth_providers;
use super::sources::Values;
use super::{
    Config, ConfigError, DEFAULT_SPAM_WORDS, EmbedConfig, MediaConfig, MetricsConfig, ServerConfig,
};

impl Config {
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
            escalate_days: positive(&values, "ESCALATE_DAYS", 5, "a positive number of days")?,
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
            cors_origins: cors_origins(&values)?,
            embed: EmbedConfig::from_values(&values)?,
            catalog: catalog_sync(&values)?,
            media: MediaConfig::from_values(&values)?,
            metrics: MetricsConfig::from_values(&values)?,
            server: ServerConfig::from_values(&values)?,
            site: super::SiteConfig::from_values(&values)?,
            linkcheck: super::LinkCheckConfig::from_values(&values)?,
            impact: super::ImpactConfig::from_values(&values)?,
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
}

pub(super) fn flag(values: &Values, key: &str, default: bool) -> Result<bool, ConfigError> {
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

pub(super) fn positive<T: std::str::FromStr + PartialOrd + Default>(
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
