//! The community's activity, as udata's `/activity/` tells it: who created a reuse, discussed or
//! followed something, newest first. Vitrine keeps no log of its own: the events are read from
//! the rows the site keeps anyway (see [`sources`]), and only what everybody may see (never a
//! held message, a private or deleted reuse, a deleted dataset).

mod sources;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{datasets, organizations, reuses, users};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use crate::cache::{Cache, GALLERY};
use crate::error::{AppError, AppResult};
use crate::models::organizations::{find_organization, organizations_by_id};
use crate::models::paging::{PageOf, Paging};
use crate::models::users::users_by_id;

/// The most recent events a list reaches (udata's search window): a page beyond is refused
/// rather than sorting the whole history for it.
pub const WINDOW: u64 = 10_000;

/// What happened, as udata keys it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityKind {
    /// Someone published a reuse.
    ReuseCreated,
    /// Someone opened or replied to a discussion about a dataset.
    DatasetDiscussed,
    /// … about a reuse.
    ReuseDiscussed,
    /// Someone followed a dataset.
    DatasetFollowed,
    /// … a reuse.
    ReuseFollowed,
    /// … an organization.
    OrganizationFollowed,
}

impl ActivityKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::ReuseCreated,
        Self::DatasetDiscussed,
        Self::ReuseDiscussed,
        Self::DatasetFollowed,
        Self::ReuseFollowed,
        Self::OrganizationFollowed,
    ];

    /// udata's key (`reuse:created`…).
    pub fn key(self) -> &'static str {
        match self {
            Self::ReuseCreated => "reuse:created",
            Self::DatasetDiscussed => "dataset:discussed",
            Self::ReuseDiscussed => "reuse:discussed",
            Self::DatasetFollowed => "dataset:followed",
            Self::ReuseFollowed => "reuse:followed",
            Self::OrganizationFollowed => "organization:followed",
        }
    }

    /// The text key of its label (“created a reuse”).
    pub fn label(self) -> &'static str {
        match self {
            Self::ReuseCreated => "activity.reuse_created",
            Self::DatasetDiscussed => "activity.dataset_discussed",
            Self::ReuseDiscussed => "activity.reuse_discussed",
            Self::DatasetFollowed => "activity.dataset_followed",
            Self::ReuseFollowed => "activity.reuse_followed",
            Self::OrganizationFollowed => "activity.organization_followed",
        }
    }

    /// udata's icon (Font Awesome classes).
    pub fn icon(self) -> &'static str {
        match self {
            Self::ReuseCreated => "fa fa-plus",
            Self::DatasetDiscussed | Self::ReuseDiscussed => "fa fa-comments",
            Self::DatasetFollowed | Self::ReuseFollowed | Self::OrganizationFollowed => "fa fa-eye",
        }
    }

    fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

/// Filters of `GET /api/1/activity/` (udata's).
#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    /// Events for this organization (id or slug), or about it.
    pub organization: Option<String>,
    /// Events about this reuse, dataset or organization (its id).
    pub related_to: Option<String>,
    /// Events of this user (their id).
    pub user: Option<String>,
}

/// What an event is about.
#[derive(Clone, Debug)]
pub enum Target {
    /// A reuse.
    Reuse(reuses::Model),
    /// A dataset.
    Dataset(datasets::Model),
    /// An organization.
    Organization(organizations::Model),
}

/// One event of the feed.
#[derive(Clone, Debug)]
pub struct Activity {
    /// What happened.
    pub kind: ActivityKind,
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it (none for a reuse published by an organization: who is not kept).
    pub actor: Option<users::Model>,
    /// The organization they acted for.
    pub organization: Option<organizations::Model>,
    /// On what.
    pub target: Target,
}

/// An event as read, before the people and things it names.
#[derive(Debug, Serialize, Deserialize)]
struct EventRow {
    event: String,
    at: DateTime<Utc>,
    actor_id: Option<String>,
    organization_id: Option<String>,
    target_kind: String,
    target_id: String,
}

/// A page of events and the number of all that match.
#[derive(Debug, Default, Serialize, Deserialize)]
struct EventPage {
    rows: Vec<EventRow>,
    total: u64,
}

/// One page of the events matching `filter`, newest first. Read once a gallery generation
/// (each write makes a new one) for everybody: the feed is the same for all.
pub async fn list_activity(
    db: &impl ConnectionTrait,
    cache: &Cache,
    filter: &ActivityFilter,
    paging: Paging,
) -> AppResult<PageOf<Activity>> {
    if paging.offset().saturating_add(paging.page_size) > WINDOW {
        return Err(AppError::field(
            "page",
            format!(
                "the feed goes back {WINDOW} events: with page_size {}, at most page {}",
                paging.page_size,
                WINDOW / paging.page_size
            ),
        ));
    }
    let mut filter = filter.clone();
    if let Some(org) = &filter.organization {
        match find_organization(db, org).await {
            Ok(found) => filter.organization = Some(found.id),
            Err(AppError::NotFound(_)) => {
                return Ok(PageOf {
                    items: Vec::new(),
                    total: 0,
                    paging,
                });
            }
            Err(err) => return Err(err),
        }
    }
    let name = format!(
        "activity:{:?}:{}:{}",
        (&filter.organization, &filter.related_to, &filter.user),
        paging.page,
        paging.page_size
    );
    let page = cache
        .per_generation(GALLERY, &name, read_page(db, &filter, paging))
        .await?;
    Ok(PageOf {
        items: with_names(db, page.rows).await?,
        total: page.total,
        paging,
    })
}

/// The events matching `filter`, as one statement.
fn matching(filter: &ActivityFilter) -> SelectStatement {
    let column = |name: &str| Expr::col(Alias::new(name));
    let mut select = Query::select();
    select.from_subquery(sources::all_events(), Alias::new("events"));
    if let Some(org) = &filter.organization {
        select.cond_where(
            Condition::any()
                .add(column("organization_id").eq(org.as_str()))
                .add(
                    Condition::all()
                        .add(column("target_kind").eq("Organization"))
                        .add(column("target_id").eq(org.as_str())),
                ),
        );
    }
    if let Some(id) = &filter.related_to {
        select.and_where(column("target_id").eq(id.as_str()));
    }
    if let Some(user) = &filter.user {
        select.and_where(column("actor_id").eq(user.as_str()));
    }
    select
}

async fn read_page(
    db: &impl ConnectionTrait,
    filter: &ActivityFilter,
    paging: Paging,
) -> Result<EventPage, DbErr> {
    let mut select = matching(filter);
    for name in sources::COLUMNS {
        select.column(Alias::new(name));
    }
    select
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
        .order_by(Alias::new("at"), Order::Desc)
        .order_by(Alias::new("row_id"), Order::Desc)
        .limit(paging.page_size)
        .offset(paging.offset());
    let mut page = EventPage::default();
    for row in db.query_all(&select).await? {
        page.total = u64::try_from(row.try_get::<i64>("", "total")?).unwrap_or_default();
        page.rows.push(EventRow {
            event: row.try_get("", "event")?,
            at: row.try_get("", "at")?,
            actor_id: row.try_get("", "actor_id")?,
            organization_id: row.try_get("", "organization_id")?,
            target_kind: row.try_get("", "target_kind")?,
            target_id: row.try_get("", "target_id")?,
        });
    }
    if page.rows.is_empty() && paging.page > 1 {
        // Past the end: the total is still told.
        let mut count = matching(filter);
        count.expr(Expr::cust("COUNT(*)"));
        if let Some(row) = db.query_one(&count).await? {
            page.total = u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or_default();
        }
    }
    Ok(page)
}

/// The events with the people, organizations and things they name (at most four queries by
/// key); an event whose subject went meanwhile is left out.
async fn with_names(db: &impl ConnectionTrait, rows: Vec<EventRow>) -> AppResult<Vec<Activity>> {
    let ids_of = |kind: &str| -> Vec<String> {
        rows.iter()
            .filter(|row| row.target_kind == kind)
            .map(|row| row.target_id.clone())
            .collect()
    };
    let people = users_by_id(db, rows.iter().filter_map(|row| row.actor_id.clone())).await?;
    let orgs = organizations_by_id(
        db,
        rows.iter()
            .filter_map(|row| row.organization_id.clone())
            .chain(ids_of("Organization")),
    )
    .await?;
    let (reuse_ids, dataset_ids) = (ids_of("Reuse"), ids_of("Dataset"));
    let mut reuses = HashMap::new();
    if !reuse_ids.is_empty() {
        let rows = reuses::Entity::find()
            .filter(reuses::Column::Id.is_in(reuse_ids))
            .all(db)
            .await?;
        reuses.extend(rows.into_iter().map(|reuse| (reuse.id.clone(), reuse)));
    }
    let mut datasets = HashMap::new();
    if !dataset_ids.is_empty() {
        let rows = datasets::Entity::find()
            .filter(datasets::Column::Id.is_in(dataset_ids))
            .all(db)
            .await?;
        datasets.extend(
            rows.into_iter()
                .map(|dataset| (dataset.id.clone(), dataset)),
        );
    }
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let target = match row.target_kind.as_str() {
                "Reuse" => Target::Reuse(reuses.get(&row.target_id)?.clone()),
                "Dataset" => Target::Dataset(datasets.get(&row.target_id)?.clone()),
                _ => Target::Organization(orgs.get(&row.target_id)?.clone()),
            };
            Some(Activity {
                kind: ActivityKind::parse(&row.event)?,
                at: row.at,
                actor: row.actor_id.and_then(|id| people.get(&id).cloned()),
                organization: row.organization_id.and_then(|id| orgs.get(&id).cloned()),
                target,
            })
        })
        .collect())
}
