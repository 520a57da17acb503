//! Generations of families of entries: read (from the subscription when it can), and bumped
//! on every instance by a write.

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use super::{Cache, Driver};

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

pub(super) async fn incr_generation(
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

impl Cache {
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
