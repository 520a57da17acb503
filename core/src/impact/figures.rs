//! One month of a scope's indicators, and how they add up while the job reads the tables.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::months::{MONTHS, ROLLING, Window};
use crate::models::reuses::kinds::TYPES;

/// Links checked and those that worked at their last check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkShare {
    pub checked: u32,
    pub working: u32,
}

impl LinkShare {
    /// The share that worked, in whole percent; `None` before any check.
    pub fn percent(self) -> Option<u32> {
        percent(self.working, self.checked)
    }

    fn count(&mut self, works: bool) {
        self.checked += 1;
        self.working += u32::from(works);
    }
}

/// `part` of `whole` in whole percent, rounded; `None` when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole)) as u32)
}

/// A scope's indicators for one month, read at the month's end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Public reuses of its data, per type (every type present, zeros included).
    pub reuses_by_type: BTreeMap<String, u32>,
    /// Questions asked in the 12 months to the month's end.
    pub questions: u32,
    /// Those a producer had replied to, or whose answer was marked, by the month's end.
    pub answered: u32,
    /// The median time from those questions to a producer's first reply, in seconds.
    pub median_answer_secs: Option<i64>,
    /// Questions waiting for a producer's answer for more than 7 days at the month's end.
    pub waiting_week: u32,
    /// And for more than 30 days.
    pub waiting_month: u32,
    /// People following it (for the site: every follow of a dataset, reuse or organization).
    pub followers: u32,
    /// Its reuses' links (and its datasets' files), as last seen during the month.
    pub reuse_links: LinkShare,
    pub resource_links: LinkShare,
}

impl Figures {
    /// Public reuses of every type.
    pub fn reuses(&self) -> u32 {
        self.reuses_by_type.values().sum()
    }

    /// The share of questions answered, in whole percent; `None` when nobody asked.
    pub fn answered_percent(&self) -> Option<u32> {
        percent(self.answered, self.questions)
    }
}

/// A question as the indicators read it.
#[derive(Clone, Copy, Debug)]
pub struct Question {
    pub asked: DateTime<Utc>,
    /// A producer's first reply.
    pub replied: Option<DateTime<Utc>>,
    /// When it counts as answered: the first reply, or else when its answer was marked.
    pub answered: Option<DateTime<Utc>>,
    pub closed: Option<DateTime<Utc>>,
}

/// What one scope's months add up to while the job reads the tables.
#[derive(Clone, Debug)]
pub struct Tally {
    reuses: [[u32; TYPES.len()]; MONTHS],
    questions: [u32; MONTHS],
    answered: [u32; MONTHS],
    delays: [Vec<i64>; MONTHS],
    waiting_week: [u32; MONTHS],
    waiting_month: [u32; MONTHS],
    followers: [u32; MONTHS],
    reuse_links: LinkShare,
    resource_links: LinkShare,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            reuses: [[0; TYPES.len()]; MONTHS],
            questions: [0; MONTHS],
            answered: [0; MONTHS],
            delays: Default::default(),
            waiting_week: [0; MONTHS],
            waiting_month: [0; MONTHS],
            followers: [0; MONTHS],
            reuse_links: LinkShare::default(),
            resource_links: LinkShare::default(),
        }
    }
}

impl Tally {
    /// A reuse of type `kind` (an index in [`TYPES`]) counted from `since` on.
    pub fn reuse(&mut self, window: &Window, kind: usize, since: DateTime<Utc>) {
        for month in &mut self.reuses[window.first_counting(since)..] {
            month[kind] += 1;
        }
    }

    /// A follow made at `since`.
    pub fn follow(&mut self, window: &Window, since: DateTime<Utc>) {
        for month in &mut self.followers[window.first_counting(since)..] {
            *month += 1;
        }
    }

    /// A reuse's link as last checked.
    pub fn reuse_link(&mut self, works: bool) {
        self.reuse_links.count(works);
    }

    /// `count` resource links as last checked, which worked or not.
    pub fn resource_links(&mut self, works: bool, count: u32) {
        for _ in 0..count {
            self.resource_links.count(works);
        }
    }

    /// A question, in each month it counts in.
    pub fn question(&mut self, window: &Window, question: &Question) {
        let first = window.first_counting(question.asked);
        for (month, end) in window.ends().iter().enumerate().skip(first) {
            let end = *end;
            let answered_by_end = question.answered.is_some_and(|at| at < end);
            if question.asked > end - ROLLING {
                self.questions[month] += 1;
                self.answered[month] += u32::from(answered_by_end);
                if let Some(replied) = question.replied.filter(|at| *at < end) {
                    self.delays[month].push((replied - question.asked).num_seconds().max(0));
                }
            }
            let open_at_end = !answered_by_end && question.closed.is_none_or(|at| at >= end);
            if open_at_end && question.asked < end - chrono::Duration::days(7) {
                self.waiting_week[month] += 1;
                if question.asked < end - chrono::Duration::days(30) {
                    self.waiting_month[month] += 1;
                }
            }
        }
    }

    /// The months' figures, oldest first. Links are the current month's only.
    pub fn into_figures(mut self) -> [Figures; MONTHS] {
        std::array::from_fn(|month| Figures {
            reuses_by_type: TYPES
                .iter()
                .zip(self.reuses[month])
                .map(|((kind, _), count)| ((*kind).to_owned(), count))
                .collect(),
            questions: self.questions[month],
            answered: self.answered[month],
            median_answer_secs: median(&mut self.delays[month]),
            waiting_week: self.waiting_week[month],
            waiting_month: self.waiting_month[month],
            followers: self.followers[month],
            reuse_links: if month == MONTHS - 1 {
                self.reuse_links
            } else {
                LinkShare::default()
            },
            resource_links: if month == MONTHS - 1 {
                self.resource_links
            } else {
                LinkShare::default()
            },
        })
    }
}

/// Every reuse type, with no reuse.
pub fn every_type_zero() -> BTreeMap<String, u32> {
    TYPES
        .iter()
        .map(|(kind, _)| ((*kind).to_owned(), 0))
        .collect()
}

/// The median of `values` (sorted in place), the mean of the middle two when there are two.
pub fn median(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[n / 2]),
        n => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(month: u32, day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_question_waits_then_is_answered_and_counts_in_the_rolling_year() {
        let window = Window::ending(at(12, 15));
        let mut tally = Tally::default();
        tally.question(
            &window,
            &Question {
                asked: at(9, 1),
                replied: Some(at(11, 2)),
                answered: Some(at(11, 2)),
                closed: None,
            },
        );
        let months = tally.into_figures();
        // September (index 8): asked, not answered, waiting less than 30 days at its end.
        assert_eq!(months[8].questions, 1);
        assert_eq!(months[8].answered, 0);
        assert_eq!((months[8].waiting_week, months[8].waiting_month), (1, 0));
        // October: still waiting, now for more than 30 days.
        assert_eq!((months[9].waiting_week, months[9].waiting_month), (1, 1));
        assert_eq!(months[9].median_answer_secs, None);
        // November: answered, after 62 days.
        assert_eq!((months[10].waiting_week, months[10].waiting_month), (0, 0));
        assert_eq!(months[10].answered_percent(), Some(100));
        assert_eq!(
            months[10].median_answer_secs,
            Some(Duration::days(62).num_seconds())
        );
        assert_eq!(months[7].questions, 0);
    }

    #[test]
    fn reuses_and_followers_accumulate_and_links_are_the_current_months() {
        let window = Window::ending(at(12, 15));
        let mut tally = Tally::default();
        tally.reuse(&window, 1, at(3, 1));
        tally.reuse(&window, 1, at(11, 30));
        tally.follow(&window, at(6, 1));
        tally.reuse_link(true);
        tally.reuse_link(false);
        let months = tally.into_figures();
        assert_eq!(months[1].reuses(), 0);
        assert_eq!(months[2].reuses(), 1);
        assert_eq!(months[11].reuses_by_type["application"], 2);
        assert_eq!(months[4].followers, 0);
        assert_eq!(months[5].followers, 1);
        assert_eq!(months[11].reuse_links.percent(), Some(50));
        assert_eq!(months[10].reuse_links.percent(), None);
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [4, 1]), Some(2));
        assert_eq!(median(&mut []), None);
    }
}
