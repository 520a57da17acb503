//! Reading showcases: all those a filter matches, one by any of its names, and a package
//! search through them.

use super::ShowcaseDict;
use crate::error::{AppError, AppResult};
use crate::models::datasets::{DatasetSearch, DatasetSort};
use crate::models::paging::{MAX_PAGE_SIZE, Paging};
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::{Detail, Found, ReuseCard, find_reuse};
use crate::permissions::Viewer;
use crate::state::AppState;

/// Every reuse `filter` matches that `viewer` may see, a page at a time.
pub(super) async fn all_reuses(
    state: &AppState,
    viewer: &Viewer,
    filter: &ReuseFilter,
) -> AppResult<Vec<ReuseCard>> {
    let mut cards = Vec::new();
    for page in 1.. {
        let paging = Paging::new(Some(page), Some(MAX_PAGE_SIZE))?;
        let found = list_reuses(
            &state.db,
            &state.cache,
            &state.gallery,
            viewer,
            filter,
            paging,
            Detail::Full,
        )
        .await?;
        let more = found.has_next();
        cards.extend(found.items);
        if !more {
            break;
        }
    }
    Ok(cards)
}

/// The showcase `id` (an id, a name, or a former name) as `viewer` may see it.
pub async fn showcase(state: &AppState, viewer: &Viewer, id: &str) -> AppResult<ReuseCard> {
    match find_reuse(&state.db, viewer, id).await? {
        Found::Reuse(card) => Ok(*card),
        Found::MovedTo(slug) => match find_reuse(&state.db, viewer, &slug).await? {
            Found::Reuse(card) => Ok(*card),
            Found::MovedTo(_) => Err(AppError::not_found("showcase", id)),
        },
    }
}

/// The reuses' sort that stands for a package search's (they have no order by slug: by title).
fn reuse_sort(sort: DatasetSort) -> &'static str {
    match sort {
        DatasetSort::ModifiedDesc => "-last_modified",
        DatasetSort::ModifiedAsc => "last_modified",
        DatasetSort::CreatedDesc => "-created",
        DatasetSort::CreatedAsc => "created",
        DatasetSort::TitleAsc | DatasetSort::NameAsc => "title",
        DatasetSort::TitleDesc | DatasetSort::NameDesc => "-title",
    }
}

/// The showcases `search` matches that `viewer` may see (`package_search` with
/// `fq=dataset_type:showcase`), `rows` of them from `start`, and how many match in all.
pub async fn search_showcases(
    state: &AppState,
    viewer: &Viewer,
    search: &DatasetSearch,
    start: u64,
    rows: u64,
) -> AppResult<(u64, Vec<ShowcaseDict>)> {
    let filter = ReuseFilter {
        q: search.filter.q.clone(),
        tags: search.filter.tags.clone(),
        organization: search.filter.organization.clone(),
        sort: Some(reuse_sort(search.sort).to_owned()),
        ..ReuseFilter::default()
    };
    let cards = match all_reuses(state, viewer, &filter).await {
        Err(AppError::NotFound(_)) => Vec::new(),
        found => found?,
    };
    let wanted = |card: &ReuseCard| {
        let reuse = &card.reuse;
        (search.ids.is_empty() || search.ids.contains(&reuse.id))
            && (search.slugs.is_empty() || search.slugs.contains(&reuse.slug))
            && search
                .modified_since
                .is_none_or(|since| reuse.last_modified >= since)
            && search
                .modified_until
                .is_none_or(|until| reuse.last_modified <= until)
    };
    let matching: Vec<ReuseCard> = cards.into_iter().filter(wanted).collect();
    let url = &state.config.public_url;
    let window = matching
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(rows).unwrap_or(usize::MAX))
        .map(|card| ShowcaseDict::new(card, url))
        .collect();
    Ok((matching.len() as u64, window))
}
