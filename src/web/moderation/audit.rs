//! The audit log: every act of moderators and administrators, told in the reader's words.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};

use super::moderator_only;
use crate::error::HttpResult;
use crate::models::paging::Paging;
use crate::moderation::audit;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::Frame;

/// An entry of the log as the page shows it.
pub struct AuditRow {
    /// When, as the reader reads dates.
    pub at: String,
    /// Who did it.
    pub actor: String,
    /// What was done, in words.
    pub action: String,
    /// What it was done to: its kind in words, and its name when the entry kept one.
    pub target: String,
}

/// The audit log page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_audit.html")]
pub struct AuditPage {
    frame: Frame,
    entries: Vec<AuditRow>,
}

/// The audit log, for admins.
#[handler]
pub async fn audit_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/audit") {
        return Ok(redirect);
    }
    permissions::can_administer(&viewer)?;
    let mut frame = Frame::of(req);
    let (above, here) = (frame.t("moderation.title"), frame.t("moderation.audit"));
    frame.crumb(above, Some("/moderation/")).crumb(here, None);
    let entries = audit::entries(&state.db, Paging::new(Some(1), Some(100))?)
        .await?
        .items
        .into_iter()
        .map(|(entry, actor)| AuditRow {
            at: frame.date_time(entry.at),
            actor: actor.map(|a| a.name).unwrap_or_default(),
            action: frame.lang.audit_action(&entry.action),
            target: frame.lang.audit_target(&entry.target_class, &entry.summary),
        })
        .collect();
    Ok(AuditPage { frame, entries }.into_response())
}
