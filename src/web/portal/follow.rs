//! The follow buttons' forms: following or no longer following a reuse, a dataset or an
//! organization, then back to its page, which confirms it.

use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use serde::Deserialize;

use crate::actions::follows::{follow, subject_id, unfollow};
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::models::follows::Followable;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::sign_in_first;

/// What a follow button sends: `follow=on` to follow, `follow=off` to stop.
#[derive(Deserialize)]
pub struct FollowForm {
    csrf_token: Option<String>,
    follow: Option<String>,
}

/// Follows or unfollows reuse `slug`.
#[handler]
pub async fn follow_reuse(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    form: Form<FollowForm>,
) -> HttpResult<Response> {
    set_follow(&state, &viewer, Followable::Reuse, "reuses", &slug, &form).await
}

/// Follows or unfollows dataset `slug`.
#[handler]
pub async fn follow_dataset(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    form: Form<FollowForm>,
) -> HttpResult<Response> {
    set_follow(
        &state,
        &viewer,
        Followable::Dataset,
        "datasets",
        &slug,
        &form,
    )
    .await
}

/// Follows or unfollows organization `slug`.
#[handler]
pub async fn follow_organization(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    form: Form<FollowForm>,
) -> HttpResult<Response> {
    set_follow(
        &state,
        &viewer,
        Followable::Organization,
        "organizations",
        &slug,
        &form,
    )
    .await
}

/// Follows (`follow=on`) or unfollows (`follow=off`) `kind` `slug` through the use cases the
/// API calls, then goes back to its page under `/{section}/` (303), which says it is done. A
/// signed-out visitor is sent to sign in first, and back to the page.
async fn set_follow(
    state: &AppState,
    viewer: &Viewer,
    kind: Followable,
    section: &str,
    slug: &str,
    form: &FollowForm,
) -> HttpResult<Response> {
    verify_csrf(viewer, form.csrf_token.as_deref())?;
    let page = format!(
        "/{section}/{}/",
        url::form_urlencoded::byte_serialize(slug.as_bytes()).collect::<String>()
    );
    if viewer.user.is_none() {
        return Ok(sign_in_first(&page));
    }
    let on = match form.follow.as_deref() {
        Some("on") => true,
        Some("off") => false,
        _ => return Err(AppError::field("follow", "must be on or off").into()),
    };
    if on {
        follow(state, viewer, kind, slug).await?;
    } else {
        // An unknown subject is not found; one the viewer did not follow is no longer followed.
        let id = subject_id(state, viewer, kind, slug).await?;
        match unfollow(state, viewer, kind, &id).await {
            // Not following already: what was asked is so.
            Ok(_) | Err(AppError::NotFound(_)) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let done = if on { "on" } else { "off" };
    Ok(Redirect::see_other(format!("{page}?follow={done}")).into_response())
}
