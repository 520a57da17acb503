//! Plain entries: read, written, taken once or deleted under a key, in Redis or in-process.

use std::sync::Arc;
use std::time::Duration;

use redis::AsyncCommands;

use super::{Cache, Driver, TTL};

impl Cache {
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
}
