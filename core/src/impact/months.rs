//! The twelve months a trend covers: the current one, to now, and the eleven before it, each
//! read at its end.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

/// Months in a trend.
pub const MONTHS: usize = 12;

/// How far back a month's rolling figures (questions answered, time to answer) look.
pub const ROLLING: Duration = Duration::days(365);

/// The months of a trend, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// `YYYY-MM`.
    labels: [String; MONTHS],
    /// When each month ends: the first instant of the next one, or now for the current one.
    ends: [DateTime<Utc>; MONTHS],
}

impl Window {
    /// The twelve months ending with `now`'s.
    pub fn ending(now: DateTime<Utc>) -> Self {
        let current = first_of_month(now.year(), now.month());
        let mut labels: [String; MONTHS] = Default::default();
        let mut ends = [now; MONTHS];
        for back in 0..MONTHS {
            let index = MONTHS - 1 - back;
            let start = months_before(current, back);
            labels[index] = format!("{:04}-{:02}", start.year(), start.month());
            if back > 0 {
                ends[index] = months_before(current, back - 1);
            }
        }
        Self { labels, ends }
    }

    /// The months' `YYYY-MM` labels, oldest first.
    pub fn labels(&self) -> &[String; MONTHS] {
        &self.labels
    }

    /// When each month ends, oldest first (the current month's end is now).
    pub fn ends(&self) -> &[DateTime<Utc>; MONTHS] {
        &self.ends
    }

    /// The current month's label.
    pub fn current(&self) -> &str {
        &self.labels[MONTHS - 1]
    }

    /// The first month with any of `at` in it or after: the months an event at `at` counts
    /// in, as the index of the first (`MONTHS` when it is after now).
    pub fn first_counting(&self, at: DateTime<Utc>) -> usize {
        self.ends.partition_point(|end| *end <= at)
    }
}

/// Midnight UTC on the first of `month` of `year`.
fn first_of_month(year: i32, month: u32) -> DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// The first of the month `back` months before `start` (itself a first of a month).
fn months_before(start: DateTime<Utc>, back: usize) -> DateTime<Utc> {
    let index = start.year() * 12 + start.month0() as i32 - back as i32;
    first_of_month(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_end_with_the_current_one_and_cross_the_year() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 8, 0, 0).unwrap();
        let window = Window::ending(now);
        assert_eq!(window.labels()[0], "2025-03");
        assert_eq!(window.labels()[10], "2026-01");
        assert_eq!(window.current(), "2026-02");
        assert_eq!(window.ends()[11], now);
        assert_eq!(
            window.ends()[10],
            Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap()
        );
        assert_eq!(
            window.ends()[0],
            Utc.with_ymd_and_hms(2025, 4, 1, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn an_event_counts_from_its_own_month_on() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 8, 0, 0).unwrap();
        let window = Window::ending(now);
        let in_january = Utc.with_ymd_and_hms(2026, 1, 31, 23, 0, 0).unwrap();
        assert_eq!(window.first_counting(in_january), 10);
        let long_ago = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(window.first_counting(long_ago), 0);
        assert_eq!(window.first_counting(now), MONTHS);
    }
}
