//! The site's figures, as udata's `/site/` gives them: how many datasets, reuses,
//! organizations, people, discussions and follows the community counts.

use entity::{datasets, discussions, follows, organizations, reuses, users};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::cache::{Cache, GALLERY};
use crate::error::AppResult;
use crate::models::reuses::visible_to;
use crate::permissions::Viewer;

/// The site's counters (udata's `Site.metrics`, those Vitrine has).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteMetrics {
    /// Datasets in the catalog (neither deleted nor archived).
    pub datasets: u64,
    /// Visible reuses.
    pub reuses: u64,
    /// Organizations.
    pub organizations: u64,
    /// Active accounts with a confirmed address.
    pub users: u64,
    /// Discussions not held for moderation.
    pub discussions: u64,
    /// Follows of datasets, reuses and organizations.
    pub followers: u64,
    /// Most followers of a dataset.
    pub max_dataset_followers: u64,
    /// Most reuses of a dataset.
    pub max_dataset_reuses: u64,
    /// Most datasets of a visible reuse.
    pub max_reuse_datasets: u64,
    /// Most followers of a visible reuse.
    pub max_reuse_followers: u64,
}

/// The site's counters, counted once a gallery generation (every write makes a new one) rather
/// than on each request: counting reuses and datasets reads every row of their indexes.
pub async fn site_metrics(db: &impl ConnectionTrait, cache: &Cache) -> AppResult<SiteMetrics> {
    cache
        .per_generation(GALLERY, "site-metrics", count_everything(db))
        .await
}

async fn count_everything(db: &impl ConnectionTrait) -> Result<SiteMetrics, DbErr> {
    let in_catalog = || {
        datasets::Entity::find()
            .filter(datasets::Column::Deleted.eq(false))
            .filter(datasets::Column::Archived.eq(false))
    };
    let visible_reuses = || reuses::Entity::find().filter(visible_to(&Viewer::default()));
    Ok(SiteMetrics {
        datasets: in_catalog().count(db).await?,
        reuses: visible_reuses().count(db).await?,
        organizations: organizations::Entity::find().count(db).await?,
        users: users::Entity::find()
            .filter(users::Column::Active.eq(true))
            .filter(users::Column::EmailVerified.eq(true))
            .count(db)
            .await?,
        discussions: discussions::Entity::find()
            .filter(discussions::Column::HeldReason.is_null())
            .count(db)
            .await?,
        followers: follows::Entity::find().count(db).await?,
        max_dataset_followers: largest(in_catalog(), datasets::Column::Followers, db).await?,
        max_dataset_reuses: largest(in_catalog(), datasets::Column::Reuses, db).await?,
        max_reuse_datasets: largest(visible_reuses(), reuses::Column::DatasetsCount, db).await?,
        max_reuse_followers: largest(visible_reuses(), reuses::Column::Followers, db).await?,
    })
}

/// The largest value of an integer `column` among the rows of `select` (0 when none).
async fn largest<E: EntityTrait>(
    select: sea_orm::Select<E>,
    column: impl ColumnTrait,
    db: &impl ConnectionTrait,
) -> Result<u64, DbErr> {
    let max: Option<Option<i32>> = select
        .select_only()
        .expr(Func::max(Expr::col(column)))
        .into_tuple()
        .one(db)
        .await?;
    Ok(max
        .flatten()
        .and_then(|value| u64::try_from(value).ok())
        .unwrap_or_default())
}
