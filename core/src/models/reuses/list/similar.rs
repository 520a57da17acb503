//! Reuses like a given one, for the bottom of its page: those sharing the most of its
//! datasets, then those of its topic.

use entity::{reuse_datasets, reuses};
use sea_orm::sea_query::{Expr, JoinType, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};

use crate::error::AppResult;
use crate::models::reuses::{Detail, ReuseCard, reuse_cards_by_ids, visible_to};
use crate::permissions::Viewer;

/// Up to `limit` public reuses like `reuse`, as summary cards: first those that share the most
/// datasets with it (then the most followed), then the most followed of its topic. Public ones
/// only, whoever looks: the page they end is the same for everyone.
///
/// Two queries bounded by `limit`, walking only the links of `reuse`'s datasets and the
/// reuses of its topic (both indexed), and one to read the cards.
pub async fn similar_reuses(
    db: &impl ConnectionTrait,
    reuse: &reuses::Model,
    limit: u64,
) -> AppResult<Vec<ReuseCard>> {
    let its_datasets = Query::select()
        .column(reuse_datasets::Column::DatasetId)
        .from(reuse_datasets::Entity)
        .and_where(reuse_datasets::Column::ReuseId.eq(reuse.id.as_str()))
        .to_owned();
    let mut ids: Vec<String> = reuses::Entity::find()
        .select_only()
        .column(reuses::Column::Id)
        .join(JoinType::InnerJoin, reuses::Relation::ReuseDatasets.def())
        .filter(reuse_datasets::Column::DatasetId.in_subquery(its_datasets))
        .filter(reuses::Column::Id.ne(reuse.id.as_str()))
        .filter(visible_to(&Viewer::default()))
        .group_by(reuses::Column::Id)
        .group_by(reuses::Column::Followers)
        .order_by(Expr::cust("COUNT(*)"), Order::Desc)
        .order_by_desc(reuses::Column::Followers)
        .order_by_asc(reuses::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let missing = limit.saturating_sub(ids.len() as u64);
    if missing > 0 {
        let mut excluded = ids.clone();
        excluded.push(reuse.id.clone());
        let same_topic: Vec<String> = reuses::Entity::find()
            .select_only()
            .column(reuses::Column::Id)
            .filter(reuses::Column::Topic.eq(reuse.topic.as_str()))
            .filter(reuses::Column::Id.is_not_in(excluded))
            .filter(visible_to(&Viewer::default()))
            .order_by_desc(reuses::Column::Followers)
            .order_by_desc(reuses::Column::CreatedAt)
            .limit(missing)
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(same_topic);
    }
    reuse_cards_by_ids(db, &ids, Detail::Summary).await
}
