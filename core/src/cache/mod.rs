//! The shared cache: Redis when `VITRINE_REDIS_URL` is set, in-process (moka) otherwise.
//!
//! Entries are keyed with a generation number that writes bump, so no instance serves a stale
//! page; a Redis failure is logged and treated as a miss, never as an error for the caller.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

mod flights;
mod watch;

pub use flights::Flights;

use redis::AsyncCommands;
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

/// Bumps and deletions that failed: a write during an outage must still invalidate what was
/// cached before it (pages, a signed-out session) once Redis is back. They are retried in the
/// background, and bumps again before this instance's next read of a generation.
#[derive(Default)]
struct Pending {
    bumps: HashSet<String>,
    deletes: HashSet<String>,
    retrying: bool,
}

/// How often missed bumps and deletions are retried while Redis is away.
const RETRY_EVERY: Duration = Duration::from_millis(500);

/// A generation's first value when its key is missing (a new Redis, or one restarted without
/// its data): random rather than 0, so it never repeats a number under which some instance
/// still keeps pages in its near cache from before the restart.
fn fresh_generation() -> u64 {
    // Two bits spare, so INCR (a signed 64-bit integer in Redis) never overflows.
    rand::random::<u64>() >> 2
}

/// Adds one to a generation (starting it at a fresh value if Redis lost it) and tells every
/// instance the new value on `channel`, in one atomic script; gives the new value.
/// (The value is read back as a string: a Lua number is a double, which loses the last digits
/// of a 62-bit generation.)
const BUMP: &str = "if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end \
    redis.call('INCR', KEYS[1]) \
    local value = redis.call('GET', KEYS[1]) \
    redis.call('PUBLISH', ARGV[2], KEYS[1] .. ' ' .. value) \
    return value";

async fn incr_generation(
    conn: &mut ConnectionManager,
    key: &str,
    channel: &str,
) -> redis::RedisResult<u64> {
    redis::cmd("EVAL")
        .arg(BUMP)
        .arg(1)
        .arg(key)
        .arg(fresh_generation())
        .arg(channel)
        .query_async(conn)
        .await
}

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
                let client = redis::Client::open(url)?;
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

    /// Counts one more event under `key` in the current fixed window of `window`; returns the
    /// count so far in this window and the seconds until it ends, or `None` when Redis cannot be
    /// reached (nothing is limited then rather than everything).
    pub async fn count_in_window(&self, key: &str, window: Duration) -> Option<(u64, u64)> {
        let seconds = window.as_secs().max(1);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let index = now / seconds;
        let left = seconds - now % seconds;
        let key = self.key(&format!("rate:{key}:{index}"));
        match &self.driver {
            Driver::Local { counters, .. } => {
                let mut counters = counters.lock().ok()?;
                if counters.len() > 50_000 {
                    let current = format!(":{index}");
                    counters.retain(|name, _| name.ends_with(&current));
                }
                let count = counters.entry(key).or_default();
                *count += 1;
                Some((*count, left))
            }
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                let counted: Result<(u64, ()), _> = redis::pipe()
                    .atomic()
                    .incr(&key, 1)
                    .expire(&key, i64::try_from(seconds).unwrap_or(i64::MAX))
                    .query_async(&mut conn)
                    .await;
                match counted {
                    Ok((count, ())) => Some((count, left)),
                    Err(err) => {
                        tracing::warn!(error = %err, "rate counter unreachable; not limiting");
                        None
                    }
                }
            }
        }
    }

    /// The value under `key`, or `None` (missing, expired, or the cache is down).
    pub async fn get(&self, key: &str) -> Option<Arc<[u8]>> {
        let key = self.key(key);
        match &self.driver {
            Driver::Local { entries, .. } => entries.get(&key).await,
            Driver::Redis(manager) => {
                if self.is_pending_delete(&key) {
                    return None;
                }
                let mut conn = manager.clone();
                match conn.get::<_, Option<Vec<u8>>>(&key).await {
                    Ok(value) => value.map(Arc::from),
                    Err(err) => {
                        tracing::warn!(error = %err, key, "cache read failed; using the database");
                        None
                    }
                }
            }
        }
    }

    /// Stores `value` under `key` for at most the cache's TTL.
    pub async fn set(&self, key: &str, value: Arc<[u8]>) {
        let key = self.key(key);
        match &self.driver {
            Driver::Local { entries, .. } => entries.insert(key, value).await,
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                if let Err(err) = conn
                    .set_ex::<_, _, ()>(&key, value.as_ref(), TTL.as_secs())
                    .await
                {
                    tracing::warn!(error = %err, key, "cache write failed");
                }
            }
        }
    }

    /// The value under `key`, a key that carries a generation number: such an entry never
    /// changes (a write makes a new generation, hence new keys), so with Redis this instance
    /// keeps a copy and a hit costs no round trip.
    pub async fn get_versioned(&self, key: &str) -> Option<Arc<[u8]>> {
        if let Driver::Local { .. } = self.driver {
            return self.get(key).await;
        }
        if let Some(near) = self.near.get(key).await {
            return Some(near);
        }
        let value = self.get(key).await?;
        self.near.insert(key.to_owned(), value.clone()).await;
        Some(value)
    }

    /// The value under `key`, a key that carries a generation number, or what `compute` makes
    /// of it when no instance has it yet (then stored for all). Misses of one key on this
    /// instance wait for one computation, where each would have run its own (the first
    /// requests after a write all counting the catalog at once).
    pub async fn get_versioned_or<E: Send + Sync + 'static>(
        &self,
        key: &str,
        compute: impl Future<Output = Result<Arc<[u8]>, E>>,
    ) -> Result<Arc<[u8]>, Arc<E>> {
        match &self.driver {
            Driver::Local { entries, .. } => entries.try_get_with(self.key(key), compute).await,
            Driver::Redis(_) => {
                let shared = async {
                    if let Some(value) = self.get(key).await {
                        return Ok(value);
                    }
                    let value = compute.await?;
                    self.set(key, value.clone()).await;
                    Ok(value)
                };
                self.near.try_get_with(key.to_owned(), shared).await
            }
        }
    }

    /// Stores `value` under `key`, a key that carries a generation number (see
    /// [`Cache::get_versioned`]). With Redis, this instance keeps a copy only once the entry is
    /// asked for again (read back from Redis): most pages computed are asked for once (a random
    /// page of the gallery), and copying each would churn the near cache and its memory.
    pub async fn set_versioned(&self, key: &str, value: Arc<[u8]>) {
        self.set(key, value).await;
    }

    /// Stores `value` under `key` for `ttl` (at most the cache's TTL when in-process).
    pub async fn set_for(&self, key: &str, value: &[u8], ttl: Duration) {
        let key = self.key(key);
        match &self.driver {
            Driver::Local { entries, .. } => entries.insert(key, Arc::from(value)).await,
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                if let Err(err) = conn
                    .set_ex::<_, _, ()>(&key, value, ttl.as_secs().max(1))
                    .await
                {
                    tracing::warn!(error = %err, key, "cache write failed");
                }
            }
        }
    }

    /// Removes `key` and returns what it held: a value can be taken once only.
    pub async fn take(&self, key: &str) -> Result<Option<Vec<u8>>, redis::RedisError> {
        let key = self.key(key);
        match &self.driver {
            Driver::Local { entries, .. } => Ok(entries.remove(&key).await.map(|v| v.to_vec())),
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                redis::cmd("GETDEL").arg(&key).query_async(&mut conn).await
            }
        }
    }

    /// Forgets `key`.
    pub async fn delete(&self, key: &str) {
        let key = self.key(key);
        match &self.driver {
            Driver::Local { entries, .. } => entries.invalidate(&key).await,
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                if let Err(err) = conn.del::<_, ()>(&key).await {
                    tracing::error!(error = %err, key, "cache delete failed; retried in the background");
                    self.remember(|pending| pending.deletes.insert(key));
                }
            }
        }
    }

    /// The current generation of a family of entries; `None` when the cache cannot say (then
    /// nothing of that family should be read from or written to the cache).
    pub async fn generation(&self, family: &str) -> Option<u64> {
        let key = self.key(&format!("gen:{family}"));
        match &self.driver {
            Driver::Local { generations, .. } => generations
                .lock()
                .ok()
                .map(|map| map.get(&key).copied().unwrap_or(0)),
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                if !self.retry_pending(&mut conn).await {
                    return None;
                }
                // Heard on the subscription: no round trip (see `watch`).
                if let Some(generation) = self.watched.get(&key) {
                    return Some(generation);
                }
                let asked = std::time::Instant::now();
                let read = match conn.get::<_, Option<u64>>(&key).await {
                    Ok(Some(generation)) => Some(generation),
                    Ok(None) => {
                        let started: redis::RedisResult<(u64,)> = redis::pipe()
                            .atomic()
                            .set_nx(&key, fresh_generation())
                            .ignore()
                            .get(&key)
                            .query_async(&mut conn)
                            .await;
                        started.map(|(generation,)| generation).ok()
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, key, "cache generation read failed; using the database");
                        None
                    }
                };
                if let Some(generation) = read {
                    self.watched.learn_read(&key, generation, asked);
                }
                read
            }
        }
    }

    fn is_pending_delete(&self, key: &str) -> bool {
        self.pending
            .lock()
            .is_ok_and(|pending| pending.deletes.contains(key))
    }

    /// Records a failed bump or deletion and makes sure a background task retries it.
    fn remember(&self, record: impl FnOnce(&mut Pending) -> bool) {
        let Driver::Redis(manager) = &self.driver else {
            return;
        };
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        record(&mut pending);
        if pending.retrying {
            return;
        }
        pending.retrying = true;
        let (cache, mut conn) = (self.clone(), manager.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RETRY_EVERY).await;
                if cache.retry_pending(&mut conn).await {
                    let Ok(mut pending) = cache.pending.lock() else {
                        return;
                    };
                    if pending.bumps.is_empty() && pending.deletes.is_empty() {
                        pending.retrying = false;
                        return;
                    }
                }
            }
        });
    }

    /// Makes the missed bumps and deletions; `false` when Redis still cannot take them.
    async fn retry_pending(&self, conn: &mut ConnectionManager) -> bool {
        let (bumps, deletes): (Vec<String>, Vec<String>) = match self.pending.lock() {
            Ok(pending) if pending.bumps.is_empty() && pending.deletes.is_empty() => return true,
            Ok(pending) => (
                pending.bumps.iter().cloned().collect(),
                pending.deletes.iter().cloned().collect(),
            ),
            Err(_) => return true,
        };
        for key in bumps {
            match incr_generation(conn, &key, &self.channel).await {
                Ok(value) => self.watched.learn(&key, value),
                Err(_) => return false,
            }
            if let Ok(mut pending) = self.pending.lock() {
                pending.bumps.remove(&key);
            }
        }
        for key in deletes {
            if conn.del::<_, ()>(&key).await.is_err() {
                return false;
            }
            if let Ok(mut pending) = self.pending.lock() {
                pending.deletes.remove(&key);
            }
        }
        true
    }

    /// Makes every entry of a family stale, on every instance.
    pub async fn bump(&self, family: &str) {
        let key = self.key(&format!("gen:{family}"));
        match &self.driver {
            Driver::Local { generations, .. } => {
                if let Ok(mut map) = generations.lock() {
                    *map.entry(key).or_default() += 1;
                }
            }
            Driver::Redis(manager) => {
                let mut conn = manager.clone();
                let bumped = incr_generation(&mut conn, &key, &self.channel).await;
                if let Ok(value) = bumped {
                    self.watched.learn(&key, value);
                } else if let Err(err) = bumped {
                    tracing::error!(error = %err, key, "cache generation bump failed; retried in the background");
                    self.remember(|pending| pending.bumps.insert(key));
                }
            }
        }
    }
}
