//! The moderation queue: held messages to publish or remove, and open reports naming what they
//! are about.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::{Dashboard, moderator_only};
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::models::paging::Paging;
use crate::moderation::queue;
use crate::moderation::reports::{self, Resolution};
use crate::moderation::subjects::reported_subjects;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{CsrfForm, Frame};

/// How many held messages and open reports the queue shows.
const SHOWN: u64 = 100;

/// A held message as the queue shows it.
pub struct HeldRow {
    /// Message id.
    pub id: String,
    /// Discussion page.
    pub path: String,
    /// Discussion title.
    pub title: String,
    /// Author's name.
    pub author: String,
    /// Author's id.
    pub author_id: String,
    /// The text, as plain text.
    pub excerpt: String,
    /// Why it is held.
    pub reason: String,
    /// When.
    pub posted_on: String,
}

/// An open report as the queue shows it.
pub struct ReportRow {
    /// Report id.
    pub id: String,
    /// Where the reported thing is.
    pub path: String,
    /// What was reported (reuse, dataset, discussion), in the reader's language.
    pub class: String,
    /// Its title, when it still exists.
    pub title: Option<String>,
    /// The reported message's first words, for a report on a message.
    pub excerpt: Option<String>,
    /// Reason label.
    pub reason: &'static str,
    /// What the reporter said.
    pub message: String,
    /// When.
    pub reported_at: String,
    /// Reported by someone signed in.
    pub signed: bool,
}

/// The queue page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation.html")]
pub struct QueuePage {
    frame: Frame,
    held: Vec<HeldRow>,
    reports: Vec<ReportRow>,
    is_admin: bool,
    /// A held message whose removal was refused, and why, in the reader's words.
    remove_error: Option<(String, &'static str)>,
    /// An account was just deactivated.
    deactivated: bool,
    /// What else waits: broken links, reuses worth featuring.
    dashboard: Dashboard,
}

impl QueuePage {
    fn remove_error_of(&self, id: &str) -> Option<&'static str> {
        self.remove_error
            .as_ref()
            .filter(|(held, _)| held == id)
            .map(|(_, message)| *message)
    }
}

/// `?deactivated=1` after deactivating an account.
#[derive(Deserialize, Default)]
pub struct QueueQuery {
    deactivated: Option<String>,
}

async fn build_queue(req: &Request, state: &AppState, viewer: &Viewer) -> HttpResult<QueuePage> {
    let mut frame = Frame::of(req);
    let here = frame.t("moderation.title");
    frame.crumb(here, None);
    let held = queue::held(state, SHOWN)
        .await?
        .into_iter()
        .map(|item| HeldRow {
            path: format!("/discussions/{}/#m-{}", item.discussion.id, item.message.id),
            title: item.discussion.title,
            author: item
                .author
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            author_id: item.message.posted_by.clone(),
            excerpt: crate::markdown::excerpt(&item.message.content, 400),
            reason: frame.lang.held_reason(item.message.held_reason.as_deref()),
            posted_on: frame.date_time(item.message.posted_on),
            id: item.message.id,
        })
        .collect();
    let open = reports::list_reports(&state.db, true, Paging::new(Some(1), Some(SHOWN))?)
        .await?
        .items;
    let mut subjects = reported_subjects(&state.db, &open).await?;
    let reports = open
        .into_iter()
        .map(|report| {
            let subject = subjects.remove(&report.id);
            ReportRow {
                path: subject
                    .as_ref()
                    .map_or_else(String::new, |subject| subject.path.clone()),
                title: subject.as_ref().map(|subject| subject.title.clone()),
                excerpt: subject.and_then(|subject| subject.excerpt),
                reason: frame.t(&format!("report.reason.{}", report.reason)),
                class: frame
                    .t(&format!("report.class.{}", report.subject_class))
                    .to_owned(),
                message: report.message,
                reported_at: frame.date_time(report.reported_at),
                signed: report.by_id.is_some(),
                id: report.id,
            }
        })
        .collect();
    let dashboard = Dashboard::read(state, &frame).await?;
    Ok(QueuePage {
        dashboard,
        is_admin: viewer.is_admin(),
        frame,
        held,
        reports,
        remove_error: None,
        deactivated: false,
    })
}

/// The moderation queue: held messages and open reports, newest first.
#[handler]
pub async fn queue_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<QueueQuery>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/") {
        return Ok(redirect);
    }
    permissions::can_moderate_content(&viewer)?;
    let mut page = build_queue(req, &state, &viewer).await?;
    page.deactivated = query.deactivated.is_some();
    Ok(page.into_response())
}

/// Approves a held message.
#[handler]
pub async fn approve(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    queue::approve(&state, viewer.require_user()?, &id).await?;
    Ok(Redirect::see_other("/moderation/").into_response())
}

/// What removing a held message sends.
#[derive(Deserialize)]
pub struct RemoveForm {
    csrf_token: Option<String>,
    reason: Option<String>,
}

/// Removes a held message, mailing its author the reason; without one, the queue comes back
/// asking for it beside the message.
#[handler]
pub async fn remove(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<RemoveForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    let reason = form.reason.as_deref().unwrap_or_default();
    match queue::remove(&state, viewer.require_user()?, &id, reason).await {
        Ok(()) => Ok(Redirect::see_other("/moderation/").into_response()),
        Err(AppError::Validation { .. }) => {
            let mut page = build_queue(req, &state, &viewer).await?;
            let message = page.frame.t("community.reason_required");
            page.remove_error = Some((id.0, message));
            Ok(page.with_status(StatusCode::BAD_REQUEST).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// What the report buttons send.
#[derive(Deserialize)]
pub struct ResolveForm {
    csrf_token: Option<String>,
    status: Option<String>,
}

/// Dismisses or handles a report.
#[handler]
pub async fn resolve(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<ResolveForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    let resolution = Resolution::parse(form.status.as_deref().unwrap_or_default())?;
    let report = reports::find_report(&state.db, &id).await?;
    reports::resolve(&state.db, viewer.require_user()?, report, resolution).await?;
    Ok(Redirect::see_other("/moderation/").into_response())
}
