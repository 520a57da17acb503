//! Fixed-window counters for rate limits, shared by every instance through Redis.

use std::time::Duration;

use super::{Cache, Driver};

impl Cache {
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
}
