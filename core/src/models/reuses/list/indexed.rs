//! A page of the reuse list taken from the instance's gallery index, for anonymous visitors.

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::{ConnectionTrait, Order};

use super::sort::Sort;
use super::{Ids, ReuseFilter};
use crate::cache::gallery_index::{GalleryIndex, GalleryIndexes};
use crate::cache::{Cache, GALLERY};
use crate::error::AppResult;
use crate::models::paging::Paging;
use crate::permissions::Viewer;

/// The page from this generation's gallery index, when `viewer` is anonymous and the index is
/// built: the ids in order and the total from memory.
pub(super) async fn from_index(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
    sort: &Sort,
    paging: Paging,
) -> AppResult<Option<Ids>> {
    let (index, lexemes) = index_and_lexemes(db, cache, gallery, viewer, filter).await?;
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

/// How many reuses of each type match `filter` whatever its type, from this generation's
/// gallery index when `viewer` is anonymous and the index is built and can answer.
pub(super) async fn type_counts(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<Option<HashMap<String, u64>>> {
    let (index, lexemes) = index_and_lexemes(db, cache, gallery, viewer, filter).await?;
    Ok(index.and_then(|index| index.type_counts(filter, lexemes.as_deref())))
}

/// How many reuses of each topic match `filter` whatever its topic, as [`type_counts`].
pub(super) async fn topic_counts(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<Option<HashMap<String, u64>>> {
    let (index, lexemes) = index_and_lexemes(db, cache, gallery, viewer, filter).await?;
    Ok(index.and_then(|index| index.topic_counts(filter, lexemes.as_deref())))
}

/// This generation's index for an anonymous `viewer`, and the lexemes of the words to search
/// for (when there is an index and words).
async fn index_and_lexemes(
    db: &impl ConnectionTrait,
    cache: &Cache,
    gallery: &Arc<GalleryIndexes>,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<(
    Option<Arc<GalleryIndex>>,
    Option<Vec<crate::search::Lexeme>>,
)> {
    let index = match cache.generation(GALLERY).await {
        Some(generation) if viewer.user.is_none() => gallery.of(generation),
        _ => None,
    };
    let lexemes = match (&index, filter.q.as_deref()) {
        (Some(_), Some(q)) => crate::search::lexemes_of(db, q).await?,
        _ => None,
    };
    Ok((index, lexemes))
}
