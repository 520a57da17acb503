//! The datasets page's list: words found in titles, descriptions and publishers' names, one
//! organization, one tag, only the reused; and the counts beside those filters.

use entity::{dataset_tags, datasets, organizations};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, JoinType, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select,
};
use serde::{Deserialize, Serialize};

use super::{DatasetCard, dataset_cards};
use crate::cache::{Cache, GALLERY};
use crate::error::AppResult;
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::text::contains_ci;

/// Tags offered as filters: the most used.
const TOP_TAGS: u64 = 30;

/// What the datasets page narrows the catalog to.
#[derive(Clone, Debug, Default)]
pub struct DatasetBrowse {
    /// Words that must each be in the title, the description or the publisher's name.
    pub q: Option<String>,
    /// An organization, by slug or id.
    pub organization: Option<String>,
    /// A tag.
    pub tag: Option<String>,
    /// Only datasets with at least one reuse.
    pub reused: bool,
}

impl DatasetBrowse {
    /// The words searched for, when nothing else narrows the list: a search that finds nothing
    /// then says what people look for (see [`crate::cache::search_misses`]).
    pub fn search_only(&self) -> Option<&str> {
        let narrowed = self.organization.is_some() || self.tag.is_some() || self.reused;
        self.q.as_deref().filter(|_| !narrowed)
    }
}

/// The datasets of the catalog `browse` keeps (neither deleted nor private), last modified
/// first.
pub async fn browse_datasets(
    db: &impl ConnectionTrait,
    browse: &DatasetBrowse,
    paging: Paging,
) -> AppResult<PageOf<DatasetCard>> {
    let select = kept(browse)?;
    let total = select.clone().count(db).await?;
    let rows = if paging.offset() < total {
        select
            .order_by_desc(datasets::Column::LastModified)
            .order_by_asc(datasets::Column::Id)
            .offset(paging.offset())
            .limit(paging.page_size)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    Ok(PageOf {
        items: dataset_cards(db, rows).await?,
        total,
        paging,
    })
}

fn kept(browse: &DatasetBrowse) -> AppResult<Select<datasets::Entity>> {
    let words: Vec<&str> = browse
        .q
        .as_deref()
        .map(|q| q.split_whitespace().collect())
        .unwrap_or_default();
    check_filter_values("q", words.len(), "words")?;
    let mut select = datasets::Entity::find().filter(in_catalog());
    for word in words {
        select = select.filter(
            Condition::any()
                .add(contains_ci(datasets::Column::Title, word))
                .add(contains_ci(datasets::Column::Description, word))
                .add(contains_ci(datasets::Column::Acronym, word))
                .add(datasets::Column::OrganizationId.in_subquery(organizations_named(word))),
        );
    }
    if let Some(organization) = browse.organization.as_deref() {
        select = select.filter(
            datasets::Column::OrganizationId.in_subquery(
                Query::select()
                    .column(organizations::Column::Id)
                    .from(organizations::Entity)
                    .cond_where(
                        Condition::any()
                            .add(organizations::Column::Id.eq(organization))
                            .add(organizations::Column::Slug.eq(organization)),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some(tag) = browse.tag.as_deref() {
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
    if browse.reused {
        select = select.filter(datasets::Column::Reuses.gt(0));
    }
    Ok(select)
}

/// Datasets the catalog lists publicly.
fn in_catalog() -> Condition {
    Condition::all()
        .add(datasets::Column::Deleted.eq(false))
        .add(datasets::Column::Private.eq(false))
}

/// Ids of the organizations whose name or acronym holds `word` (a short table: a few thousand
/// rows at most, against the catalog's tens of thousands of datasets).
fn organizations_named(word: &str) -> SelectStatement {
    Query::select()
        .column(organizations::Column::Id)
        .from(organizations::Entity)
        .cond_where(
            Condition::any()
                .add(contains_ci(organizations::Column::Name, word))
                .add(contains_ci(organizations::Column::Acronym, word)),
        )
        .to_owned()
}

/// An organization offered as a filter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OrganizationFacet {
    /// Its slug, the filter's value.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Datasets it publishes in the catalog.
    pub datasets: u64,
}

/// The counts beside the datasets page's filters, over the whole catalog.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DatasetFacets {
    /// Organizations publishing datasets, by name.
    pub organizations: Vec<OrganizationFacet>,
    /// The most used tags and their datasets, the most used first.
    pub tags: Vec<(String, u64)>,
    /// Datasets with at least one reuse.
    pub reused: u64,
}

/// The filters' counts, computed once a generation of the gallery (which every write and
/// every catalog sync bumps) rather than on each request.
pub async fn dataset_facets(db: &impl ConnectionTrait, cache: &Cache) -> AppResult<DatasetFacets> {
    cache
        .per_generation(GALLERY, "dataset-facets", count_facets(db))
        .await
}

async fn count_facets(db: &impl ConnectionTrait) -> Result<DatasetFacets, DbErr> {
    let organizations = datasets::Entity::find()
        .select_only()
        .column(organizations::Column::Slug)
        .column(organizations::Column::Name)
        .column_as(datasets::Column::Id.count(), "datasets")
        .join(JoinType::InnerJoin, datasets::Relation::Organizations.def())
        .filter(in_catalog())
        .group_by(organizations::Column::Slug)
        .group_by(organizations::Column::Name)
        .order_by_asc(organizations::Column::Name)
        .into_tuple::<(String, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(slug, name, datasets)| OrganizationFacet {
            slug,
            name,
            datasets: u64::try_from(datasets).unwrap_or_default(),
        })
        .collect();
    let tags = dataset_tags::Entity::find()
        .select_only()
        .column(dataset_tags::Column::Tag)
        .column_as(dataset_tags::Column::DatasetId.count(), "datasets")
        .join(JoinType::InnerJoin, dataset_tags::Relation::Datasets.def())
        .filter(in_catalog())
        .group_by(dataset_tags::Column::Tag)
        .order_by(Expr::col("datasets"), Order::Desc)
        .order_by_asc(dataset_tags::Column::Tag)
        .limit(TOP_TAGS)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(tag, datasets)| (tag, u64::try_from(datasets).unwrap_or_default()))
        .collect();
    let reused = datasets::Entity::find()
        .filter(in_catalog())
        .filter(datasets::Column::Reuses.gt(0))
        .count(db)
        .await?;
    Ok(DatasetFacets {
        organizations,
        tags,
        reused,
    })
}
