//! The reuse list: udata's filters and sorts, as each viewer may see it.

use std::future::Future;
use std::sync::Arc;

use entity::{organizations, reuse_datasets, reuse_tags, reuses, users};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, IdenStatic, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};

use crate::cache::Cache;
use crate::cache::GALLERY;
use crate::error::{AppError, AppResult};
use crate::models::paging::{PageOf, Paging, check_filter_values};
use crate::models::reuses::index::{GalleryIndexes, SORT_KEYS};
use crate::models::reuses::kinds::{TOPICS, TYPES, ids, is_one_of};
use crate::models::reuses::{Detail, ReuseCard, reuse_cards_by_ids, visible_to};
use crate::models::text::normalize_tags;
use crate::permissions::Viewer;

/// Filters and sort of the reuse list.
#[derive(Clone, Debug, Default)]
pub struct ReuseFilter {
    /// Words that must all appear (title, description or tags).
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

/// A list's sort: which of [`SORT_KEYS`], its column and its direction.
struct Sort {
    at: usize,
    column: reuses::Column,
    order: Order,
}

fn sort_order(sort: Option<&str>) -> AppResult<Sort> {
    let sort = sort.unwrap_or("-created");
    let (key, order) = match sort.strip_prefix('-') {
        Some(key) => (key, Order::Desc),
        None => (sort, Order::Asc),
    };
    let Some(at) = SORT_KEYS.iter().position(|known| *known == key) else {
        return Err(AppError::field(
            "sort",
            format!(
                "{sort:?} is not a sort: use one of {} (prefix - for descending)",
                SORT_KEYS.join(", ")
            ),
        ));
    };
    let column = [
        reuses::Column::Title,
        reuses::Column::CreatedAt,
        reuses::Column::LastModified,
        reuses::Column::DatasetsCount,
        reuses::Column::Followers,
        reuses::Column::Views,
    ][at];
    Ok(Sort { at, column, order })
}

impl ReuseFilter {
    /// The filters (not the sort) as one unambiguous string, for keys of cached counts.
    fn key(&self) -> String {
        format!(
            "{:?}",
            (
                self.q.as_deref().map(str::trim),
                &self.kind,
                &self.topic,
                normalize_tags(&self.tags),
                &self.dataset,
                &self.organization,
                &self.owner,
                (self.featured, self.private, self.archived),
            )
        )
    }
}

/// Where the total of `filter` is kept for anonymous visitors: counting is the costly part of
/// a page at portal scale (it reads every match, where the page reads 20), so what they see is
/// counted once a gallery generation and filter set; a write bumps the generation.
struct Totals<'a> {
    cache: &'a Cache,
    key: String,
}

impl<'a> Totals<'a> {
    async fn of(cache: &'a Cache, viewer: &Viewer, filter: &ReuseFilter) -> Option<Self> {
        if viewer.user.is_some() {
            return None;
        }
        let generation = cache.generation(GALLERY).await?;
        Some(Self {
            cache,
            key: format!("reuse-total:{generation}:{}", filter.key()),
        })
    }

    /// The kept total, or `count`'s, then kept.
    async fn get_or(&self, count: impl Future<Output = Result<u64, DbErr>>) -> AppResult<u64> {
        let counted = async { Ok(Arc::from(count.await?.to_string().as_bytes())) };
        let bytes = self.cache.get_versioned_or(&self.key, counted).await?;
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(|| AppError::Internal(format!("cached total {:?} unreadable", self.key)))
    }
}

/// The ids of one page of `select` sorted by `column`, and the number of all its matches.
///
/// A count then a page read the matches twice; here they are read once, in a subquery kept
/// apart from the sort (its `OFFSET 0` on PostgreSQL: flattened, it would walk the sort index
/// and probe every reuse of the catalog to count them), numbered in sort order, and the page
/// taken out of them. The first match always comes too, so a page past the last one still
/// tells the total.
async fn page_and_total(
    db: &impl ConnectionTrait,
    select: &Select<reuses::Entity>,
    column: reuses::Column,
    order: Order,
    paging: Paging,
) -> AppResult<(Vec<String>, u64)> {
    let backend = db.get_database_backend();
    let mut inner = select
        .clone()
        .select_only()
        .column(reuses::Column::Id)
        .column(column)
        .into_query();
    if backend == DbBackend::Postgres {
        // SQLite takes no OFFSET without LIMIT, and keeps a subquery with a window apart.
        inner.offset(0);
    }
    let direction = if order == Order::Desc { "DESC" } else { "ASC" };
    let numbered = Query::select()
        .column((Alias::new("matches"), reuses::Column::Id))
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
        .expr_as(
            Expr::cust(format!(
                "ROW_NUMBER() OVER (ORDER BY \"matches\".\"{}\" {direction}, \"matches\".\"id\" {direction})",
                column.as_str()
            )),
            Alias::new("n"),
        )
        .from_subquery(inner, Alias::new("matches"))
        .to_owned();
    let (first, last) = (
        paging.offset(),
        paging.offset().saturating_add(paging.page_size),
    );
    let page = Query::select()
        .columns([Alias::new("id"), Alias::new("total"), Alias::new("n")])
        .from_subquery(numbered, Alias::new("numbered"))
        .and_where(Expr::cust(format!(
            "n = 1 OR (n > {first} AND n <= {last})"
        )))
        .order_by(Alias::new("n"), Order::Asc)
        .to_owned();
    let rows = db.query_all_raw(backend.build(&page)).await?;
    let mut total = 0;
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, all, n): (String, i64, i64) = (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
        );
        total = u64::try_from(all).unwrap_or_default();
        if u64::try_from(n).is_ok_and(|n| n > first && n <= last) {
            ids.push(id);
        }
    }
    Ok((ids, total))
}

/// One page of the reuses `viewer` may see that match `filter`, as cards of `detail`. For
/// anonymous visitors it comes from this generation's [`GalleryIndex`] when the instance has it
/// (words to search for only on PostgreSQL, whose lexemes it keeps); otherwise from the
/// database, the total from `cache` when it has it (see [`Totals`]).
///
/// [`GalleryIndex`]: crate::models::reuses::index::GalleryIndex
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

/// A page's reuses' ids in order, and the number of all matches.
type Ids = (Vec<String>, u64);

/// The page from this generation's gallery index, when `viewer` is anonymous and the index is
/// built: the ids in order and the total from memory.
async fn from_index(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
    sort: &Sort,
    paging: Paging,
) -> AppResult<Option<Ids>> {
    let index = match cache.generation(GALLERY).await {
        Some(generation) if viewer.user.is_none() => gallery.of(generation),
        _ => None,
    };
    let lexemes = match (&index, filter.q.as_deref()) {
        (Some(_), Some(q)) => crate::search::lexemes_of(db, q).await?,
        _ => None,
    };
    Ok(index
        .and_then(|index| {
            index.page(
                filter,
                lexemes.as_deref(),
                sort.at,
                sort.order == Order::Desc,
                paging,
            )
        })
        .map(|page| (page.ids, page.total)))
}

/// The page from the database, the total from `cache` when it has it (see [`Totals`]).
async fn from_database(
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

/// The reuses a user owns or their organizations own (private ones too, deleted ones not).
pub async fn reuses_of_user(db: &impl ConnectionTrait, user_id: &str) -> AppResult<Vec<ReuseCard>> {
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
        .order_by_desc(reuses::Column::CreatedAt);
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
