//! Generations followed through Redis pub/sub, so that a cached page costs no round trip.
//!
//! Every bump publishes `<key> <value>` on one channel (`BUMP` in the `generations` module); each instance keeps the values it has
//! heard and answers [`Watched::get`] from memory while its subscription is known to be alive
//! (a ping answered within the last [`LEASE`]). Without a live subscription (Redis away, the
//! connection lost, not yet subscribed) nothing is answered and the caller asks Redis, as
//! before. A value first read from Redis is kept too: it was read after subscribing, so any
//! later bump arrives as a message; values only move forward within one subscription, and are
//! all forgotten when it ends (a Redis restarted empty starts generations afresh).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;

/// How long a ping answered on the subscription vouches for it.
const LEASE: Duration = Duration::from_secs(2);
/// How often the subscription is pinged.
const HEARTBEAT: Duration = Duration::from_millis(500);
/// How long a reconnection waits after a failure.
const BACKOFF: Duration = Duration::from_millis(500);

/// The generations heard on the subscription, while it is alive.
#[derive(Default)]
pub struct Watched(Mutex<State>);

#[derive(Default)]
struct State {
    /// When the subscription began (`None`: not subscribed).
    since: Option<Instant>,
    /// Until when the subscription is known to be alive.
    alive_until: Option<Instant>,
    /// Generation key → value.
    values: HashMap<String, u64>,
}

impl Watched {
    /// The value of generation `key`, when the subscription vouches for it.
    pub fn get(&self, key: &str) -> Option<u64> {
        let state = self.0.lock().ok()?;
        let alive = state
            .alive_until
            .is_some_and(|until| Instant::now() < until);
        if !alive {
            return None;
        }
        state.values.get(key).copied()
    }

    /// Records `value` for `key`, heard on the subscription or just made by a bump here.
    pub fn learn(&self, key: &str, value: u64) {
        if let Ok(mut state) = self.0.lock()
            && state.since.is_some()
        {
            let known = state.values.entry(key.to_owned()).or_insert(value);
            *known = (*known).max(value);
        }
    }

    /// Records `value` for `key` as read from Redis by a request sent at `asked`: only when
    /// sent after the subscription began, so that no bump can have slipped between the two
    /// (Redis answered it after registering the subscription; a later bump is heard).
    pub fn learn_read(&self, key: &str, value: u64, asked: Instant) {
        let subscribed_before = self
            .0
            .lock()
            .is_ok_and(|state| state.since.is_some_and(|since| since < asked));
        if subscribed_before {
            self.learn(key, value);
        }
    }

    fn subscribed(&self) {
        if let Ok(mut state) = self.0.lock() {
            let now = Instant::now();
            state.since = Some(now);
            state.alive_until = Some(now + LEASE);
        }
    }

    fn vouch(&self) {
        if let Ok(mut state) = self.0.lock()
            && state.since.is_some()
        {
            state.alive_until = Some(Instant::now() + LEASE);
        }
    }

    fn forget(&self) {
        if let Ok(mut state) = self.0.lock() {
            *state = State::default();
        }
    }
}

/// Follows `channel` for ever, reconnecting after any failure.
pub async fn follow(client: redis::Client, channel: String, watched: Arc<Watched>) {
    loop {
        if let Err(err) = follow_once(&client, &channel, &watched).await {
            tracing::debug!(error = %err, "generation subscription lost; pages ask Redis meanwhile");
        }
        watched.forget();
        tokio::time::sleep(BACKOFF).await;
    }
}

async fn follow_once(
    client: &redis::Client,
    channel: &str,
    watched: &Watched,
) -> redis::RedisResult<()> {
    let pubsub = tokio::time::timeout(LEASE, client.get_async_pubsub())
        .await
        .map_err(|_| timed_out())??;
    let (mut sink, mut stream) = pubsub.split();
    sink.subscribe(channel).await?;
    watched.subscribed();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            message = stream.next() => {
                let Some(message) = message else {
                    return Ok(());
                };
                let payload: String = message.get_payload()?;
                if let Some((key, value)) = payload.split_once(' ')
                    && let Ok(value) = value.parse()
                {
                    watched.learn(key, value);
                }
            }
            _ = heartbeat.tick() => {
                match tokio::time::timeout(LEASE, sink.ping::<redis::Value>()).await {
                    Ok(Ok(_)) => watched.vouch(),
                    Ok(Err(err)) => return Err(err),
                    Err(_) => return Err(timed_out()),
                }
            }
        }
    }
}

fn timed_out() -> redis::RedisError {
    redis::RedisError::from(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "no answer on the generation subscription",
    ))
}
