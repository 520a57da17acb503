//! "Awaiting your answer" on `/me/`: the questions about what the reader publishes that no
//! producer has answered yet, oldest first, with how long each has waited.

use crate::error::AppResult;
use crate::escalation::awaiting_answer;
use crate::state::AppState;
use crate::web::Frame;

/// Most questions `/me/` lists.
const AWAITING: u64 = 50;

/// A question waiting, as `/me/` lists it.
pub struct AwaitingItem {
    /// Its page.
    pub path: String,
    /// Its title.
    pub title: String,
    /// The title of the dataset or reuse it is about.
    pub subject: String,
    /// Who asked.
    pub author: String,
    /// When, as the reader reads dates.
    pub asked: String,
    /// How long it has waited, in words (« depuis 3 jours »).
    pub waited: String,
}

/// The questions awaiting an answer from `user_id`, for `frame`'s reader; their wait is
/// counted by the jobs' clock, as escalation counts it.
pub async fn awaiting_items(
    state: &AppState,
    user_id: &str,
    frame: &Frame,
) -> AppResult<Vec<AwaitingItem>> {
    let now = state.clock.now();
    Ok(awaiting_answer(&state.db, user_id, AWAITING)
        .await?
        .into_iter()
        .map(|question| {
            let discussion = question.discussion;
            let days = u64::try_from((now - discussion.created).num_days()).unwrap_or_default();
            AwaitingItem {
                path: format!("/discussions/{}/", discussion.id),
                title: discussion.title,
                subject: question.subject,
                author: question.author,
                asked: frame.date(discussion.created),
                waited: frame.t_args("stewards.waiting", &[("days", days.into())]),
            }
        })
        .collect())
}
