//! Entries whose key carries a generation number: they never change, so with Redis this
//! instance keeps near copies and computes each miss once.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Cache, Driver};
use crate::telemetry::CacheName;

impl Cache {
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
        // A miss is a lookup that computed the value (one that waited for another's is a hit).
        let computed = AtomicBool::new(false);
        let compute = async {
            computed.store(true, Ordering::Relaxed);
            compute.await
        };
        let found = match &self.driver {
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
        };
        let hit = !computed.load(Ordering::Relaxed);
        crate::telemetry::cache_lookup(CacheName::Computed, hit);
        found
    }

    /// Stores `value` under `key`, a key that carries a generation number (see
    /// [`Cache::get_versioned`]). With Redis, this instance keeps a copy only once the entry is
    /// asked for again (read back from Redis): most pages computed are asked for once (a random
    /// page of the gallery), and copying each would churn the near cache and its memory.
    pub async fn set_versioned(&self, key: &str, value: Arc<[u8]>) {
        self.set(key, value).await;
    }
}
