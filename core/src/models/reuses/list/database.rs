//! A page of the reuse list taken from the database: the filters as SQL, and the total counted
//! or taken from the cache.

use entity::{reuse_datasets, reuse_tags, reuses, users};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::page::page_and_total;
use super::sort::Sort;
use super::totals::Totals;
use super::{Ids, ReuseFilter};
use crate::cache::Cache;
use crate::error::AppResult;
use crate::models::paging::Paging;
use crate::models::reuses::visible_to;
use crate::models::text::normalize_tags;
use crate::permissions::Viewer;

/// The page from the database, the total from `cache` when it has it (see [`Totals`]).
pub(super) async fn from_database(
    db: &impl ConnectionTrait,
    cache: &Cache,
    viewer: &Viewer,
    filter: &ReuseFilter,
    sort: &Sort,
    paging: Paging,
) -> AppResult<Ids> {
    let (column, order) = (sort.column, sort.order.clone());
    let mut select = reuses::Entity::find().filter(visible_to(viewer));
    if let Some(kind) = &filter.kind {
        select = select.filter(reuses::Column::Type.eq(kind.as_str()));
    }
    if let Some(topic) = &filter.topic {
        select = select.filter(reuses::Column::Topic.eq(topic.as_str()));
    }
    for tag in normalize_tags(&filter.tags) {
        select = select.filter(
            reuses::Column::Id.in_subquery(
                Query::select()
                    .column(reuse_tags::Column::ReuseId)
                    .from(reuse_tags::Entity)
                    .and_where(reuse_tags::Column::Tag.eq(tag))
                    .to_owned(),
            ),
        );
    }
    if let Some(matching) = filter
        .q
        .as_deref()
        .and_then(|q| crate::search::reuses_matching(db.get_database_backend(), q))
    {
        select = select.filter(matching);
    }
    if let Some(dataset) = &filter.dataset {
        select = select.filter(
            reuses::Column::Id.in_subquery(
                Query::select()
                    .column(reuse_datasets::Column::ReuseId)
                    .from(reuse_datasets::Entity)
                    .and_where(reuse_datasets::Column::DatasetId.eq(dataset.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(org) = &filter.organization {
        select = select.filter(reuses::Column::OrganizationId.eq(org.as_str()));
    }
    if let Some(owner) = &filter.owner {
        let exists = users::Entity::find_by_id(owner.clone())
            .one(db)
            .await?
            .is_some();
        select =
            select.filter(reuses::Column::OwnerId.eq(if exists { owner.as_str() } else { "" }));
    }
    if let Some(featured) = filter.featured {
        select = select.filter(reuses::Column::Featured.eq(featured));
    }
    if let Some(private) = filter.private {
        select = select.filter(reuses::Column::Private.eq(private));
    }
    if let Some(archived) = filter.archived {
        select = select.filter(if archived {
            reuses::Column::Archived.is_not_null()
        } else {
            reuses::Column::Archived.is_null()
        });
    }
    // A tag, words, a dataset, an organization or an owner narrows the list to a few thousand
    // reuses at most: they are read once, counted and sorted (walking a sort index and probing
    // each reuse for the tag took 15 to 130 ms at 100,000 reuses). The whole catalog, a type
    // or a topic is walked in sort order for the page alone, and counted once a generation.
    let narrow = !filter.tags.is_empty()
        || filter.dataset.is_some()
        || filter.organization.is_some()
        || filter.owner.is_some()
        || filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    if narrow {
        return page_and_total(db, &select, column, order, paging).await;
    }
    let total = match Totals::of(cache, viewer, filter).await {
        Some(totals) => totals.get_or(select.clone().count(db)).await?,
        None => select.clone().count(db).await?,
    };
    if total == 0 {
        return Ok((Vec::new(), 0));
    }
    // On PostgreSQL the page's ids come from the gallery's covering index alone (migration
    // 000010), where selecting whole rows read every match.
    let ids = select
        .select_only()
        .column(reuses::Column::Id)
        .order_by(column, order.clone())
        .order_by(reuses::Column::Id, order)
        .offset(paging.offset())
        .limit(paging.page_size)
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok((ids, total))
}
