//! The time written into rows.

use chrono::{DateTime, SubsecRound, Utc};

/// Now, to the microsecond: the precision PostgreSQL keeps and udata's timestamps carry, so a
/// time reads the same from SQLite, from PostgreSQL and in the API.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
