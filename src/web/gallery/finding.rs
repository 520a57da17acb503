//! What helps a reader find a reuse in the gallery: the active filters as chips that remove
//! them, the filters the form does not show (dataset, organization, owner) kept by its hidden
//! inputs, and numbered pages.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::models::reuses::kinds::{TOPICS, TYPES};
use crate::models::reuses::list::ReuseFilter;
use crate::web::Frame;

/// Page numbers shown on each side of the current one.
const WINDOW: u64 = 2;

/// One active filter, shown above the results with a link to the list without it.
pub struct Chip {
    /// What the filter is and its value, « Type : Application ».
    pub text: String,
    /// « Retirer le filtre Type : Application ».
    pub remove_label: String,
    /// The same list without this filter (first page).
    pub href: String,
}

/// A link of the pager: a page number, or an ellipsis (no link).
pub struct PageLink {
    pub number: u64,
    pub href: Option<String>,
    pub current: bool,
}

/// Links to the first, previous, nearby, next and last pages.
pub struct Pager {
    pub first: Option<String>,
    pub previous: Option<String>,
    pub numbers: Vec<PageLink>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// The gallery's query parameters of `filter` except `without`, and `page` when past the first.
pub fn gallery_link(filter: &ReuseFilter, without: Option<&str>, page: u64) -> String {
    list_link("/reuses/", &params(filter), without, page)
}

/// A list's address at `path` with the filters `params` but `without`, at `page` (left out
/// when it is the first).
pub fn list_link(
    path: &str,
    params: &[(&str, Option<&str>)],
    without: Option<&str>,
    page: u64,
) -> String {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in params {
        if Some(*key) != without
            && let Some(value) = value
        {
            pairs.append_pair(key, value);
        }
    }
    if page > 1 {
        pairs.append_pair("page", &page.to_string());
    }
    let query = pairs.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

fn params(filter: &ReuseFilter) -> [(&'static str, Option<&str>); 8] {
    [
        ("q", filter.q.as_deref()),
        ("type", filter.kind.as_deref()),
        ("topic", filter.topic.as_deref()),
        ("tag", filter.tags.first().map(String::as_str)),
        ("dataset", filter.dataset.as_deref()),
        ("organization", filter.organization.as_deref()),
        ("owner", filter.owner.as_deref()),
        ("sort", filter.sort.as_deref()),
    ]
}

/// The filters the form has no field for, as (name, value) of its hidden inputs.
pub fn hidden_inputs(filter: &ReuseFilter) -> Vec<(&'static str, String)> {
    params(filter)
        .into_iter()
        .filter(|(key, _)| matches!(*key, "dataset" | "organization" | "owner"))
        .filter_map(|(key, value)| Some((key, value?.to_owned())))
        .collect()
}

/// The chips of the active filters of `filter`, datasets, organizations and owners by name.
pub async fn chips(
    db: &impl ConnectionTrait,
    filter: &ReuseFilter,
    frame: &Frame,
) -> AppResult<Vec<Chip>> {
    let mut chips = Vec::new();
    for (key, value) in params(filter) {
        let Some(value) = value else { continue };
        let (name, shown) = match key {
            "q" => ("gallery.search_label", value.to_owned()),
            "type" => ("gallery.type", frame.t(&format!("type.{value}")).to_owned()),
            "topic" => (
                "gallery.topic",
                frame.t(&format!("topic.{value}")).to_owned(),
            ),
            "tag" => ("gallery.tag", value.to_owned()),
            "dataset" => ("gallery.dataset", dataset_name(db, value).await?),
            "organization" => ("gallery.organization", organization_name(db, value).await?),
            "owner" => ("gallery.owner", owner_name(db, value).await?),
            _ => continue,
        };
        let text = frame.t_args(
            "gallery.filter_chip",
            &[
                ("name", frame.t(name).into()),
                ("value", shown.as_str().into()),
            ],
        );
        chips.push(Chip {
            remove_label: frame
                .t_args("gallery.remove_filter", &[("filter", text.as_str().into())]),
            text,
            href: gallery_link(filter, Some(key), 1),
        });
    }
    Ok(chips)
}

/// A dataset's title, or its id when it is unknown or private.
async fn dataset_name(db: &impl ConnectionTrait, id: &str) -> AppResult<String> {
    let found = entity::datasets::Entity::find_by_id(id).one(db).await?;
    Ok(found
        .filter(|dataset| !dataset.private)
        .map_or_else(|| id.to_owned(), |dataset| dataset.title))
}

/// An organization's name (by id or slug), or what was asked for when it is unknown.
async fn organization_name(db: &impl ConnectionTrait, id: &str) -> AppResult<String> {
    use entity::organizations::{Column, Entity};
    let found = Entity::find()
        .filter(
            Condition::any()
                .add(Column::Id.eq(id))
                .add(Column::Slug.eq(id)),
        )
        .one(db)
        .await?;
    Ok(found.map_or_else(|| id.to_owned(), |organization| organization.name))
}

/// A user's name, or their id when unknown.
async fn owner_name(db: &impl ConnectionTrait, id: &str) -> AppResult<String> {
    let found = entity::users::Entity::find_by_id(id).one(db).await?;
    Ok(found.map_or_else(|| id.to_owned(), |user| user.name))
}

/// The type options: each type's label, with how many reuses of it match the other filters
/// when `counts` tells (« Application (3) »).
pub fn type_options(
    frame: &Frame,
    counts: Option<&HashMap<String, u64>>,
) -> Vec<(&'static str, String)> {
    counted_options(frame, TYPES, "type", counts)
}

/// The topic options, counted as [`type_options`] counts types.
pub fn topic_options(
    frame: &Frame,
    counts: Option<&HashMap<String, u64>>,
) -> Vec<(&'static str, String)> {
    counted_options(frame, TOPICS, "topic", counts)
}

/// Each of `ids` with its label (`<prefix>.<id>`), and its count when `counts` tells.
fn counted_options(
    frame: &Frame,
    ids: &[(&'static str, &'static str)],
    prefix: &str,
    counts: Option<&HashMap<String, u64>>,
) -> Vec<(&'static str, String)> {
    ids.iter()
        .map(|(id, _)| {
            let label = frame.t(&format!("{prefix}.{id}"));
            let label = match counts {
                Some(counts) => format!(
                    "{label} ({})",
                    frame.number(counts.get(*id).copied().unwrap_or(0))
                ),
                None => label.to_owned(),
            };
            (*id, label)
        })
        .collect()
}

/// The pager of page `page` of `pages` (links only to pages that exist); `None` for one page.
pub fn pager(filter: &ReuseFilter, page: u64, pages: u64) -> Option<Pager> {
    numbered_pager(page, pages, |number| gallery_link(filter, None, number))
}

/// The pager of any list: page `page` of `pages`, each page's address given by `link`.
pub fn numbered_pager(page: u64, pages: u64, link: impl Fn(u64) -> String) -> Option<Pager> {
    if pages <= 1 {
        return None;
    }
    let current = page.min(pages);
    let (from, to) = (
        current.saturating_sub(WINDOW).max(1),
        (current + WINDOW).min(pages),
    );
    let mut numbers = Vec::new();
    let number = |number: u64, shown: bool| PageLink {
        number,
        href: shown.then(|| link(number)),
        current: number == page,
    };
    if from > 1 {
        numbers.push(number(1, true));
        if from > 2 {
            numbers.push(number(0, false));
        }
    }
    for at in from..=to {
        numbers.push(number(at, true));
    }
    if to < pages {
        if to + 1 < pages {
            numbers.push(number(0, false));
        }
        numbers.push(number(pages, true));
    }
    let inside = page <= pages;
    Some(Pager {
        first: (page > 1).then(|| link(1)),
        previous: (page > 1 && inside).then(|| link(page - 1)),
        numbers,
        next: (page < pages).then(|| link(page + 1)),
        last: (page != pages).then(|| link(pages)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(page: u64, pages: u64) -> Vec<String> {
        pager(&ReuseFilter::default(), page, pages)
            .map(|pager| pager.numbers)
            .unwrap_or_default()
            .iter()
            .map(|link| match (&link.href, link.current) {
                (None, _) => "…".to_owned(),
                (Some(_), true) => format!("[{}]", link.number),
                (Some(_), false) => link.number.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_window_has_ellipses_only_where_pages_are_left_out() {
        assert!(shown(1, 1).is_empty());
        assert_eq!(shown(1, 3), ["[1]", "2", "3"]);
        assert_eq!(shown(1, 9), ["[1]", "2", "3", "…", "9"]);
        assert_eq!(shown(4, 9), ["1", "2", "3", "[4]", "5", "6", "…", "9"]);
        assert_eq!(shown(5, 9), ["1", "…", "3", "4", "[5]", "6", "7", "…", "9"]);
        assert_eq!(shown(9, 9), ["1", "…", "7", "8", "[9]"]);
        assert_eq!(shown(20, 9), ["1", "…", "7", "8", "9"]);
    }

    #[test]
    fn links_keep_the_filters_and_drop_the_one_removed() {
        let filter = ReuseFilter {
            kind: Some("application".into()),
            dataset: Some("d 1".into()),
            ..ReuseFilter::default()
        };
        assert_eq!(
            gallery_link(&filter, None, 3),
            "/reuses/?type=application&dataset=d+1&page=3"
        );
        assert_eq!(
            gallery_link(&filter, Some("type"), 1),
            "/reuses/?dataset=d+1"
        );
        assert_eq!(gallery_link(&ReuseFilter::default(), None, 1), "/reuses/");
        assert_eq!(hidden_inputs(&filter), [("dataset", "d 1".to_owned())]);
    }
}
