//! The time written into rows, and the clock the scheduled jobs read.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

/// Now, to the microsecond: the precision PostgreSQL keeps and udata's timestamps carry, so a
/// time reads the same from SQLite, from PostgreSQL and in the API.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The clock of the jobs that wait days (link checks, escalation, trends): the real time, moved
/// forward by an offset that only tests set, so that "after 48 hours" runs in a second. Shared
/// by every clone of the application's state.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// Now, as this clock reads it.
    pub fn now(&self) -> DateTime<Utc> {
        now() + TimeDelta::microseconds(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Moves this clock forward by `by` (tests).
    pub fn advance(&self, by: TimeDelta) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX);
        self.offset_micros.fetch_add(micros, Ordering::Relaxed);
    }
}
