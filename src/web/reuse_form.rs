//! `/reuses/new` and `/reuses/{slug}/edit`: the reuse forms, errors beside fields, input kept.

use askama::Template;
use askama_web::WebTemplate;
use entity::{datasets, organizations, reuses};
use poem::http::StatusCode;
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use sea_orm::EntityTrait;
use serde::Deserialize;

use crate::actions;
use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::models::datasets::{DatasetFilter, list_datasets};
use crate::models::organizations::memberships;
use crate::models::paging::Paging;
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::write::ReuseFields;
use crate::models::reuses::{reuse_by_id, reuse_cards};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{Frame, sign_in_first};

/// What the form shows and sends back.
#[derive(Deserialize, Default, Clone)]
pub struct ReuseForm {
    csrf_token: Option<String>,
    title: Option<String>,
    description: Option<String>,
    url: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    topic: Option<String>,
    tags: Option<String>,
    /// Dataset ids, as checkboxes send them: `datasets=a&datasets=b` (read from the raw body).
    #[serde(skip)]
    datasets: Vec<String>,
    organization: Option<String>,
    private: Option<String>,
    dataset_q: Option<String>,
}

/// The form page.
#[derive(Template, WebTemplate)]
#[template(path = "reuse_form.html")]
pub struct ReuseFormPage {
    frame: Frame,
    action: String,
    editing: bool,
    form: ReuseForm,
    errors: FieldErrors,
    types: Vec<(&'static str, &'static str)>,
    topics: Vec<(&'static str, &'static str)>,
    organizations: Vec<(String, String)>,
    choices: Vec<datasets::Model>,
}

impl ReuseFormPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|messages| {
            messages
                .iter()
                .map(|message| self.frame.lang.field_error(field, message))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn checked(&self, id: &str) -> bool {
        self.form.datasets.iter().any(|chosen| chosen == id)
    }
}

async fn page(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    action: String,
    editing: bool,
    form: ReuseForm,
    errors: FieldErrors,
) -> HttpResult<ReuseFormPage> {
    let frame = Frame::of(req);
    let user = viewer.require_user()?;
    let mut organizations: Vec<(String, String)> = memberships(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|(org, _)| (org.id, org.name))
        .collect();
    // A moderator editing an organization's reuse is offered its organization, selected: saving
    // the form keeps it there.
    if let Some(current) = form.organization.as_deref().filter(|id| !id.is_empty())
        && editing
        && !organizations.iter().any(|(id, _)| id == current)
        && let Some(org) = organizations::Entity::find_by_id(current)
            .one(&state.db)
            .await?
    {
        organizations.push((org.id, org.name));
    }
    let filter = DatasetFilter {
        q: form.dataset_q.clone().filter(|q| !q.trim().is_empty()),
        ..DatasetFilter::default()
    };
    let mut choices: Vec<datasets::Model> =
        list_datasets(&state.db, &filter, Paging::new(Some(1), Some(50))?)
            .await?
            .items
            .into_iter()
            .map(|card| card.dataset)
            .collect();
    let missing: Vec<String> = form
        .datasets
        .iter()
        .filter(|id| !choices.iter().any(|d| &d.id == *id))
        .cloned()
        .collect();
    if !missing.is_empty() {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let chosen = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(missing))
            .all(&state.db)
            .await?;
        choices.splice(0..0, chosen);
    }
    let t = |key: String| frame.t(&key);
    Ok(ReuseFormPage {
        types: TYPES
            .iter()
            .map(|(id, _)| (*id, t(format!("type.{id}"))))
            .collect(),
        topics: TOPICS
            .iter()
            .map(|(id, _)| (*id, t(format!("topic.{id}"))))
            .collect(),
        frame,
        action,
        editing,
        form,
        errors,
        organizations,
        choices,
    })
}

fn signed_in_or_redirect(viewer: &Viewer, here: &str) -> Option<Response> {
    viewer.user.is_none().then(|| sign_in_first(here))
}

/// The empty form.
#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<ReuseForm>,
) -> HttpResult<Response> {
    if let Some(redirect) = signed_in_or_redirect(&viewer, "/reuses/new") {
        return Ok(redirect);
    }
    let mut form = query.0;
    form.datasets = dataset_ids(req.uri().query().unwrap_or_default().as_bytes());
    Ok(page(
        req,
        &state,
        &viewer,
        "/reuses/new".into(),
        false,
        form,
        FieldErrors::new(),
    )
    .await?
    .into_response())
}

/// Dataset checkboxes (`datasets=…`, repeated) of a form body or query string.
fn dataset_ids(encoded: &[u8]) -> Vec<String> {
    url::form_urlencoded::parse(encoded)
        .filter(|(key, value)| key == "datasets" && !value.is_empty())
        .map(|(_, value)| value.into_owned())
        .collect()
}

impl ReuseForm {
    fn fields(&self) -> ReuseFields {
        let text = |value: &Option<String>| value.clone().map(|v| v.trim().to_owned());
        ReuseFields {
            title: text(&self.title),
            slug: None,
            description: text(&self.description),
            url: text(&self.url),
            kind: text(&self.kind).filter(|v| !v.is_empty()),
            topic: text(&self.topic).filter(|v| !v.is_empty()),
            tags: Some(
                self.tags
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
            datasets: Some(self.datasets.clone()),
            // Absent (no choice on the page): unchanged; empty: the author themselves.
            organization: self
                .organization
                .clone()
                .map(|org| Some(org).filter(|org| !org.is_empty())),
            private: Some(self.private.is_some()),
            restore: false,
            extras: None,
        }
    }

    fn from_body(body: &str) -> HttpResult<Self> {
        let mut form: ReuseForm = serde_urlencoded::from_str(body)
            .map_err(|err| AppError::BadRequest(format!("unreadable form: {err}")))?;
        form.datasets = dataset_ids(body.as_bytes());
        Ok(form)
    }

    /// Reads the form as the page sends it (multipart, for the image) or url-encoded.
    async fn read(req: &Request, body: poem::Body) -> HttpResult<(Self, Option<Vec<u8>>)> {
        let unreadable =
            |err: &dyn std::fmt::Display| AppError::BadRequest(format!("unreadable form: {err}"));
        let content_type = req.content_type().unwrap_or_default().to_owned();
        if !content_type.starts_with("multipart/form-data") {
            let text = body.into_string().await.map_err(|err| unreadable(&err))?;
            return Ok((Self::from_body(&text)?, None));
        }
        let boundary = multer::parse_boundary(&content_type).map_err(|err| unreadable(&err))?;
        let mut multipart = multer::Multipart::new(body.into_bytes_stream(), boundary);
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut image = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|err| unreadable(&err))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "image" {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|err| AppError::field("image", format!("could not be read: {err}")))?;
                image = (!bytes.is_empty()).then(|| bytes.to_vec());
            } else {
                let value = field.text().await.map_err(|err| unreadable(&err))?;
                pairs.push((name, value));
            }
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Ok((Self::from_body(&encoded)?, image))
    }
}

/// Publishes a reuse from the form; on errors the form comes back with them and the input.
#[handler]
pub async fn create_from_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    body: poem::Body,
) -> HttpResult<Response> {
    let (form, image) = ReuseForm::read(req, body).await?;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    match actions::reuses::create_reuse(&state, &viewer, form.fields(), image).await {
        Ok(card) => {
            Ok(Redirect::see_other(format!("/reuses/{}/", card.reuse.slug)).into_response())
        }
        Err(err) => form_errors(req, &state, &viewer, "/reuses/new".into(), false, form, err).await,
    }
}

/// The form again with the error beside its field, or the error itself when it is not the form's.
async fn form_errors(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    action: String,
    editing: bool,
    form: ReuseForm,
    err: AppError,
) -> HttpResult<Response> {
    let (status, errors) = match err {
        AppError::Validation { mut errors, .. } | AppError::Conflict { mut errors, .. } => {
            // Image checks name the API's field, `file`; on this form it is `image`.
            if let Some(messages) = errors.remove("file") {
                errors.insert("image".to_owned(), messages);
            }
            (StatusCode::BAD_REQUEST, errors)
        }
        AppError::PayloadTooLarge(message) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            FieldErrors::from([("image".to_owned(), vec![message])]),
        ),
        AppError::UnsupportedMediaType(message) => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            FieldErrors::from([("image".to_owned(), vec![message])]),
        ),
        other => return Err(other.into()),
    };
    let page = page(req, state, viewer, action, editing, form, errors).await?;
    Ok(page.with_status(status).into_response())
}

fn form_of(reuse: &reuses::Model, tags: &[String], datasets: &[datasets::Model]) -> ReuseForm {
    ReuseForm {
        csrf_token: None,
        title: Some(reuse.title.clone()),
        description: Some(reuse.description.clone()),
        url: Some(reuse.url.clone()),
        kind: Some(reuse.r#type.clone()),
        topic: Some(reuse.topic.clone()),
        tags: Some(tags.join(", ")),
        datasets: datasets.iter().map(|d| d.id.clone()).collect(),
        organization: reuse.organization_id.clone(),
        private: reuse.private.then(|| "on".to_owned()),
        dataset_q: None,
    }
}

/// The edit form, filled in.
#[handler]
pub async fn edit_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<Response> {
    let here = format!("/reuses/{}/edit", slug.0);
    if let Some(redirect) = signed_in_or_redirect(&viewer, &here) {
        return Ok(redirect);
    }
    let reuse = reuse_by_id(&state.db, &viewer, &slug).await?;
    permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("reuse", &slug))?;
    let form = form_of(&card.reuse, &card.tags, &card.datasets);
    Ok(
        page(req, &state, &viewer, here, true, form, FieldErrors::new())
            .await?
            .into_response(),
    )
}

/// Saves the edit form.
#[handler]
pub async fn update_from_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    body: poem::Body,
) -> HttpResult<Response> {
    let (form, image) = ReuseForm::read(req, body).await?;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let reuse = reuse_by_id(&state.db, &viewer, &slug).await?;
    let here = format!("/reuses/{}/edit", slug.0);
    match actions::reuses::update_reuse(&state, &viewer, reuse, form.fields(), image).await {
        Ok(reuse) => Ok(Redirect::see_other(format!("/reuses/{}/", reuse.slug)).into_response()),
        Err(err) => form_errors(req, &state, &viewer, here, true, form, err).await,
    }
}
