//! `/datasets/`: the catalog's datasets as cards, searched, filtered and paged from the query
//! string, without JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::card::DatasetCardView;
use crate::cache::search_misses::Scope;
use crate::error::HttpResult;
use crate::models::datasets::{DatasetBrowse, DatasetFacets, browse_datasets, dataset_facets};
use crate::models::text::normalize_tags;
use crate::page_cache::transient_if;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::gallery::finding::{Chip, Pager, list_link, numbered_pager};
use crate::web::gallery::{nonempty, understood};

/// Datasets a page.
const PAGE_SIZE: u64 = 20;

/// The datasets list's query string.
#[derive(Deserialize, Default)]
pub struct DatasetsQuery {
    q: Option<String>,
    organization: Option<String>,
    tag: Option<String>,
    /// Only the reused, when set (the checkbox sends `1`).
    reuses: Option<String>,
    page: Option<String>,
}

impl DatasetsQuery {
    fn browse(&self) -> DatasetBrowse {
        DatasetBrowse {
            q: nonempty(&self.q).map(|q| q.trim().to_owned()),
            organization: nonempty(&self.organization),
            tag: normalize_tags(nonempty(&self.tag)).pop(),
            reused: nonempty(&self.reuses).is_some(),
        }
    }
}

/// A filter's option: its value, its label with its count, and whether it is chosen.
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The datasets list.
#[derive(Template, WebTemplate)]
#[template(path = "datasets.html")]
pub struct DatasetsPage {
    frame: Frame,
    cards: Vec<DatasetCardView>,
    total: u64,
    q: String,
    organizations: Vec<FilterOption>,
    tags: Vec<FilterOption>,
    /// « Avec réutilisations (12) », and whether it is checked.
    reused: FilterOption,
    /// The active filters, each with a link to the list without it.
    chips: Vec<Chip>,
    pager: Option<Pager>,
    /// A page past the last: what to say, and the link to the last page.
    past_end: Option<(String, String)>,
}

/// Lists the catalog's datasets as cards: search, filters with their counts, numbered pages.
#[handler]
pub async fn datasets_page(
    req: &Request,
    state: Data<&AppState>,
    query: Query<DatasetsQuery>,
) -> HttpResult<Response> {
    let mut frame = Frame::of(req);
    let (paging, bad_page) = understood::paging(nonempty(&query.page), PAGE_SIZE, &frame);
    frame.notice = bad_page;
    frame.crumb(frame.t("datasets.title"), None);
    let browse = query.browse();
    let found = browse_datasets(&state.db, &browse, paging).await?;
    let facets = dataset_facets(&state.db, &state.cache).await?;
    let missed = state.misses.record_miss(
        Scope::Datasets,
        browse.search_only(),
        found.total,
        paging.page,
        state.clock.now(),
    );
    let pages = found.total.div_ceil(paging.page_size).max(1);
    let page = DatasetsPage {
        cards: found
            .items
            .iter()
            .map(|card| DatasetCardView::new(card, &frame))
            .collect(),
        total: found.total,
        q: browse.q.clone().unwrap_or_default(),
        organizations: organization_options(&frame, &facets, &browse),
        tags: tag_options(&frame, &facets, &browse),
        reused: FilterOption {
            value: "1".into(),
            label: format!(
                "{} ({})",
                frame.t("datasets.reused"),
                frame.number(facets.reused)
            ),
            selected: browse.reused,
        },
        chips: chips(&frame, &facets, &browse),
        pager: numbered_pager(paging.page, pages, |page| link(&browse, None, page)),
        past_end: (paging.page > pages).then(|| {
            let said = frame.t_args("gallery.past_end", &[("pages", pages.into())]);
            (said, link(&browse, None, pages))
        }),
        frame,
    };
    Ok(transient_if(page.into_response(), missed))
}

/// The list's address for `browse` without the filter `without`, at `page`.
fn link(browse: &DatasetBrowse, without: Option<&str>, page: u64) -> String {
    list_link("/datasets/", &params(browse), without, page)
}

fn params(browse: &DatasetBrowse) -> [(&'static str, Option<&str>); 4] {
    [
        ("q", browse.q.as_deref()),
        ("organization", browse.organization.as_deref()),
        ("tag", browse.tag.as_deref()),
        ("reuses", browse.reused.then_some("1")),
    ]
}

/// The active filters as chips, organizations by name.
fn chips(frame: &Frame, facets: &DatasetFacets, browse: &DatasetBrowse) -> Vec<Chip> {
    params(browse)
        .into_iter()
        .filter_map(|(key, value)| {
            let value = value?;
            let (name, shown) = match key {
                "q" => ("gallery.search_label", value.to_owned()),
                "organization" => ("gallery.organization", organization_name(facets, value)),
                "tag" => ("gallery.tag", value.to_owned()),
                _ => (
                    "datasets.reused_chip",
                    frame.t("datasets.reused").to_owned(),
                ),
            };
            let text = frame.t_args(
                "gallery.filter_chip",
                &[
                    ("name", frame.t(name).into()),
                    ("value", shown.as_str().into()),
                ],
            );
            Some(Chip {
                remove_label: frame
                    .t_args("gallery.remove_filter", &[("filter", text.as_str().into())]),
                text,
                href: link(browse, Some(key), 1),
            })
        })
        .collect()
}

/// An organization's name from the filter's options, else the value asked for.
fn organization_name(facets: &DatasetFacets, value: &str) -> String {
    facets
        .organizations
        .iter()
        .find(|org| org.slug == value)
        .map_or_else(|| value.to_owned(), |org| org.name.clone())
}

fn organization_options(
    frame: &Frame,
    facets: &DatasetFacets,
    browse: &DatasetBrowse,
) -> Vec<FilterOption> {
    let chosen = browse.organization.as_deref();
    let mut options: Vec<FilterOption> = facets
        .organizations
        .iter()
        .map(|org| FilterOption {
            value: org.slug.clone(),
            label: format!("{} ({})", org.name, frame.number(org.datasets)),
            selected: chosen == Some(org.slug.as_str()),
        })
        .collect();
    // One with no dataset (or asked for by id) stays chosen, so "Apply" keeps it.
    if let Some(chosen) = chosen
        && !options.iter().any(|option| option.selected)
    {
        options.push(FilterOption {
            value: chosen.to_owned(),
            label: chosen.to_owned(),
            selected: true,
        });
    }
    options
}

fn tag_options(frame: &Frame, facets: &DatasetFacets, browse: &DatasetBrowse) -> Vec<FilterOption> {
    let chosen = browse.tag.as_deref();
    let mut options: Vec<FilterOption> = facets
        .tags
        .iter()
        .map(|(tag, datasets)| FilterOption {
            value: tag.clone(),
            label: format!("{tag} ({})", frame.number(datasets)),
            selected: chosen == Some(tag.as_str()),
        })
        .collect();
    if let Some(chosen) = chosen
        && !options.iter().any(|option| option.selected)
    {
        options.push(FilterOption {
            value: chosen.to_owned(),
            label: chosen.to_owned(),
            selected: true,
        });
    }
    options
}
