//! Data requests: anyone signed in asks for data and supports requests (one vote each); the
//! author and the animators change the words; the animators route a request, mark it in
//! progress, link the dataset that answers it or decline it, and its author and supporters
//! hear of each step.

use entity::data_requests;

use crate::error::{AppError, AppResult};
use crate::models::data_requests::write::{self, DataRequestFields, MAX_TEXT, Step};
use crate::models::data_requests::{Status, find_row};
use crate::models::datasets::find_dataset;
use crate::models::organizations::find_organization;
use crate::notifications::Notifier;
use crate::permissions::{self, Viewer};
use crate::state::AppState;

/// A change to a request: its words (author, animators), a step (animators), or both.
#[derive(Clone, Debug, Default)]
pub struct DataRequestChange {
    /// New words; `None` fields are kept.
    pub fields: DataRequestFields,
    /// The status to take it to (`routed`, `in_progress`, `opened`, `declined`, `open`).
    pub status: Option<String>,
    /// The organization to route it to (id or slug), with `routed`.
    pub organization: Option<String>,
    /// The dataset that answers it (id or slug), with `opened`.
    pub dataset: Option<String>,
    /// Why it is declined, with `declined`.
    pub reason: Option<String>,
}

/// Asks for data as the caller.
pub async fn create_data_request(
    state: &AppState,
    viewer: &Viewer,
    fields: DataRequestFields,
) -> AppResult<data_requests::Model> {
    let author = permissions::can_request_data(viewer)?;
    write::create_data_request(&state.db, author, fields).await
}

/// Changes the request `id` as the caller may: the words, then the step, each checked first.
pub async fn update_data_request(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    change: DataRequestChange,
) -> AppResult<data_requests::Model> {
    viewer.require_user()?;
    let request = find_row(&state.db, id).await?;
    let fields = change.fields;
    let words = fields.title.is_some() || fields.purpose.is_some() || fields.holder.is_some();
    if words {
        permissions::can_edit_data_request(viewer, &request)?;
    }
    let step = match change.status.as_deref() {
        Some(status) => {
            let actor = permissions::can_steer_data_requests(viewer)?;
            let step = find_step(
                state,
                status,
                change.organization,
                change.dataset,
                change.reason,
            )
            .await?;
            Some((actor, step))
        }
        None if change.organization.is_some()
            || change.dataset.is_some()
            || change.reason.is_some() =>
        {
            return Err(AppError::field(
                "status",
                "is required with organization, dataset or reason",
            ));
        }
        None => None,
    };
    match step {
        Some((actor, step)) => {
            let notifier = Notifier::of(&state.config);
            write::take_step(&state.db, &notifier, actor, request, fields, step).await
        }
        None if words => write::update_data_request(&state.db, request, fields).await,
        None => Ok(request),
    }
}

/// The step to `status`, with what it needs found: an existing organization to route to, an
/// existing dataset to link, a reason to decline.
async fn find_step(
    state: &AppState,
    status: &str,
    organization: Option<String>,
    dataset: Option<String>,
    reason: Option<String>,
) -> AppResult<Step> {
    let given = |value: Option<String>| {
        value
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    Ok(match Status::parse("status", status)? {
        Status::Open => Step::Reopen,
        Status::InProgress => Step::Start,
        Status::Routed => {
            let Some(org) = given(organization) else {
                return Err(AppError::field(
                    "organization",
                    "is required to route a request",
                ));
            };
            match find_organization(&state.db, &org).await {
                Ok(found) => Step::Route(found.id),
                Err(AppError::NotFound(_)) => {
                    return Err(AppError::field(
                        "organization",
                        format!("no organization has the id or slug {org:?}"),
                    ));
                }
                Err(err) => return Err(err),
            }
        }
        Status::Opened => {
            let Some(dataset) = given(dataset) else {
                return Err(AppError::field(
                    "dataset",
                    "is required to mark a request opened",
                ));
            };
            match find_dataset(&state.db, &dataset).await {
                Ok(found) => Step::Open(found.dataset.id),
                Err(AppError::NotFound(_) | AppError::Gone(_)) => {
                    return Err(AppError::field(
                        "dataset",
                        format!("no dataset has the id or slug {dataset:?}"),
                    ));
                }
                Err(err) => return Err(err),
            }
        }
        Status::Declined => {
            let Some(reason) = given(reason) else {
                return Err(AppError::field(
                    "reason",
                    "is required to decline a request",
                ));
            };
            if reason.chars().count() > MAX_TEXT {
                return Err(AppError::field(
                    "reason",
                    format!("must be at most {MAX_TEXT} characters"),
                ));
            }
            Step::Decline(reason)
        }
    })
}

/// Adds the caller's vote to the request `id` (once: a second changes nothing), while it is
/// neither opened nor declined.
pub async fn support_data_request(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> AppResult<data_requests::Model> {
    let user = permissions::can_request_data(viewer)?;
    let request = find_row(&state.db, id).await?;
    let pending = Status::parse("status", &request.status).is_ok_and(Status::is_pending);
    if !pending {
        return Err(AppError::conflict(
            "status",
            format!(
                "the request is {}: it takes no more support",
                request.status
            ),
        ));
    }
    write::support(&state.db, &request, user).await
}

/// Takes back the caller's vote on the request `id`, if they gave one.
pub async fn withdraw_support(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> AppResult<data_requests::Model> {
    let user = permissions::can_request_data(viewer)?;
    let request = find_row(&state.db, id).await?;
    write::withdraw(&state.db, &request, user).await
}
