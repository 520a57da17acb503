//! Moderation pages: the queue (held messages and open reports), the showcase order, the audit
//! log, and the report form anyone can use.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::models::paging::Paging;
use crate::models::reuses::write::featured_order;
use crate::moderation::reports::{self, NewReport, REASONS, Resolution};
use crate::moderation::{audit, curation, queue};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{CsrfForm, Frame, sign_in_first};

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
}

fn moderator_only(viewer: &Viewer, here: &str) -> Option<Response> {
    viewer.user.is_none().then(|| sign_in_first(here))
}

/// The moderation queue: held messages and open reports, newest first.
#[handler]
pub async fn queue_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/") {
        return Ok(redirect);
    }
    permissions::can_moderate_content(&viewer)?;
    let frame = Frame::of(req);
    let held = queue::held(&state, 100)
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
    let reports = reports::list_reports(&state.db, true, Paging::new(Some(1), Some(100))?)
        .await?
        .items
        .into_iter()
        .map(|report| ReportRow {
            path: match report.subject_class.as_str() {
                "Reuse" => format!("/reuses/{}/", report.subject_id),
                "Dataset" => format!("/datasets/{}/", report.subject_id),
                _ => format!(
                    "/discussions/{}/{}",
                    report.subject_id,
                    report
                        .subject_embed_id
                        .as_deref()
                        .map(|m| format!("#m-{m}"))
                        .unwrap_or_default()
                ),
            },
            reason: frame.t(&format!("report.reason.{}", report.reason)),
            class: frame
                .t(&format!("report.class.{}", report.subject_class))
                .to_owned(),
            message: report.message,
            reported_at: frame.date_time(report.reported_at),
            signed: report.by_id.is_some(),
            id: report.id,
        })
        .collect();
    Ok(QueuePage {
        is_admin: viewer.is_admin(),
        frame,
        held,
        reports,
    }
    .into_response())
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

/// Removes a held message, mailing its author the reason.
#[handler]
pub async fn remove(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<RemoveForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    let reason = form.reason.as_deref().unwrap_or_default();
    queue::remove(&state, viewer.require_user()?, &id, reason).await?;
    Ok(Redirect::see_other("/moderation/").into_response())
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

/// Deactivates an account from the queue.
#[handler]
pub async fn deactivate(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_moderate_content(&viewer)?;
    queue::deactivate(&state, &viewer, &id).await?;
    Ok(Redirect::see_other("/moderation/").into_response())
}

/// The showcase order page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_featured.html")]
pub struct FeaturedPage {
    frame: Frame,
    featured: Vec<(String, String, String)>,
}

/// Lists the featured reuses in home-page order, with move up / down.
#[handler]
pub async fn featured_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/featured") {
        return Ok(redirect);
    }
    permissions::can_curate(&viewer)?;
    let featured = featured_order(&state.db)
        .await?
        .into_iter()
        .map(|reuse| (reuse.id, reuse.title, format!("/reuses/{}/", reuse.slug)))
        .collect();
    Ok(FeaturedPage {
        frame: Frame::of(req),
        featured,
    }
    .into_response())
}

/// Features a reuse, moves a featured one up, down or to the top, or takes it out of the
/// showcase.
#[handler]
pub async fn featured_action(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, action)): Path<(String, String)>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_curate(&viewer)?;
    let moderator = viewer.require_user()?;
    match action.as_str() {
        "up" => {
            curation::move_one(&state, moderator, &id, true).await?;
        }
        "down" => {
            curation::move_one(&state, moderator, &id, false).await?;
        }
        "top" => {
            curation::move_to_top(&state, moderator, &id).await?;
        }
        "feature" => {
            curation::feature(&state, moderator, &id, true).await?;
        }
        "unfeature" => {
            curation::feature(&state, moderator, &id, false).await?;
        }
        _ => return Err(AppError::NotFound(format!("no action {action:?}")).into()),
    }
    Ok(Redirect::see_other(format!("/moderation/featured#f-{id}")).into_response())
}

/// The audit log page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_audit.html")]
pub struct AuditPage {
    frame: Frame,
    entries: Vec<(String, String, String, String, String)>,
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
    let frame = Frame::of(req);
    let entries = audit::entries(&state.db, Paging::new(Some(1), Some(100))?)
        .await?
        .items
        .into_iter()
        .map(|(entry, actor)| {
            (
                frame.date_time(entry.at),
                actor.map(|a| a.name).unwrap_or_default(),
                frame.lang.audit_action(&entry.action),
                format!("{} {}", entry.target_class, entry.target_id),
                entry.summary,
            )
        })
        .collect();
    Ok(AuditPage { frame, entries }.into_response())
}

/// The report page.
#[derive(Template, WebTemplate)]
#[template(path = "report.html")]
pub struct ReportPage {
    frame: Frame,
    form: ReportForm,
    reasons: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
    done: bool,
}

impl ReportPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|messages| {
            messages
                .iter()
                .map(|message| self.frame.lang.field_message(message))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    fn chosen(&self, reason: &str) -> bool {
        self.form.reason.as_deref() == Some(reason)
    }
}

/// What the report form shows and sends.
#[derive(Deserialize, Default, Clone)]
pub struct ReportForm {
    csrf_token: Option<String>,
    class: Option<String>,
    id: Option<String>,
    embed: Option<String>,
    reason: Option<String>,
    message: Option<String>,
}

fn report_page(req: &Request, form: ReportForm, errors: FieldErrors, done: bool) -> ReportPage {
    let frame = Frame::of(req);
    let reasons = REASONS
        .iter()
        .filter(|reason| **reason != "auto_spam")
        .map(|reason| (*reason, frame.t(&format!("report.reason.{reason}"))))
        .collect();
    ReportPage {
        frame,
        form,
        reasons,
        errors,
        done,
    }
}

/// The report form for `?class=…&id=…[&embed=…]`; anonymous visitors may report.
#[handler]
pub fn report_form(req: &Request, query: Query<ReportForm>) -> ReportPage {
    report_page(req, query.0, FieldErrors::new(), false)
}

/// Sends a report; errors come back beside their fields.
#[handler]
pub async fn send_report(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<ReportForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let new = NewReport {
        class: form.class.clone(),
        id: form.id.clone(),
        embed_id: form.embed.clone().filter(|embed| !embed.is_empty()),
        reason: form.reason.clone(),
        message: form.message.clone(),
    };
    match reports::create_report(&state.db, viewer.user.as_ref(), new).await {
        Ok(_) => {
            Ok(report_page(req, ReportForm::default(), FieldErrors::new(), true).into_response())
        }
        Err(AppError::Validation { errors, .. }) => Ok(report_page(req, form, errors, false)
            .with_status(poem::http::StatusCode::BAD_REQUEST)
            .into_response()),
        Err(err) => Err(err.into()),
    }
}
