//! `/data-requests/new`: the "ask for data" form (`?title=` fills the title in, so that a search
//! with no result becomes a request in one click) and asking.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Form, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::{SummaryLine, field_error, summary};
use crate::actions::data_requests::create_data_request;
use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::models::data_requests::write::DataRequestFields;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::{Frame, sign_in_first};

/// What the form sends (its query string may give the title).
#[derive(Deserialize, Default, Clone)]
pub struct NewRequestForm {
    csrf_token: Option<String>,
    title: Option<String>,
    purpose: Option<String>,
    holder: Option<String>,
}

/// The "ask for data" page.
#[derive(Template, WebTemplate)]
#[template(path = "data_requests/new.html")]
pub struct NewRequestPage {
    frame: Frame,
    form: NewRequestForm,
    errors: FieldErrors,
}

impl NewRequestPage {
    fn new(req: &Request, form: NewRequestForm, errors: FieldErrors) -> Self {
        let mut frame = Frame::of(req);
        let (list, here) = (
            frame.t("requests.list_title"),
            frame.t("requests.new_title"),
        );
        frame.crumb(list, Some("/data-requests/")).crumb(here, None);
        Self {
            frame,
            form,
            errors,
        }
    }

    fn error(&self, field: &str) -> Option<String> {
        field_error(&self.frame, &self.errors, field)
    }

    fn summary(&self) -> Vec<SummaryLine> {
        summary(&self.frame, &self.errors, &["title", "purpose", "holder"])
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }
}

/// The empty form, its title from `?title=`; sign-in first when needed.
#[handler]
pub async fn new_form(
    req: &Request,
    viewer: Data<&Viewer>,
    query: Query<NewRequestForm>,
) -> Response {
    if viewer.user.is_none() {
        let here = req
            .original_uri()
            .path_and_query()
            .map_or("/data-requests/new", |pq| pq.as_str());
        return sign_in_first(here);
    }
    let form = NewRequestForm {
        title: query.0.title,
        ..NewRequestForm::default()
    };
    NewRequestPage::new(req, form, FieldErrors::new()).into_response()
}

/// Asks for the data and goes to the request's page; errors come back beside their fields with
/// the text kept.
#[handler]
pub async fn create_from_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<NewRequestForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let fields = DataRequestFields {
        title: form.title.clone(),
        purpose: form.purpose.clone(),
        holder: form.holder.clone(),
    };
    match create_data_request(&state, &viewer, fields).await {
        Ok(request) => {
            Ok(Redirect::see_other(format!("/data-requests/{}/", request.id)).into_response())
        }
        Err(AppError::Validation { errors, .. }) => Ok(NewRequestPage::new(req, form, errors)
            .with_status(StatusCode::BAD_REQUEST)
            .into_response()),
        Err(err) => Err(err.into()),
    }
}
