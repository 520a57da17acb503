//! One typed configuration, read once at start-up from `VITRINE_*` variables and an optional
//! `vitrine.toml` holding the same keys (lower-case, without the prefix). The environment wins.

mod catalog;
mod cors;
mod embed;
mod impact;
mod linkcheck;
mod look;
mod media;
mod metrics;
mod oauth;
mod server;
mod site;
mod sources;
#[cfg(test)]
mod tests;
mod theme;
mod validate;

pub use catalog::{CatalogKind, CatalogSync};
pub use cors::CorsOrigins;
pub use embed::EmbedConfig;
pub use impact::ImpactConfig;
pub use linkcheck::LinkCheckConfig;
pub use look::Theme;
pub use media::{MediaBucket, MediaConfig};
pub use metrics::MetricsConfig;
pub use oauth::{OAuthEndpoints, OAuthProviderConfig};
pub use server::{IpRange, LogFormat, ServerConfig};
pub use site::{LOGO_MAX_BYTES, SiteConfig, SiteLogo};
pub use theme::{Color, DEFAULT_PRIMARY, MIN_CONTRAST};

use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// Days a question waits for a producer's answer before it goes to the organization's
    /// admins (`VITRINE_ESCALATE_DAYS`); twice that, to the community animators.
    pub escalate_days: i64,
    /// Links a new account may post in one message before it is held.
    pub new_account_max_links: usize,
    /// Whether the first message of a new account waits for a moderator.
    pub hold_first_posts: bool,
    /// Writes a user (or an address, when anonymous) may make per minute.
    pub rate_writes_per_minute: u32,
    /// Reports an address may send per hour.
    pub rate_reports_per_hour: u32,
    /// Other sites whose scripts may read the API (any, unless narrowed).
    pub cors_origins: CorsOrigins,
    /// The portals whose pages may frame the reuse widget (none, unless listed).
    pub embed: EmbedConfig,
    /// The catalog the datasets are synced from, if any (`VITRINE_CATALOG_URL`).
    pub catalog: Option<CatalogSync>,
    /// Where images are stored (the data directory, or object storage) and served from.
    pub media: MediaConfig,
    /// Whether and where `/metrics` is served.
    pub metrics: MetricsConfig,
    /// The HTTP server's limits, the proxies it trusts and its log format.
    pub server: ServerConfig,
    /// The site's name, logo, colour and footer links.
    pub site: SiteConfig,
    /// The link checker (`VITRINE_LINKCHECK_*`).
    pub linkcheck: LinkCheckConfig,
    /// The impact indicators (`VITRINE_IMPACT_*`).
    pub impact: ImpactConfig,
}

/// Spam words when `VITRINE_SPAM_WORDS` is not set.
pub const DEFAULT_SPAM_WORDS: &str = "casino,viagra,cialis,bitcoin gratuit,free bitcoin,crypto giveaway,prêt rapide sans justificatif,escort";

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

/// The prefix of every variable read (`vitrine.toml` keys go without it).
const PREFIX: &str = "VITRINE_";

impl Config {
    /// Whether the database is SQLite (the embedded default).
    pub fn uses_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}
