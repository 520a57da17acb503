//! The stop signal of background jobs: on SIGTERM they finish what they hold (the mails they
//! claimed) instead of being cut mid-way, then return.

use tokio::sync::watch;

/// Tells the jobs to stop (dropping it without [`StopHandle::stop`] never does).
#[derive(Debug)]
pub struct StopHandle(watch::Sender<bool>);

/// What a job watches.
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

/// A new signal, not given yet.
pub fn stop_signal() -> (StopHandle, Stop) {
    let (sender, receiver) = watch::channel(false);
    (StopHandle(sender), Stop(receiver))
}

impl StopHandle {
    /// Gives the signal.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stop {
    /// A signal never given: for callers that run a job until it is aborted.
    pub fn never() -> Self {
        stop_signal().1
    }

    /// Whether the signal has been given.
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the signal is given; never, when its handle is gone without giving it.
    pub async fn stopped(&mut self) {
        if self.0.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
