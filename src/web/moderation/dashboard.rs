//! The top of the animators' page: what waits for them besides held messages and reports, each
//! with its action — reuses whose links broke, new reuses worth featuring.

use crate::error::HttpResult;
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

/// The dashboard's sections.
pub struct Dashboard {
    /// The longest broken reuses.
    pub broken: Vec<BrokenRow>,
    /// How many reuses are broken.
    pub broken_total: u64,
    /// New reuses worth featuring.
    pub candidates: Vec<Candidate>,
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
        Ok(Self {
            broken,
            broken_total: page.total,
            candidates,
        })
    }
}
