//! A search of the catalog by offset, with more filters and sorts than the dataset list: what
//! CKAN's `package_search` asks of it.

use chrono::{DateTime, Utc};
use entity::datasets;
use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::list::{DatasetFilter, matching};
use super::{DatasetCard, dataset_cards};
use crate::error::{AppError, AppResult};
use crate::models::paging::check_filter_values;

/// Most datasets one search gives (CKAN's own default bound on `rows`).
pub const MAX_ROWS: u64 = 1000;

/// The order of a search's results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DatasetSort {
    /// Last modified first (CKAN's default after relevance).
    #[default]
    ModifiedDesc,
    /// Least recently modified first.
    ModifiedAsc,
    /// Newest first.
    CreatedDesc,
    /// Oldest first.
    CreatedAsc,
    /// By title.
    TitleAsc,
    /// By title, backwards.
    TitleDesc,
    /// By slug.
    NameAsc,
    /// By slug, backwards.
    NameDesc,
}

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct DatasetSearch {
    /// Words, organization, tags.
    pub filter: DatasetFilter,
    /// Only these ids, when any.
    pub ids: Vec<String>,
    /// Only these slugs, when any.
    pub slugs: Vec<String>,
    /// Modified at or after this time.
    pub modified_since: Option<DateTime<Utc>>,
    /// Modified at or before this time.
    pub modified_until: Option<DateTime<Utc>>,
    /// The order.
    pub sort: DatasetSort,
}

/// One window of a search's results.
pub struct SearchResults {
    /// How many datasets match in all.
    pub count: u64,
    /// Those from the offset asked for.
    pub items: Vec<DatasetCard>,
}

/// The datasets `search` matches (deleted ones left out), `rows` of them from `start`; an
/// unknown organization matches nothing.
pub async fn search_datasets(
    db: &impl ConnectionTrait,
    search: &DatasetSearch,
    start: u64,
    rows: u64,
) -> AppResult<SearchResults> {
    if rows > MAX_ROWS {
        return Err(AppError::field(
            "rows",
            format!("must be at most {MAX_ROWS}"),
        ));
    }
    check_filter_values("id", search.ids.len(), "values")?;
    check_filter_values("name", search.slugs.len(), "values")?;
    let mut select = match matching(db, &search.filter).await {
        Ok(select) => select,
        Err(AppError::NotFound(_)) => {
            return Ok(SearchResults {
                count: 0,
                items: Vec::new(),
            });
        }
        Err(err) => return Err(err),
    };
    if !search.ids.is_empty() {
        select = select.filter(datasets::Column::Id.is_in(search.ids.clone()));
    }
    if !search.slugs.is_empty() {
        select = select.filter(datasets::Column::Slug.is_in(search.slugs.clone()));
    }
    if let Some(since) = search.modified_since {
        select = select.filter(datasets::Column::LastModified.gte(since));
    }
    if let Some(until) = search.modified_until {
        select = select.filter(datasets::Column::LastModified.lte(until));
    }
    let count = select.clone().count(db).await?;
    use DatasetSort::*;
    select = match search.sort {
        ModifiedDesc => select.order_by_desc(datasets::Column::LastModified),
        ModifiedAsc => select.order_by_asc(datasets::Column::LastModified),
        CreatedDesc => select.order_by_desc(datasets::Column::CreatedAt),
        CreatedAsc => select.order_by_asc(datasets::Column::CreatedAt),
        TitleAsc => select.order_by_asc(datasets::Column::Title),
        TitleDesc => select.order_by_desc(datasets::Column::Title),
        NameAsc => select.order_by_asc(datasets::Column::Slug),
        NameDesc => select.order_by_desc(datasets::Column::Slug),
    };
    let rows = select
        .order_by_asc(datasets::Column::Id)
        .offset(start)
        .limit(rows)
        .all(db)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter();
    // Cards are read 500 rows at a time, each a few queries by key.
    loop {
        let chunk: Vec<datasets::Model> = rows.by_ref().take(500).collect();
        if chunk.is_empty() {
            break;
        }
        items.extend(dataset_cards(db, chunk).await?);
    }
    Ok(SearchResults { count, items })
}
