//! What a link's checks add up to. One failed visit says little (a server restarting, a
//! network hiccup): a link is broken after [`FAILURES_TO_BREAK`] failed checks spread over at
//! least [`BREAK_SPAN`], checked at most once per [`RECHECK_AFTER`]. A visit that works clears
//! everything, silently.

use chrono::{DateTime, TimeDelta, Utc};

use super::probe::Verdict;

/// Failed checks in a row before a link is broken.
pub const FAILURES_TO_BREAK: i32 = 3;

/// The least time between the first and the last of those failures: 48 hours.
pub const BREAK_SPAN: TimeDelta = TimeDelta::hours(48);

/// How long after a check the link is checked again: a day.
pub const RECHECK_AFTER: TimeDelta = TimeDelta::hours(24);

/// Where a link stands, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Never checked.
    Unknown,
    /// The last check worked.
    Works,
    /// Failing, not yet long enough to be called broken.
    Failing,
    /// Broken: shown to its owner and to animators.
    Broken,
}

impl LinkState {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Works => "works",
            Self::Failing => "failing",
            Self::Broken => "broken",
        }
    }

    /// The state a stored word names (`unknown` for anything else).
    pub fn parse(text: &str) -> Self {
        match text {
            "works" => Self::Works,
            "failing" => Self::Failing,
            "broken" => Self::Broken,
            _ => Self::Unknown,
        }
    }
}

/// A link's record between checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Health {
    /// Where it stands.
    pub state: LinkState,
    /// Failed checks since the last one that worked.
    pub failures: i32,
    /// When the first of those failed.
    pub failing_since: Option<DateTime<Utc>>,
    /// When its owner was told it is broken (once per breakage).
    pub owner_told_at: Option<DateTime<Utc>>,
}

impl Default for Health {
    fn default() -> Self {
        Self {
            state: LinkState::Unknown,
            failures: 0,
            failing_since: None,
            owner_told_at: None,
        }
    }
}

/// What a check changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The record after the check.
    pub health: Health,
    /// The link just became broken: tell its owner (once).
    pub tell_owner: bool,
    /// The link was broken and works again.
    pub recovered: bool,
    /// When to check it next.
    pub next_check_at: DateTime<Utc>,
}

impl Health {
    /// The record after a check that ended with `verdict` at `now`.
    pub fn after(self, verdict: Verdict, now: DateTime<Utc>) -> Change {
        let next_check_at = now + RECHECK_AFTER;
        let unchanged = Change {
            health: self,
            tell_owner: false,
            recovered: false,
            next_check_at,
        };
        match verdict {
            Verdict::Unknown => unchanged,
            Verdict::Works => Change {
                health: Health {
                    state: LinkState::Works,
                    ..Health::default()
                },
                recovered: self.state == LinkState::Broken,
                ..unchanged
            },
            Verdict::Fails => {
                let failures = self.failures.saturating_add(1);
                let since = self.failing_since.unwrap_or(now);
                let broken = self.state == LinkState::Broken
                    || (failures >= FAILURES_TO_BREAK && now - since >= BREAK_SPAN);
                let tell_owner = broken && self.owner_told_at.is_none();
                Change {
                    health: Health {
                        state: if broken {
                            LinkState::Broken
                        } else {
                            LinkState::Failing
                        },
                        failures,
                        failing_since: Some(since),
                        owner_told_at: if tell_owner {
                            Some(now)
                        } else {
                            self.owner_told_at
                        },
                    },
                    tell_owner,
                    ..unchanged
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000 + n)
    }

    #[test]
    fn three_failures_over_two_days_break_a_link_and_tell_its_owner_once() {
        let mut health = Health::default();
        for n in 0..2 {
            let change = health.after(Verdict::Fails, day(n));
            assert_eq!(change.health.state, LinkState::Failing);
            assert!(!change.tell_owner);
            health = change.health;
        }
        let broken = health.after(Verdict::Fails, day(2));
        assert_eq!(broken.health.state, LinkState::Broken);
        assert!(broken.tell_owner);
        assert_eq!(broken.next_check_at, day(3));
        let still = broken.health.after(Verdict::Fails, day(3));
        assert_eq!(still.health.state, LinkState::Broken);
        assert!(!still.tell_owner, "told twice");
    }

    #[test]
    fn three_failures_within_hours_are_not_enough() {
        let mut health = Health::default();
        for hour in 0..5 {
            health = health
                .after(Verdict::Fails, day(0) + TimeDelta::hours(hour))
                .health;
        }
        assert_eq!(health.state, LinkState::Failing);
        assert_eq!(health.failures, 5);
    }

    #[test]
    fn a_link_that_works_again_is_cleared_and_can_be_told_again_later() {
        let mut health = Health::default();
        for n in 0..3 {
            health = health.after(Verdict::Fails, day(n)).health;
        }
        let back = health.after(Verdict::Works, day(3));
        assert!(back.recovered);
        assert!(!back.tell_owner);
        assert_eq!(
            back.health,
            Health {
                state: LinkState::Works,
                ..Health::default()
            }
        );
        let mut again = back.health;
        for n in 10..13 {
            let change = again.after(Verdict::Fails, day(n));
            again = change.health;
            assert_eq!(change.tell_owner, n == 12);
        }
    }

    #[test]
    fn an_unclear_answer_changes_nothing() {
        let failing = Health::default().after(Verdict::Fails, day(0)).health;
        let change = failing.after(Verdict::Unknown, day(1));
        assert_eq!(change.health, failing);
        assert!(!change.tell_owner && !change.recovered);
    }
}
