//! Bumps and deletions that could not reach Redis, retried in the background until it is back.

use std::collections::HashSet;
use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use super::generations::incr_generation;
use super::{Cache, Driver};

/// Bumps and deletions that failed: a write during an outage must still invalidate what was
/// cached before it (pages, a signed-out session) once Redis is back. They are retried in the
/// background, and bumps again before this instance's next read of a generation.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) bumps: HashSet<String>,
    pub(super) deletes: HashSet<String>,
    retrying: bool,
}

/// How often missed bumps and deletions are retried while Redis is away.
const RETRY_EVERY: Duration = Duration::from_millis(500);

impl Cache {
    pub(super) fn is_pending_delete(&self, key: &str) -> bool {
        self.pending
            .lock()
            .is_ok_and(|pending| pending.deletes.contains(key))
    }

    /// Records a failed bump or deletion and makes sure a background task retries it.
    pub(super) fn remember(&self, record: impl FnOnce(&mut Pending) -> bool) {
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
    pub(super) async fn retry_pending(&self, conn: &mut ConnectionManager) -> bool {
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
}
