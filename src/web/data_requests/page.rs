//! `/data-requests/{id}/`: a request with its status, its support button, its thread and, for
//! the animators, the form of the next step; and the posts of those buttons.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::{SummaryLine, badge_class, field_error, status_label, summary};
use crate::actions::data_requests::{
    DataRequestChange, support_data_request, update_data_request, withdraw_support,
};
use crate::auth::verify_csrf;
use crate::db::read;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::markdown;
use crate::models::data_requests::{DataRequestCard, Status, find_data_request};
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;

/// A request's page.
#[derive(Template, WebTemplate)]
#[template(path = "data_requests/page.html")]
pub struct DataRequestPage {
    frame: Frame,
    card: DataRequestCard,
    status_label: &'static str,
    /// What it would serve, as safe HTML.
    purpose: String,
    /// Why it was declined, as safe HTML.
    decline_reason: Option<String>,
    supporters: u64,
    /// Whether it still takes support.
    pending: bool,
    /// Whether the viewer may take it a step further.
    can_steer: bool,
    /// The steps an animator may choose, with their words.
    steps: Vec<(&'static str, &'static str)>,
    step: StepForm,
    errors: FieldErrors,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
}

impl DataRequestPage {
    fn error(&self, field: &str) -> Option<String> {
        field_error(&self.frame, &self.errors, field)
    }

    fn summary(&self) -> Vec<SummaryLine> {
        summary(
            &self.frame,
            &self.errors,
            &["status", "organization", "dataset", "reason"],
        )
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn status_class(&self) -> &'static str {
        badge_class(self.card.status)
    }

    fn is_chosen(&self, status: &str) -> bool {
        self.step.status.as_deref() == Some(status)
    }
}

/// An animator's step, as the form sends it.
#[derive(Deserialize, Default, Clone)]
pub struct StepForm {
    csrf_token: Option<String>,
    status: Option<String>,
    organization: Option<String>,
    dataset: Option<String>,
    reason: Option<String>,
}

/// The support button: `support` or `withdraw`.
#[derive(Deserialize)]
pub struct SupportForm {
    csrf_token: Option<String>,
    action: Option<String>,
}

async fn render(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    step: StepForm,
    errors: FieldErrors,
) -> HttpResult<DataRequestPage> {
    let db = read(&state.db).await?;
    let card = find_data_request(&db, viewer, id).await?;
    let threads = discussions_about(&db, viewer, SubjectClass::DataRequest, id).await?;
    db.commit().await?;
    let mut frame = Frame::of(req);
    frame
        .meta
        .describe(&card.request.title, &card.request.purpose, None);
    frame
        .crumb(frame.t("requests.list_title"), Some("/data-requests/"))
        .crumb(card.request.title.clone(), None);
    Ok(DataRequestPage {
        status_label: status_label(&frame, card.status),
        purpose: markdown::render_plain(&card.request.purpose),
        decline_reason: card
            .request
            .decline_reason
            .as_deref()
            .map(markdown::render_plain),
        supporters: u64::try_from(card.request.supporters).unwrap_or_default(),
        pending: card.status.is_pending(),
        can_steer: permissions::can_steer_data_requests(viewer).is_ok(),
        steps: Status::ALL
            .iter()
            .filter(|status| **status != card.status)
            .map(|status| (status.as_str(), status_label(&frame, *status)))
            .collect(),
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::DataRequest.as_str(),
        discussion_subject: card.request.id.clone(),
        card,
        step,
        errors,
        frame,
    })
}

/// A request's page.
#[handler]
pub async fn data_request_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<DataRequestPage> {
    render(
        req,
        &state,
        &viewer,
        &id,
        StepForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// Supports the request, or takes the support back; then its page again.
#[handler]
pub async fn post_support(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<SupportForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    if form.action.as_deref() == Some("withdraw") {
        withdraw_support(&state, &viewer, &id).await?;
    } else {
        support_data_request(&state, &viewer, &id).await?;
    }
    Ok(Redirect::see_other(format!("/data-requests/{}/#support", id.0)).into_response())
}

/// Takes the request a step further (animators); errors come back beside their fields.
#[handler]
pub async fn post_step(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<StepForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let change = DataRequestChange {
        status: Some(form.status.clone().unwrap_or_default()),
        organization: form.organization.clone(),
        dataset: form.dataset.clone(),
        reason: form.reason.clone(),
        ..DataRequestChange::default()
    };
    match update_data_request(&state, &viewer, &id, change).await {
        Ok(_) => Ok(Redirect::see_other(format!("/data-requests/{}/", id.0)).into_response()),
        Err(AppError::Validation { errors, .. }) => {
            Ok(render(req, &state, &viewer, &id, form, errors)
                .await?
                .with_status(StatusCode::BAD_REQUEST)
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}
