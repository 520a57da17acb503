//! The shared cache: Redis when `VITRINE_REDIS_URL` is set, in-process (moka) otherwise.
//!
//! Entries are keyed with a generation number that writes bump, so no instance serves a stale
//! page; a Redis failure is logged and treated as a miss, never as an error for the caller.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

mod entries;
mod flights;
pub mod gallery_index;
mod generations;
pub mod page_views;
mod pending;
mod per_generation;
mod rate;
pub mod search_misses;
mod versioned;
mod watch;

pub use flights::Flights;

use pending::Pending;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The family of entries every write invalidates: the pages anonymous visitors get, the gallery
/// index and the totals.
pub const GALLERY: &str = "gallery";

/// How long an entry lives at most, whatever its generation.
const TTL: Duration = Duration::from_secs(300);

/// The most this instance keeps of versioned entries besides Redis, in bytes: the pages asked
/// for again and again (a page asked for once is as fast from Redis), within the 150 MB an
/// instance may take beside the gallery index.
const NEAR_BYTES: u64 = 16 * 1024 * 1024;

/// A cache shared by every request of this instance (and, with Redis, every instance).
#[derive(Clone)]
pub struct Cache {
    driver: Driver,
    prefix: Arc<str>,
    /// What could not reach Redis during an outage, made again once it is back.
    pending: Arc<Mutex<Pending>>,
    /// With Redis, this instance's copies of versioned entries (see [`Cache::get_versioned`]).
    near: moka::future::Cache<String, Arc<[u8]>>,
    /// With Redis, the generations heard on its channel (see [`watch`]).
    watched: Arc<watch::Watched>,
    /// The channel bumps are told on.
    channel: Arc<str>,
}

/// Where the entries are: Redis, or this process's memory.
#[derive(Clone)]
enum Driver {
    Redis(ConnectionManager),
    Local {
        entries: moka::future::Cache<String, Arc<[u8]>>,
        generations: Arc<Mutex<HashMap<String, u64>>>,
        counters: Arc<Mutex<HashMap<String, u64>>>,
    },
}

/// What `/healthz` says of the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheStatus {
    /// In-process cache; always up.
    InProcess,
    /// Redis answered.
    RedisUp,
    /// Redis did not answer: requests go to the database.
    RedisDown,
}

impl CacheStatus {
    /// Short name for the health report.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProcess => "in-process",
            Self::RedisUp => "up",
            Self::RedisDown => "down",
        }
    }
}

impl Cache {
    /// Connects to Redis lazily (start-up does not wait for it), or builds the in-process cache.
    pub fn new(redis_url: Option<&str>, prefix: &str) -> Result<Self, redis::RedisError> {
        let watched = Arc::new(watch::Watched::default());
        let channel: Arc<str> = Arc::from(format!("{prefix}:generations"));
        let driver = match redis_url {
            Some(url) => {
                // TCP_NODELAY: each command is a small write waiting for its answer, which
                // Nagle's algorithm would hold back.
                let info = redis::IntoConnectionInfo::into_connection_info(url)?
                    .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
                let client = redis::Client::open(info)?;
                // Outside a runtime (never in the service) generations are always asked.
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    runtime.spawn(watch::follow(
                        client.clone(),
                        channel.to_string(),
                        watched.clone(),
                    ));
                }
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(Duration::from_millis(500)))
                    .set_response_timeout(Some(Duration::from_millis(500)))
                    .set_number_of_retries(1)
                    .set_max_delay(Duration::from_millis(200));
                Driver::Redis(ConnectionManager::new_lazy_with_config(client, config)?)
            }
            None => Driver::Local {
                entries: moka::future::Cache::builder()
                    .max_capacity(10_000)
                    .time_to_live(TTL)
                    .build(),
                generations: Arc::default(),
                counters: Arc::default(),
            },
        };
        Ok(Self {
            driver,
            prefix: Arc::from(prefix),
            pending: Arc::default(),
            watched,
            channel,
            near: moka::future::Cache::builder()
                .weigher(|key: &String, value: &Arc<[u8]>| {
                    u32::try_from(key.len() + value.len()).unwrap_or(u32::MAX)
                })
                .max_capacity(NEAR_BYTES)
                .time_to_live(TTL)
                .build(),
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}:{key}", self.prefix)
    }

    /// Pings the cache.
    pub async fn status(&self) -> CacheStatus {
        match &self.driver {
            Driver::Local { .. } => CacheStatus::InProcess,
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                match redis::cmd("PING").query_async::<String>(&mut conn).await {
                    Ok(_) => CacheStatus::RedisUp,
                    Err(err) => {
                        tracing::warn!(error = %err, "redis ping failed");
                        CacheStatus::RedisDown
                    }
                }
            }
        }
    }
}
