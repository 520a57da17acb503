//! The "ask a question" page: its form, its preview, and opening the discussion.

use askama::Template;
use askama_web::WebTemplate;
use entity::users;
use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::{Renderer, field_error, form_errors, to_posted};
use crate::actions::discussions::open_discussion;
use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::models::discussions::write::NewDiscussion;
use crate::models::discussions::{Subject, SubjectClass, find_subject};
use crate::models::organizations::memberships;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::{Frame, sign_in_first};

/// The "ask a question" page.
#[derive(Template, WebTemplate)]
#[template(path = "discussion_new.html")]
pub struct NewDiscussionPage {
    frame: Frame,
    subject: Subject,
    subject_kind: &'static str,
    form: NewDiscussionForm,
    organizations: Vec<(String, String)>,
    preview: Option<String>,
    errors: FieldErrors,
}

impl NewDiscussionPage {
    fn error(&self, field: &str) -> Option<String> {
        field_error(&self.frame, &self.errors, field)
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn speaks_for(&self, org: &str) -> bool {
        self.form.organization.as_deref() == Some(org)
    }
}

/// What the "ask a question" form sends (and its query string names the subject).
#[derive(Deserialize, Default, Clone)]
pub struct NewDiscussionForm {
    csrf_token: Option<String>,
    /// `Dataset` or `Reuse`.
    class: Option<String>,
    /// The subject's id.
    subject: Option<String>,
    title: Option<String>,
    comment: Option<String>,
    organization: Option<String>,
    /// `submit` or `preview`.
    action: Option<String>,
}

async fn new_page(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    form: NewDiscussionForm,
) -> HttpResult<NewDiscussionPage> {
    let frame = Frame::of(req);
    let class = SubjectClass::parse(form.class.as_deref().unwrap_or_default())
        .map_err(|_| AppError::BadRequest("class must be Dataset, Reuse or DataRequest".into()))?;
    let subject = find_subject(
        &state.db,
        viewer,
        class,
        form.subject.as_deref().unwrap_or_default(),
    )
    .await?;
    let user = viewer.require_user()?;
    let organizations = memberships(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|(org, _)| (org.id, org.name))
        .collect();
    Ok(NewDiscussionPage {
        subject_kind: frame.t(match class {
            SubjectClass::Dataset => "discussion.about_dataset",
            SubjectClass::Reuse => "discussion.about_reuse",
            SubjectClass::DataRequest => "discussion.about_data_request",
        }),
        frame,
        subject,
        form,
        organizations,
        preview: None,
        errors: FieldErrors::new(),
    })
}

/// The empty "ask a question" form for `?class=…&subject=…`; sign-in first when needed.
#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<NewDiscussionForm>,
) -> HttpResult<Response> {
    if viewer.user.is_none() {
        let here = req
            .original_uri()
            .path_and_query()
            .map_or("/discussions/new", |pq| pq.as_str());
        return Ok(sign_in_first(here));
    }
    Ok(new_page(req, &state, &viewer, query.0)
        .await?
        .into_response())
}

/// Opens the discussion (or previews it); errors come back beside their fields with the text kept.
#[handler]
pub async fn post_new(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<NewDiscussionForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let mut page = new_page(req, &state, &viewer, form.clone()).await?;
    if form.action.as_deref() == Some("preview") {
        let people: Vec<users::Model> = viewer.user.iter().cloned().collect();
        page.preview =
            Some(Renderer::new(&people).html(form.comment.as_deref().unwrap_or_default()));
        return Ok(page.into_response());
    }
    let new = NewDiscussion {
        title: Some(form.title.clone().unwrap_or_default()),
        comment: Some(form.comment.clone().unwrap_or_default()),
        organization: form.organization.clone().filter(|org| !org.is_empty()),
        held: None,
    };
    match open_discussion(&state, &viewer, page.subject.class, &page.subject.id, new).await {
        Ok(discussion) => to_posted(&state, &viewer, &discussion.id).await,
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            page.errors = errors;
            Ok(page.with_status(status).into_response())
        }
    }
}
