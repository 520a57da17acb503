//! Filter values of the gallery's query string the page does not understand (`?type=bogus`):
//! the page drops them and says so, rather than answering 400 with the list of ids.

use crate::cache::gallery_index::SORT_KEYS;
use crate::models::paging::Paging;
use crate::models::reuses::kinds::{TOPICS, TYPES, is_one_of};
use crate::models::reuses::list::ReuseFilter;
use crate::web::Frame;

/// `filter` without the values no list understands, and the notice saying which were dropped.
pub(super) fn understood(mut filter: ReuseFilter, frame: &Frame) -> (ReuseFilter, Option<String>) {
    let mut dropped: Vec<&'static str> = Vec::new();
    if filter
        .kind
        .as_deref()
        .is_some_and(|kind| !is_one_of(TYPES, kind))
    {
        filter.kind = None;
        dropped.push(frame.t("gallery.type"));
    }
    if filter
        .topic
        .as_deref()
        .is_some_and(|topic| !is_one_of(TOPICS, topic))
    {
        filter.topic = None;
        dropped.push(frame.t("gallery.topic"));
    }
    if filter
        .sort
        .as_deref()
        .is_some_and(|sort| !SORT_KEYS.contains(&sort.strip_prefix('-').unwrap_or(sort)))
    {
        filter.sort = None;
        dropped.push(frame.t("gallery.sort"));
    }
    (filter, notice(frame, &dropped))
}

/// The page asked for, `size` reuses a page; the first page and a notice when the number is not
/// one (`?page=abc`, `?page=0`).
pub(super) fn paging(page: Option<String>, size: u64, frame: &Frame) -> (Paging, Option<String>) {
    let asked = page.map(|page| page.trim().parse::<u64>().map_err(drop));
    match asked.transpose().map(|page| Paging::new(page, Some(size))) {
        Ok(Ok(paging)) => (paging, None),
        _ => (
            Paging {
                page: 1,
                page_size: size,
            },
            notice(frame, &[frame.t("gallery.page")]),
        ),
    }
}

fn notice(frame: &Frame, dropped: &[&str]) -> Option<String> {
    (!dropped.is_empty()).then(|| {
        frame.t_args(
            "gallery.not_understood",
            &[("filters", dropped.join(", ").into())],
        )
    })
}
