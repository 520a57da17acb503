//! The scheduled jobs `vitrine serve` and `vitrine worker` run beside their own work: the
//! catalog sync, the link checker, the escalation of unanswered questions and the impact
//! indicators.

use tokio::task::JoinHandle;

use crate::state::AppState;

/// The running jobs.
pub struct Jobs(Vec<JoinHandle<()>>);

impl Jobs {
    /// Starts every job on `state`.
    pub fn start(state: &AppState) -> Self {
        Self(vec![
            tokio::spawn(crate::sync::schedule(state.clone())),
            tokio::spawn(crate::linkcheck::pass::schedule(state.clone())),
            tokio::spawn(crate::escalation::schedule(state.clone())),
            tokio::spawn(crate::impact::schedule(state.clone())),
        ])
    }

    /// Stops them where they are (each run's writes are transactions of their own).
    pub fn stop(self) {
        for job in self.0 {
            job.abort();
        }
    }
}
