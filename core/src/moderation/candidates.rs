//! Reuses worth featuring: recent, public, with datasets and a link not known to fail, not yet
//! in the showcase, the most followed and visited first. What the animators' dashboard proposes.

use chrono::{DateTime, TimeDelta, Utc};
use entity::{links, reuses};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::AppResult;
use crate::linkcheck::LinkKind;

/// How far back a reuse counts as new.
pub const NEW_FOR: TimeDelta = TimeDelta::days(60);

/// Up to `limit` reuses registered in the [`NEW_FOR`] before `now` worth featuring.
pub async fn worth_featuring(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<reuses::Model>> {
    let broken = Query::select()
        .column(links::Column::TargetId)
        .from(links::Entity)
        .and_where(links::Column::Kind.eq(LinkKind::Reuse.as_str()))
        .and_where(links::Column::State.is_in(["broken", "failing"]))
        .to_owned();
    Ok(reuses::Entity::find()
        .filter(reuses::Column::Private.eq(false))
        .filter(reuses::Column::Featured.eq(false))
        .filter(reuses::Column::Archived.is_null())
        .filter(reuses::Column::Deleted.is_null())
        .filter(reuses::Column::DatasetsCount.gt(0))
        .filter(reuses::Column::CreatedAt.gte(now - NEW_FOR))
        .filter(reuses::Column::Id.not_in_subquery(broken))
        .order_by_desc(reuses::Column::Followers)
        .order_by_desc(reuses::Column::Views)
        .order_by_desc(reuses::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}
