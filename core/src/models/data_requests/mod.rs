//! Data requests: data somebody asks to be opened, that others support (one vote each) and the
//! animators steer to whoever holds it. Reading here; writing in `write`.

pub mod write;

use std::collections::{HashMap, HashSet};

use entity::{data_request_supports, data_requests, datasets, organizations, users};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult};
use crate::models::organizations::organizations_by_id;
use crate::models::paging::{PageOf, Paging};
use crate::models::users::users_by_id;
use crate::permissions::Viewer;

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Asked, waiting for an animator.
    Open,
    /// Passed on to the organization that holds the data.
    Routed,
    /// The holder is preparing the data.
    InProgress,
    /// The data is in the catalog.
    Opened,
    /// It will not be opened (the reason says why).
    Declined,
}

impl Status {
    /// Every status, in the order a request goes through them.
    pub const ALL: [Status; 5] = [
        Self::Open,
        Self::Routed,
        Self::InProgress,
        Self::Opened,
        Self::Declined,
    ];

    /// Its name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Routed => "routed",
            Self::InProgress => "in_progress",
            Self::Opened => "opened",
            Self::Declined => "declined",
        }
    }

    /// The status named `text`; a validation error on `field` otherwise.
    pub fn parse(field: &str, text: &str) -> AppResult<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|status| status.as_str()).collect();
                AppError::field(
                    field,
                    format!("{text:?} is not a status: use one of {}", names.join(", ")),
                )
            })
    }

    /// Whether people may still support it (it is neither opened nor declined).
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::Routed | Self::InProgress)
    }
}

/// A request with what its pages and views show beside it.
#[derive(Clone, Debug)]
pub struct DataRequestCard {
    /// The row.
    pub request: data_requests::Model,
    /// Its status, parsed.
    pub status: Status,
    /// Who asked.
    pub author: Option<users::Model>,
    /// The organization it was routed to.
    pub organization: Option<organizations::Model>,
    /// The dataset that answered it.
    pub dataset: Option<datasets::Model>,
    /// Whether the viewer supports it.
    pub supported: bool,
}

/// What narrows the list.
#[derive(Clone, Debug, Default)]
pub struct DataRequestFilter {
    /// Only requests with this status.
    pub status: Option<Status>,
}

/// The request `id` (not deleted): 404 when there is none, 410 when deleted.
pub async fn find_row(db: &impl ConnectionTrait, id: &str) -> AppResult<data_requests::Model> {
    let row = data_requests::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("data request", id))?;
    if row.deleted.is_some() {
        return Err(AppError::Gone(format!(
            "data request {id:?} has been deleted"
        )));
    }
    Ok(row)
}

/// The request `id` as `viewer` sees it.
pub async fn find_data_request(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: &str,
) -> AppResult<DataRequestCard> {
    let row = find_row(db, id).await?;
    cards(db, viewer, vec![row])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("data request", id))
}

/// One page of the requests, most supported first (then the longest waiting).
pub async fn list_data_requests(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &DataRequestFilter,
    paging: Paging,
) -> AppResult<PageOf<DataRequestCard>> {
    let mut select = data_requests::Entity::find().filter(data_requests::Column::Deleted.is_null());
    if let Some(status) = filter.status {
        select = select.filter(data_requests::Column::Status.eq(status.as_str()));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(data_requests::Column::Supporters)
        .order_by_asc(data_requests::Column::CreatedAt)
        .order_by_asc(data_requests::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items: cards(db, viewer, rows).await?,
        total,
        paging,
    })
}

/// Adds authors, organizations, datasets and the viewer's supports to `rows`: four queries
/// whatever their number.
async fn cards(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    rows: Vec<data_requests::Model>,
) -> AppResult<Vec<DataRequestCard>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let authors = users_by_id(db, rows.iter().map(|row| row.author_id.clone())).await?;
    let orgs = organizations_by_id(
        db,
        rows.iter().filter_map(|row| row.organization_id.clone()),
    )
    .await?;
    let dataset_ids: Vec<String> = rows
        .iter()
        .filter_map(|row| row.dataset_id.clone())
        .collect();
    let mut found_datasets = HashMap::new();
    if !dataset_ids.is_empty() {
        for dataset in datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(dataset_ids))
            .all(db)
            .await?
        {
            found_datasets.insert(dataset.id.clone(), dataset);
        }
    }
    let supported: HashSet<String> = match &viewer.user {
        Some(user) => data_request_supports::Entity::find()
            .select_only()
            .column(data_request_supports::Column::DataRequestId)
            .filter(data_request_supports::Column::UserId.eq(user.id.as_str()))
            .filter(
                data_request_supports::Column::DataRequestId
                    .is_in(rows.iter().map(|row| row.id.clone())),
            )
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
        None => HashSet::new(),
    };
    Ok(rows
        .into_iter()
        .map(|request| DataRequestCard {
            status: Status::parse("status", &request.status).unwrap_or(Status::Open),
            author: authors.get(&request.author_id).cloned(),
            organization: request
                .organization_id
                .as_ref()
                .and_then(|id| orgs.get(id))
                .cloned(),
            dataset: request
                .dataset_id
                .as_ref()
                .and_then(|id| found_datasets.get(id))
                .cloned(),
            supported: supported.contains(&request.id),
            request,
        })
        .collect())
}

/// Who hears of each step of `request`: its author and its supporters.
pub async fn audience(
    db: &impl ConnectionTrait,
    request: &data_requests::Model,
) -> AppResult<Vec<String>> {
    let mut ids: Vec<String> = data_request_supports::Entity::find()
        .select_only()
        .column(data_request_supports::Column::UserId)
        .filter(data_request_supports::Column::DataRequestId.eq(request.id.as_str()))
        .order_by_asc(data_request_supports::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    ids.insert(0, request.author_id.clone());
    Ok(ids)
}

/// The requests asked for or taken a step further last, latest first (the feed).
pub async fn recent_data_requests(
    db: &impl ConnectionTrait,
    limit: u64,
) -> AppResult<Vec<data_requests::Model>> {
    Ok(data_requests::Entity::find()
        .filter(data_requests::Column::Deleted.is_null())
        .order_by_desc(data_requests::Column::LastModified)
        .order_by_desc(data_requests::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
