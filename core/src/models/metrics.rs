//! udata's `metrics` of organizations and people, counted when they are shown: a few grouped
//! queries for a whole page of them, whatever its size.

use std::collections::HashMap;

use entity::{datasets, follows, members, reuses};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};

use crate::error::AppResult;
use crate::models::follows::Followable;

/// An organization's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrganizationMetrics {
    /// Its datasets in the catalog.
    pub datasets: u64,
    /// Its reuses that everybody may see.
    pub reuses: u64,
    /// People following it.
    pub followers: u64,
    /// Its members.
    pub members: u64,
}

/// A person's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UserMetrics {
    /// Datasets they publish in their own name.
    pub datasets: u64,
    /// Reuses of theirs (not of an organization) that everybody may see.
    pub reuses: u64,
    /// People following them.
    pub followers: u64,
    /// Datasets, reuses, organizations and people they follow.
    pub following: u64,
}

/// Datasets in the catalog (not deleted).
fn live_datasets() -> Select<datasets::Entity> {
    datasets::Entity::find().filter(datasets::Column::Deleted.eq(false))
}

/// Reuses everybody may see (as `reuses::visible_to` an anonymous caller).
fn visible_reuses() -> Select<reuses::Entity> {
    reuses::Entity::find()
        .filter(reuses::Column::Private.eq(false))
        .filter(reuses::Column::Deleted.is_null())
        .filter(reuses::Column::DatasetsCount.gt(0))
}

/// How many rows of `select` each value of `key` among `ids` has (one grouped query).
async fn count_by<E: EntityTrait>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    key: E::Column,
    ids: &[String],
) -> AppResult<HashMap<String, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(select
        .select_only()
        .column(key)
        .column_as(key.count(), "count")
        .filter(key.is_in(ids.iter().cloned()))
        .group_by(key)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, count)| (id, u64::try_from(count).unwrap_or_default()))
        .collect())
}

/// Followers of each subject of `kind` among `ids`.
async fn followers_of(
    db: &impl ConnectionTrait,
    kind: Followable,
    ids: &[String],
) -> AppResult<HashMap<String, u64>> {
    let select = follows::Entity::find().filter(follows::Column::SubjectClass.eq(kind.class()));
    count_by(db, select, follows::Column::SubjectId, ids).await
}

/// The counters of each organization among `ids` (four queries).
pub async fn organization_metrics(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, OrganizationMetrics>> {
    let datasets = count_by(db, live_datasets(), datasets::Column::OrganizationId, ids).await?;
    let reuses = count_by(db, visible_reuses(), reuses::Column::OrganizationId, ids).await?;
    let followers = followers_of(db, Followable::Organization, ids).await?;
    let members = count_by(
        db,
        members::Entity::find(),
        members::Column::OrganizationId,
        ids,
    )
    .await?;
    let of = |counts: &HashMap<String, u64>, id: &String| counts.get(id).copied().unwrap_or(0);
    Ok(ids
        .iter()
        .map(|id| {
            let metrics = OrganizationMetrics {
                datasets: of(&datasets, id),
                reuses: of(&reuses, id),
                followers: of(&followers, id),
                members: of(&members, id),
            };
            (id.clone(), metrics)
        })
        .collect())
}

/// The counters of one person (four queries).
pub async fn user_metrics(db: &impl ConnectionTrait, user_id: &str) -> AppResult<UserMetrics> {
    let ids = [user_id.to_owned()];
    let datasets = count_by(db, live_datasets(), datasets::Column::OwnerId, &ids).await?;
    let reuses = count_by(db, visible_reuses(), reuses::Column::OwnerId, &ids).await?;
    let followers = followers_of(db, Followable::User, &ids).await?;
    Ok(UserMetrics {
        datasets: datasets.get(user_id).copied().unwrap_or(0),
        reuses: reuses.get(user_id).copied().unwrap_or(0),
        followers: followers.get(user_id).copied().unwrap_or(0),
        following: crate::models::follows::count_following(db, user_id).await?,
    })
}
