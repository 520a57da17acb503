//! The report form anyone can use, signed in or not.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::moderation::reports::{self, NewReport, REASONS};
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

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
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("report.title"), None);
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
