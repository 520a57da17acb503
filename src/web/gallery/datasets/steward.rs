//! The steward on a dataset's page: who answers its questions first, for everyone; the form
//! naming them, for the admins of its organization.

use entity::datasets;
use poem::web::{Data, Form, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use sea_orm::ConnectionTrait;
use serde::Deserialize;

use crate::actions;
use crate::auth::verify_csrf;
use crate::error::{AppResult, HttpResult};
use crate::models::datasets::stewards::steward_of;
use crate::models::organizations::list_members;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// What the page shows of the steward.
pub struct StewardPanel {
    /// The steward's name, if the dataset has one.
    pub name: Option<String>,
    /// The members to choose from, `(id, name, the steward now)`, when the viewer may name
    /// one.
    pub choices: Option<Vec<(String, String, bool)>>,
}

/// The panel of `dataset` for `viewer`; `None` when there is nothing to show (no steward, and
/// the viewer may not name one).
pub async fn steward_panel(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    dataset: &datasets::Model,
) -> AppResult<Option<StewardPanel>> {
    let Some(org) = dataset
        .organization_id
        .as_deref()
        .filter(|_| !dataset.deleted)
    else {
        return Ok(None);
    };
    let steward = steward_of(db, dataset).await?;
    let may_name = viewer.user.is_some()
        && permissions::can_name_steward(db, viewer, dataset)
            .await
            .is_ok();
    let choices = if may_name {
        Some(
            list_members(db, org)
                .await?
                .into_iter()
                .map(|(_, user)| {
                    let current = steward.as_ref().is_some_and(|s| s.id == user.id);
                    (user.id, user.name, current)
                })
                .collect(),
        )
    } else {
        None
    };
    if steward.is_none() && choices.is_none() {
        return Ok(None);
    }
    Ok(Some(StewardPanel {
        name: steward.map(|user| user.name),
        choices,
    }))
}

/// The steward form: a member's id, or nothing to remove the steward.
#[derive(Deserialize)]
pub struct StewardForm {
    csrf_token: Option<String>,
    user: Option<String>,
}

/// Names (or removes) the steward of dataset `slug`, then goes back to its page.
#[handler]
pub async fn set_steward(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
    form: Form<StewardForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    match form
        .user
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(user) => {
            actions::stewards::name_steward(&state, &viewer, &slug, user).await?;
        }
        None => actions::stewards::remove_steward(&state, &viewer, &slug).await?,
    }
    Ok(Redirect::see_other(format!("/datasets/{}/", slug.as_str())).into_response())
}
