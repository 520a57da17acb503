//! The top of the animators' page: what waits for them besides held messages and reports, each
//! with its action — reuses whose links broke, new reuses worth featuring, and the searches that
//! found nothing (data people look for), each a data request in one click.

use crate::cache::search_misses::{Scope, top_misses};
use crate::error::HttpResult;
use crate::escalation::escalated_questions;
use crate::linkcheck::report::broken_reuses;
use crate::models::paging::Paging;
use crate::moderation::candidates::worth_featuring;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::gallery::cover;
use crate::web::link_health::reason_words;

use super::BrokenRow;

/// Items each section shows; the full lists are a link away.
const SHOWN: u64 = 5;

/// Searches that found nothing shown, per list searched.
const MISSES: u64 = 10;

/// Searches a query must have found nothing in to be listed: one visitor's one search (a name,
/// a word typed to be seen) is not shown.
const MISS_LEAST: i64 = 2;

/// The weeks whose searches that found nothing are added up.
const MISS_WEEKS: i64 = 4;

/// A reuse the dashboard proposes to feature.
pub struct Candidate {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// Its thumbnail (or generated cover).
    pub thumbnail: String,
    /// Followers and views, in words.
    pub facts: String,
}

/// A search that found nothing, as the dashboard lists it.
pub struct MissRow {
    /// The normalized query.
    pub query: String,
    /// Where it was searched, in words.
    pub scope: &'static str,
    /// How many times in the last four weeks.
    pub searches: i64,
    /// The data request form, its title filled in with the query.
    pub request_href: String,
}

/// A question sent to the animators because no producer answered it.
pub struct EscalatedRow {
    /// The discussion's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// What it is about.
    pub subject: String,
    /// Who asked.
    pub author: String,
    /// How long it has waited, in words.
    pub waited: String,
}

/// The dashboard's sections.
pub struct Dashboard {
    /// Questions no producer answered, sent to the animators.
    pub escalated: Vec<EscalatedRow>,
    /// The longest broken reuses.
    pub broken: Vec<BrokenRow>,
    /// How many reuses are broken.
    pub broken_total: u64,
    /// New reuses worth featuring.
    pub candidates: Vec<Candidate>,
    /// The searches that found nothing most often lately.
    pub misses: Vec<MissRow>,
}

impl Dashboard {
    /// Reads the sections for `frame`'s reader.
    pub async fn read(state: &AppState, frame: &Frame) -> HttpResult<Self> {
        let page = broken_reuses(&state.db, Paging::new(Some(1), Some(SHOWN))?).await?;
        let broken = page
            .items
            .iter()
            .map(|(link, reuse)| BrokenRow {
                id: reuse.id.clone(),
                title: reuse.title.clone(),
                path: format!("/reuses/{}/", reuse.slug),
                url: link.url.clone(),
                since: link
                    .failing_since
                    .map(|at| frame.date(at))
                    .unwrap_or_default(),
                reason: reason_words(frame, link.last_reason.as_deref().unwrap_or_default()),
            })
            .collect();
        let candidates = worth_featuring(&state.db, state.clock.now(), SHOWN)
            .await?
            .iter()
            .map(|reuse| Candidate {
                id: reuse.id.clone(),
                title: reuse.title.clone(),
                path: format!("/reuses/{}/", reuse.slug),
                thumbnail: cover(reuse),
                facts: format!(
                    "{} · {}",
                    frame.count(reuse.followers, "dashboard.followers"),
                    frame.count(reuse.views, "dashboard.views")
                ),
            })
            .collect();
        let misses = search_misses(state, frame, MISS_LEAST).await?;
        let now = state.clock.now();
        let escalated = escalated_questions(&state.db, SHOWN)
            .await?
            .into_iter()
            .map(|sent| {
                let question = sent.question;
                let days = (now - question.discussion.created).num_days().max(0);
                EscalatedRow {
                    path: format!("/discussions/{}/", question.discussion.id),
                    id: question.discussion.id,
                    title: question.discussion.title,
                    subject: question.subject,
                    author: question.author,
                    waited: frame.count(days, "dashboard.days_waiting"),
                }
            })
            .collect();
        Ok(Self {
            escalated,
            broken,
            broken_total: page.total,
            candidates,
            misses,
        })
    }
}

/// The searches that found nothing most often in the last four weeks, at least `least` times,
/// in each list searched, each with the data request form it can become.
pub async fn search_misses(
    state: &AppState,
    frame: &Frame,
    least: i64,
) -> HttpResult<Vec<MissRow>> {
    let mut misses = Vec::new();
    let now = state.clock.now();
    for (scope, label) in [
        (Scope::Datasets, "dashboard.in_datasets"),
        (Scope::Reuses, "dashboard.in_reuses"),
    ] {
        for miss in top_misses(&state.db, scope, now, MISS_WEEKS, least, MISSES).await? {
            let title: String =
                url::form_urlencoded::byte_serialize(miss.query.as_bytes()).collect();
            misses.push(MissRow {
                request_href: format!("/data-requests/new?title={title}"),
                query: miss.query,
                scope: frame.t(label),
                searches: miss.searches,
            });
        }
    }
    Ok(misses)
}
