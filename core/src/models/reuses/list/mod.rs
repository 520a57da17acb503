//! The reuse list: udata's filters and sorts, as each viewer may see it.

mod database;
mod indexed;
mod page;
mod selections;
mod similar;
mod sort;
mod totals;

use std::collections::HashMap;
use std::sync::Arc;

use entity::organizations;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

pub use selections::{featured_reuses, recent_reuses, reuses_of_user};
pub use similar::similar_reuses;

use crate::cache::Cache;
use crate::cache::gallery_index::GalleryIndexes;
use crate::error::{AppError, AppResult};
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::reuses::kinds::{TOPICS, TYPES, ids, is_one_of};
use crate::models::reuses::{Detail, ReuseCard, reuse_cards_by_ids};
use crate::permissions::Viewer;
use database::from_database;
use indexed::from_index;
use sort::sort_order;

/// Filters and sort of the reuse list.
#[derive(Clone, Debug, Default)]
pub struct ReuseFilter {
    /// Words that must all appear (title, description, tags, its datasets' titles or its
    /// organization's name).
    pub q: Option<String>,
    /// Sort key, `-` for descending; newest first by default.
    pub sort: Option<String>,
    /// Reuse type.
    pub kind: Option<String>,
    /// Topic.
    pub topic: Option<String>,
    /// Tags that must all be present.
    pub tags: Vec<String>,
    /// A dataset it uses (id).
    pub dataset: Option<String>,
    /// Owning organization (id or slug).
    pub organization: Option<String>,
    /// Owning user (id).
    pub owner: Option<String>,
    /// Featured ones only (or not featured ones).
    pub featured: Option<bool>,
    /// Private ones only (or public ones).
    pub private: Option<bool>,
    /// Archived ones only (or not archived ones).
    pub archived: Option<bool>,
}

impl ReuseFilter {
    /// The words searched for, when nothing else narrows the list (the sort aside): a search
    /// that finds nothing then says what people look for (see [`crate::cache::search_misses`]).
    pub fn search_only(&self) -> Option<&str> {
        let narrowed = self.kind.is_some()
            || self.topic.is_some()
            || !self.tags.is_empty()
            || self.dataset.is_some()
            || self.organization.is_some()
            || self.owner.is_some()
            || self.featured.is_some()
            || self.private.is_some()
            || self.archived.is_some();
        self.q.as_deref().filter(|_| !narrowed)
    }
}

/// One page of the reuses `viewer` may see that match `filter`, as cards of `detail`. For
/// anonymous visitors it comes from this generation's [`GalleryIndex`] when the instance has it
/// (words to search for only on PostgreSQL, whose lexemes it keeps); otherwise from the
/// database, the total from `cache` when it has it (see [`Totals`]).
///
/// [`GalleryIndex`]: crate::cache::gallery_index::GalleryIndex
/// [`Totals`]: totals::Totals
pub async fn list_reuses(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
    paging: Paging,
    detail: Detail,
) -> AppResult<PageOf<ReuseCard>> {
    let sort = sort_order(filter.sort.as_deref())?;
    check_filter_values("tag", filter.tags.len(), "values")?;
    if let Some(kind) = &filter.kind
        && !is_one_of(TYPES, kind)
    {
        return Err(AppError::field(
            "type",
            format!("{kind:?} is not a type: use one of {}", ids(TYPES)),
        ));
    }
    if let Some(topic) = &filter.topic
        && !is_one_of(TOPICS, topic)
    {
        return Err(AppError::field(
            "topic",
            format!("{topic:?} is not a topic: use one of {}", ids(TOPICS)),
        ));
    }
    let filter = by_organization_id(db, filter).await?;
    let (ids, total) = match from_index(db, cache, gallery, viewer, &filter, &sort, paging).await? {
        Some(found) => found,
        None => from_database(db, cache, viewer, &filter, &sort, paging).await?,
    };
    Ok(PageOf {
        items: reuse_cards_by_ids(db, &ids, detail).await?,
        total,
        paging,
    })
}

/// How many reuses of each type (by id) `viewer` may see that match `filter` whatever its
/// type, when the gallery index can tell (anonymous visitors, index built, words only on
/// PostgreSQL): one pass in memory, never a count over the tables.
pub async fn type_counts(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<Option<HashMap<String, u64>>> {
    let filter = by_organization_id(db, filter).await?;
    indexed::type_counts(db, cache, gallery, viewer, &filter).await
}

/// How many reuses of each topic `viewer` may see that match `filter` whatever its topic,
/// when the gallery index can tell, as [`type_counts`].
pub async fn topic_counts(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<Option<HashMap<String, u64>>> {
    let filter = by_organization_id(db, filter).await?;
    indexed::topic_counts(db, cache, gallery, viewer, &filter).await
}

/// `filter` with its organization as an id when it names one by slug.
async fn by_organization_id(
    db: &impl ConnectionTrait,
    filter: &ReuseFilter,
) -> AppResult<ReuseFilter> {
    let mut filter = filter.clone();
    if let Some(org) = &filter.organization {
        let found = organizations::Entity::find()
            .filter(
                Condition::any()
                    .add(organizations::Column::Id.eq(org.as_str()))
                    .add(organizations::Column::Slug.eq(org.as_str())),
            )
            .one(db)
            .await?;
        if let Some(found) = found {
            filter.organization = Some(found.id);
        }
    }
    Ok(filter)
}

/// A page's reuses' ids in order, and the number of all matches.
type Ids = (Vec<String>, u64);
