//! Producers who answer: who hears a new question first, and where a question goes when no
//! producer answers it.
//!
//! A question about a dataset with a steward goes to the steward alone (besides watchers and
//! followers); otherwise to every producer. A question still without a producer's answer
//! `VITRINE_ESCALATE_DAYS` after it was asked goes to the organization's admins; after twice
//! that, to the community animators (moderators and site admins), who also find it in
//! [`escalated_questions`]. Each step happens once: the `escalations` row of a question and a
//! level is written in the transaction that tells people, and its primary key refuses a second
//! one, whatever the number of workers. [`schedule`] runs the steps every few minutes by
//! [`AppState::clock`], which tests move forward.

mod due;
mod lists;

use std::collections::HashSet;
use std::time::Duration;

pub use due::{Escalated, escalate_due};
pub use lists::{AwaitingQuestion, EscalatedQuestion, awaiting_answer, escalated_questions};

use sea_orm::ConnectionTrait;

use crate::error::AppResult;
use crate::models::datasets::stewards::steward_in;
use crate::models::discussions::{Subject, SubjectClass, producers};
use crate::notifications::Notifier;
use crate::state::AppState;

/// How often the scheduled job looks for questions due.
const EVERY: Duration = Duration::from_secs(5 * 60);

/// How far a question went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// To the admins of the organization publishing its subject.
    Admins,
    /// To the community animators.
    Animators,
}

impl Level {
    /// Both, in the order they come.
    pub const ALL: [Level; 2] = [Self::Admins, Self::Animators];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admins => "admins",
            Self::Animators => "animators",
        }
    }

    /// Days without a producer's answer before a question reaches this level, `days` being
    /// `VITRINE_ESCALATE_DAYS`.
    pub fn after_days(self, days: i64) -> i64 {
        match self {
            Self::Admins => days,
            Self::Animators => days.saturating_mul(2),
        }
    }
}

/// Who hears of a new question on `subject` as its producers: the dataset's steward alone,
/// while a member of its organization; else every producer.
pub async fn first_to_hear(
    db: &impl ConnectionTrait,
    subject: &Subject,
) -> AppResult<HashSet<String>> {
    if subject.class == SubjectClass::Dataset
        && let Some(org) = &subject.organization_id
        && let Some(steward) = steward_in(db, &subject.id, org).await?
    {
        return Ok(HashSet::from([steward.id]));
    }
    producers(db, subject).await
}

/// One run of the job: the questions due at `app.clock`'s now, escalated.
pub async fn run(app: &AppState) -> AppResult<Escalated> {
    let notifier = Notifier::of(&app.config);
    escalate_due(
        &app.db,
        &notifier,
        app.config.escalate_days,
        app.clock.now(),
    )
    .await
}

/// The scheduled job, started by `vitrine serve` and `vitrine worker`: a run every few
/// minutes, until the process ends. The first waits a full period, so that a process starting
/// does no more than serve.
pub async fn schedule(app: AppState) {
    loop {
        tokio::time::sleep(EVERY).await;
        match run(&app).await {
            Ok(done) if done.admins + done.animators > 0 => tracing::info!(
                admins = done.admins,
                animators = done.animators,
                "unanswered questions escalated"
            ),
            Ok(_) => {}
            Err(err) => tracing::error!(error = %err, "escalation of unanswered questions failed"),
        }
    }
}
