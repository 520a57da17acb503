//! How quickly an organization answers the questions about what it publishes: the share of
//! questions a producer answered, and the median time to a producer's first reply.

use chrono::{DateTime, Duration, Utc};
use entity::discussions;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::list::subjects_of_organization;
use crate::error::AppResult;

/// The most recent questions the figures are drawn from: enough for any organization's year,
/// and a bound on what one page reads.
pub const MAX_QUESTIONS: u64 = 5_000;

/// A question as the figures read it: when it was asked, when a producer first replied, and
/// its marked answer.
type Question = (DateTime<Utc>, Option<DateTime<Utc>>, Option<String>);

/// An organization's answers to the questions asked since a date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responsiveness {
    /// Questions asked about its datasets and reuses (held ones left out).
    pub asked: u64,
    /// Those a producer replied to, or whose answer is marked.
    pub answered: u64,
    /// The median time from a question to a producer's first reply, when one replied.
    pub median_first_reply: Option<Duration>,
}

impl Responsiveness {
    /// The share of questions answered, in whole percent; `None` when nobody asked.
    pub fn answered_percent(&self) -> Option<u64> {
        (self.asked > 0).then(|| (self.answered * 100 + self.asked / 2) / self.asked)
    }
}

/// The answers of organization `org_id` to the questions asked about its datasets and reuses
/// since `since`.
///
/// Cost: one query, bounded to the organization: its datasets and reuses come from their
/// `organization_id` indexes, their discussions from the `(subject_class, subject_id)` index,
/// and only three columns of at most [`MAX_QUESTIONS`] rows are read; the median is taken
/// here. Nothing is counted over the whole table.
pub async fn responsiveness(
    db: &impl ConnectionTrait,
    org_id: &str,
    since: DateTime<Utc>,
) -> AppResult<Responsiveness> {
    let rows: Vec<Question> = discussions::Entity::find()
        .select_only()
        .column(discussions::Column::Created)
        .column(discussions::Column::FirstAnsweredAt)
        .column(discussions::Column::AnswerId)
        .filter(subjects_of_organization(org_id))
        .filter(discussions::Column::HeldReason.is_null())
        .filter(discussions::Column::Created.gte(since))
        .order_by_desc(discussions::Column::Created)
        .limit(MAX_QUESTIONS)
        .into_tuple()
        .all(db)
        .await?;
    Ok(summarize(&rows))
}

/// The figures of questions given as (asked, first producer reply, marked answer).
fn summarize(rows: &[Question]) -> Responsiveness {
    let mut delays: Vec<Duration> = rows
        .iter()
        .filter_map(|(asked, replied, _)| {
            replied.map(|replied| (replied - *asked).max(Duration::zero()))
        })
        .collect();
    delays.sort();
    let median_first_reply = match delays.len() {
        0 => None,
        n if n % 2 == 1 => Some(delays[n / 2]),
        n => Some((delays[n / 2 - 1] + delays[n / 2]) / 2),
    };
    Responsiveness {
        asked: rows.len() as u64,
        answered: rows
            .iter()
            .filter(|(_, replied, answer)| replied.is_some() || answer.is_some())
            .count() as u64,
        median_first_reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(hours_to_reply: Option<i64>, marked: bool) -> Question {
        let asked = DateTime::<Utc>::UNIX_EPOCH;
        (
            asked,
            hours_to_reply.map(|hours| asked + Duration::hours(hours)),
            marked.then(|| "answer".to_owned()),
        )
    }

    #[test]
    fn the_median_is_that_of_the_replies_and_the_share_counts_marked_answers() {
        let figures = summarize(&[
            question(Some(2), false),
            question(Some(10), true),
            question(Some(4), false),
            question(None, true),
            question(None, false),
        ]);
        assert_eq!(figures.asked, 5);
        assert_eq!(figures.answered, 4);
        assert_eq!(figures.answered_percent(), Some(80));
        assert_eq!(figures.median_first_reply, Some(Duration::hours(4)));
        let even = summarize(&[question(Some(2), false), question(Some(5), false)]);
        assert_eq!(even.median_first_reply, Some(Duration::minutes(210)));
    }

    #[test]
    fn nobody_asking_gives_no_share() {
        let figures = summarize(&[]);
        assert_eq!(figures.answered_percent(), None);
        assert_eq!(figures.median_first_reply, None);
    }
}
