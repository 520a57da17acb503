//! The short lists outside the gallery: the home showcase, a user's own reuses and the feed's
//! newest ones.

use entity::reuses;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use crate::error::AppResult;
use crate::models::reuses::{Detail, ReuseCard, reuse_cards_by_ids, visible_to};
use crate::permissions::Viewer;

/// The featured reuses of the home showcase, in the animators' order, as cards of `detail`.
pub async fn featured_reuses(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    limit: u64,
    detail: Detail,
) -> AppResult<Vec<ReuseCard>> {
    let featured = reuses::Entity::find()
        .filter(visible_to(&Viewer::default()))
        .filter(visible_to(viewer))
        .filter(reuses::Column::Featured.eq(true))
        .order_by_asc(reuses::Column::FeaturedPosition)
        .order_by_desc(reuses::Column::CreatedAt)
        .limit(limit);
    reuse_cards_by_ids(db, &ids_of(db, featured).await?, detail).await
}

/// The reuses a user owns or their organizations own (private ones too, deleted ones not),
/// newest first, the first `limit` when given.
pub async fn reuses_of_user(
    db: &impl ConnectionTrait,
    user_id: &str,
    limit: Option<u64>,
) -> AppResult<Vec<ReuseCard>> {
    let mine = Condition::any()
        .add(reuses::Column::OwnerId.eq(user_id))
        .add(
            reuses::Column::OrganizationId.in_subquery(
                Query::select()
                    .column(entity::members::Column::OrganizationId)
                    .from(entity::members::Entity)
                    .and_where(entity::members::Column::UserId.eq(user_id))
                    .to_owned(),
            ),
        );
    let theirs = reuses::Entity::find()
        .filter(mine)
        .filter(reuses::Column::Deleted.is_null())
        .order_by_desc(reuses::Column::CreatedAt)
        .limit(limit);
    reuse_cards_by_ids(db, &ids_of(db, theirs).await?, Detail::Full).await
}

/// The newest visible reuses, for the Atom feed (summaries: it shows neither tags nor datasets).
pub async fn recent_reuses(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<ReuseCard>> {
    let newest = reuses::Entity::find()
        .filter(visible_to(&Viewer::default()))
        .order_by_desc(reuses::Column::CreatedAt)
        .limit(limit);
    reuse_cards_by_ids(db, &ids_of(db, newest).await?, Detail::Summary).await
}

/// The ids `select` finds, in its order: the cards are read by id (see [`reuse_cards_by_ids`]).
async fn ids_of(
    db: &impl ConnectionTrait,
    select: Select<reuses::Entity>,
) -> AppResult<Vec<String>> {
    Ok(select
        .select_only()
        .column(reuses::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}
