//! The dataset list: its filters, and one page of the datasets they match.

use entity::{dataset_tags, datasets};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::{DatasetCard, dataset_cards};
use crate::error::AppResult;
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::text::{contains_ci, normalize_tags};

/// Filters of the dataset list.
#[derive(Clone, Debug, Default)]
pub struct DatasetFilter {
    /// Words to find in the title.
    pub q: Option<String>,
    /// Organization id or slug.
    pub organization: Option<String>,
    /// Tags that must all be present.
    pub tags: Vec<String>,
}

/// Datasets matching the filter (deleted ones left out), newest first.
pub async fn list_datasets(
    db: &impl ConnectionTrait,
    filter: &DatasetFilter,
    paging: Paging,
) -> AppResult<PageOf<DatasetCard>> {
    let select = matching(db, filter).await?;
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(datasets::Column::CreatedAt)
        .order_by_asc(datasets::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items: dataset_cards(db, rows).await?,
        total,
        paging,
    })
}

/// The query of the datasets `filter` matches, deleted ones left out (an unknown organization
/// is not found).
pub(super) async fn matching(
    db: &impl ConnectionTrait,
    filter: &DatasetFilter,
) -> AppResult<Select<datasets::Entity>> {
    let words = filter
        .q
        .as_deref()
        .map_or(0, |q| q.split_whitespace().count());
    check_filter_values("q", words, "words")?;
    check_filter_values("tag", filter.tags.len(), "values")?;
    let mut select = datasets::Entity::find().filter(datasets::Column::Deleted.eq(false));
    if let Some(q) = filter.q.as_deref() {
        for word in q.split_whitespace() {
            select = select.filter(contains_ci(datasets::Column::Title, word));
        }
    }
    if let Some(org) = filter.organization.as_deref() {
        let org = crate::models::organizations::find_organization(db, org).await?;
        select = select.filter(datasets::Column::OrganizationId.eq(org.id));
    }
    for tag in normalize_tags(&filter.tags) {
        select = select.filter(
            datasets::Column::Id.in_subquery(
                Query::select()
                    .column(dataset_tags::Column::DatasetId)
                    .from(dataset_tags::Entity)
                    .and_where(dataset_tags::Column::Tag.eq(tag))
                    .to_owned(),
            ),
        );
    }
    Ok(select)
}
