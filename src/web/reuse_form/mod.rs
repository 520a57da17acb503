//! `/reuses/new` and `/reuses/{slug}/edit`: the reuse forms, errors beside fields, input kept.

mod input;
mod page;

use std::time::Duration;

use poem::http::StatusCode;
use poem::web::cookie::{Cookie, SameSite};
use poem::web::{Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};

use crate::actions;
use crate::auth::verify_csrf;
use crate::error::{AppError, AppResult, FieldErrors, HttpResult};
use crate::models::datasets::find_dataset;
use crate::models::reuses::write::{ReuseFields, check_reuse_fields};
use crate::models::reuses::{reuse_by_id, reuse_cards};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{Frame, sign_in_first};
use input::{ReuseForm, dataset_ids};
use page::{Target, page};

/// The cookie that tells a reuse's page, once, that its author has just published it.
const PUBLISHED_COOKIE: &str = "vitrine_published";

/// The sign-in page for a signed-out visitor, coming back to this very address (its
/// `?dataset=` included).
fn signed_in_or_redirect(viewer: &Viewer, req: &Request) -> Option<Response> {
    let here = req
        .original_uri()
        .path_and_query()
        .map_or("/reuses/new", |pq| pq.as_str());
    viewer.user.is_none().then(|| sign_in_first(here))
}

/// The empty form; `?dataset=` (an id or a slug) ticks a dataset, `?dataset_q=` searches the
/// catalog with what was typed kept.
#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<ReuseForm>,
) -> HttpResult<Response> {
    if let Some(redirect) = signed_in_or_redirect(&viewer, req) {
        return Ok(redirect);
    }
    let mut form = query.0;
    form.datasets = dataset_ids(req.uri().query().unwrap_or_default().as_bytes());
    // A dataset page's "register a reuse" link: an unknown or deleted one is simply not ticked.
    if let Some(wanted) = form.dataset.take().filter(|d| !d.is_empty())
        && let Ok(card) = find_dataset(&state.db, &wanted).await
        && !form.datasets.contains(&card.dataset.id)
    {
        form.datasets.push(card.dataset.id);
    }
    let page = page(
        req,
        &state,
        &viewer,
        Target::new_reuse(),
        form,
        FieldErrors::new(),
    )
    .await?;
    Ok(page.into_response())
}

/// The form again as typed, its dataset picker showing what the search found: the picker's
/// button posts the whole form (a GET would put the token and a long description in the
/// address), and nothing is saved.
async fn searched(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    target: Target,
    form: ReuseForm,
) -> HttpResult<Response> {
    let page = page(req, state, viewer, target, form, FieldErrors::new()).await?;
    Ok(page.into_response())
}

/// The form's own rule, stricter than the API's: a reuse registered here names at least one
/// dataset, or nobody but its author would find it. Without one, every other field is checked
/// too, so the form comes back with all its errors at once.
async fn require_datasets(
    state: &AppState,
    fields: &ReuseFields,
    current: Option<&str>,
) -> AppResult<()> {
    if fields.datasets.as_ref().is_some_and(|ids| !ids.is_empty()) {
        return Ok(());
    }
    let mut errors = match check_reuse_fields(&state.db, fields, current).await {
        Ok(()) => FieldErrors::new(),
        Err(AppError::Validation { errors, .. } | AppError::Conflict { errors, .. }) => errors,
        Err(other) => return Err(other),
    };
    errors
        .entry("datasets".to_owned())
        .or_default()
        .push("is required".to_owned());
    AppError::check(errors)
}

/// Publishes a reuse from the form and shows it, saying it is published; on errors the form
/// comes back with them and the input.
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
    if form.search.is_some() {
        return searched(req, &state, &viewer, Target::new_reuse(), form).await;
    }
    let fields = form.fields();
    let created = match require_datasets(&state, &fields, None).await {
        Ok(()) => actions::reuses::create_reuse(&state, &viewer, fields, image).await,
        Err(err) => Err(err),
    };
    match created {
        Ok(card) => {
            let slug = &card.reuse.slug;
            req.cookie().add(published_cookie(slug, &card.reuse.id));
            Ok(Redirect::see_other(format!("/reuses/{slug}/")).into_response())
        }
        Err(err) => form_errors(req, &state, &viewer, Target::new_reuse(), form, err).await,
    }
}

/// A cookie for the new reuse's page only, for a minute: it is read, and spent, by the first
/// view of that page ([`just_published`]), so reloading or sharing the address says nothing.
fn published_cookie(slug: &str, id: &str) -> Cookie {
    let mut cookie = Cookie::new_with_str(PUBLISHED_COOKIE, id);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path(format!("/reuses/{slug}/"));
    cookie.set_max_age(Duration::from_secs(60));
    cookie
}

/// On a reuse's page: the sentence confirming that the viewer has just published the reuse
/// `id` (and what happens next), once; `None` on every other view.
pub fn just_published(req: &Request, frame: &Frame, id: &str, slug: &str) -> Option<String> {
    let cookie = req.cookie().get(PUBLISHED_COOKIE)?;
    let mut spent = Cookie::new_with_str(PUBLISHED_COOKIE, "");
    spent.set_path(format!("/reuses/{slug}/"));
    spent.set_max_age(Duration::ZERO);
    req.cookie().add(spent);
    (cookie.value_str() == id && frame.user.is_some())
        .then(|| frame.t("publish.published").to_owned())
}

/// The form again with the error beside its field, or the error itself when it is not the form's.
async fn form_errors(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    target: Target,
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
    let page = page(req, state, viewer, target, form, errors).await?;
    Ok(page.with_status(status).into_response())
}

/// The edit form, filled in.
#[handler]
pub async fn edit_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<Response> {
    if let Some(redirect) = signed_in_or_redirect(&viewer, req) {
        return Ok(redirect);
    }
    let reuse = reuse_by_id(&state.db, &viewer, &slug).await?;
    permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
    let card = reuse_cards(&state.db, vec![reuse])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("reuse", &slug))?;
    let form = ReuseForm::of(&card.reuse, &card.tags, &card.datasets);
    let target = Target::edit(&card.reuse.title, &card.reuse.slug);
    let page = page(req, &state, &viewer, target, form, FieldErrors::new()).await?;
    Ok(page.into_response())
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
    permissions::can_edit_reuse(&state.db, &viewer, &reuse).await?;
    let target = Target::edit(&reuse.title, &reuse.slug);
    if form.search.is_some() {
        return searched(req, &state, &viewer, target, form).await;
    }
    let fields = form.fields();
    let updated = match require_datasets(&state, &fields, Some(&reuse.id)).await {
        Ok(()) => actions::reuses::update_reuse(&state, &viewer, reuse, fields, image).await,
        Err(err) => Err(err),
    };
    match updated {
        Ok(reuse) => Ok(Redirect::see_other(format!("/reuses/{}/", reuse.slug)).into_response()),
        Err(err) => form_errors(req, &state, &viewer, target, form, err).await,
    }
}
