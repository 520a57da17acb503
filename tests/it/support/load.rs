//! A steady load of concurrent clients that records every answer, to be checked once stopped.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::RequestBuilder;
use tokio::task::JoinSet;

/// Longer than any answer should take, even during an outage (the pool's acquire timeout):
/// a request still waiting then counts as hung.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// One answer (or its absence).
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What was asked (the request's label).
    pub what: String,
    /// The status, `None` when the request failed or hung.
    pub status: Option<u16>,
    /// The body, or why there was none.
    pub body: String,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// How long the answer took (reported, never asserted).
    pub took: Duration,
}

/// Builds the `n`th request of a client: its label and the request.
pub type NextRequest = Arc<dyn Fn(usize) -> (String, RequestBuilder) + Send + Sync>;

/// Clients sending requests back to back until stopped.
pub struct Load {
    stop: Arc<AtomicBool>,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
    clients: JoinSet<()>,
}

impl Load {
    /// Starts `clients` clients, each sending `next(n)` for n = 0, 1, 2, … (numbered across
    /// clients, so each request is distinct).
    pub fn start(clients: usize, next: NextRequest) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let outcomes = Arc::new(Mutex::new(Vec::new()));
        let counter = Arc::new(AtomicUsize::new(0));
        let mut tasks = JoinSet::new();
        for _ in 0..clients {
            let (stop, outcomes, counter, next) = (
                stop.clone(),
                outcomes.clone(),
                counter.clone(),
                next.clone(),
            );
            tasks.spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let (what, request) = next(counter.fetch_add(1, Ordering::Relaxed));
                    let start = std::time::Instant::now();
                    let outcome = match request.timeout(HANG_GUARD).send().await {
                        Ok(response) => Outcome {
                            what,
                            status: Some(response.status().as_u16()),
                            retry_after: response
                                .headers()
                                .get("retry-after")
                                .and_then(|value| value.to_str().ok())
                                .map(str::to_owned),
                            body: response.text().await.unwrap_or_else(|err| err.to_string()),
                            took: start.elapsed(),
                        },
                        Err(err) => Outcome {
                            what,
                            status: None,
                            body: err.to_string(),
                            retry_after: None,
                            took: start.elapsed(),
                        },
                    };
                    outcomes.lock().unwrap().push(outcome);
                }
            });
        }
        Self {
            stop,
            outcomes,
            clients: tasks,
        }
    }

    /// How many answers so far satisfy `matches`.
    pub fn count(&self, matches: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes
            .lock()
            .unwrap()
            .iter()
            .filter(|outcome| matches(outcome))
            .count()
    }

    /// Waits (up to `seconds`) until `more` more answers satisfying `matches` have come.
    pub async fn wait_for(&self, more: usize, matches: impl Fn(&Outcome) -> bool, seconds: u64) {
        let target = self.count(&matches) + more;
        for _ in 0..seconds * 20 {
            if self.count(&matches) >= target {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the load did not get {more} more such answers in {seconds} s: {:?}",
            self.outcomes.lock().unwrap().last()
        );
    }

    /// Stops the clients (after their requests in flight) and returns every answer.
    pub async fn stop(mut self) -> Vec<Outcome> {
        self.stop.store(true, Ordering::Relaxed);
        while let Some(joined) = self.clients.join_next().await {
            joined.unwrap();
        }
        std::mem::take(&mut *self.outcomes.lock().unwrap())
    }
}
