//! The catalog's datasets: their list, and a dataset's page with its reuses and discussions.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::cards::first_cards;
use super::{CardView, nonempty};
use crate::db::read;
use crate::error::HttpResult;
use crate::markdown;
use crate::models::datasets::{
    DatasetCard, DatasetFilter, find_dataset_even_deleted, list_datasets,
};
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;
use crate::web::oembed::discovery_url;

/// The datasets list.
#[derive(Template, WebTemplate)]
#[template(path = "datasets.html")]
pub struct DatasetsPage {
    frame: Frame,
    datasets: Vec<DatasetCard>,
    total: u64,
    q: String,
}

/// `?q=` of the datasets list.
#[derive(Deserialize)]
pub struct DatasetsQuery {
    q: Option<String>,
}

/// Lists the catalog's datasets.
#[handler]
pub async fn datasets_page(
    req: &Request,
    state: Data<&AppState>,
    query: Query<DatasetsQuery>,
) -> HttpResult<DatasetsPage> {
    let filter = DatasetFilter {
        q: nonempty(&query.q),
        ..DatasetFilter::default()
    };
    let found = list_datasets(&state.db, &filter, Paging::new(Some(1), Some(100))?).await?;
    Ok(DatasetsPage {
        frame: Frame::of(req),
        total: found.total,
        datasets: found.items,
        q: filter.q.unwrap_or_default(),
    })
}

/// A dataset's page.
#[derive(Template, WebTemplate)]
#[template(path = "dataset.html")]
pub struct DatasetPage {
    frame: Frame,
    dataset: DatasetCard,
    description: String,
    /// Archived or removed in the catalog, since when: what the page says of it.
    state_notice: Option<String>,
    /// The first reuses (a dozen) and how many there are: the gallery shows them all.
    reuses: Vec<CardView>,
    reuses_total: u64,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
    /// Its oEmbed address, for the discovery link.
    oembed: String,
}

/// Shows a dataset and its reuses; one the catalog deleted is shown too, saying so, with 410.
#[handler]
pub async fn dataset_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<Response> {
    let db = read(&state.db).await?;
    let dataset = find_dataset_even_deleted(&db, &slug).await?;
    let mut frame = Frame::of(req);
    frame
        .meta
        .describe(&dataset.dataset.title, &dataset.dataset.description, None);
    let filter = ReuseFilter {
        dataset: Some(dataset.dataset.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, reuses_total) = first_cards(&db, &state, &viewer, &filter, &frame, 12).await?;
    // Its discussions went with it (their subject is gone).
    let threads = if dataset.dataset.deleted {
        Vec::new()
    } else {
        discussions_about(&db, &viewer, SubjectClass::Dataset, &dataset.dataset.id).await?
    };
    db.commit().await?;
    let status = if dataset.dataset.deleted {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    Ok(DatasetPage {
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::Dataset.as_str(),
        discussion_subject: dataset.dataset.id.clone(),
        oembed: discovery_url(&state.config.public_url, &dataset.dataset.slug),
        description: markdown::render_plain(&dataset.dataset.description),
        state_notice: state_notice(&frame, &dataset.dataset),
        reuses,
        reuses_total,
        dataset,
        frame,
    }
    .with_status(status)
    .into_response())
}

/// What the page (and the widget) says of a dataset the catalog deleted or archived, if it did.
pub(super) fn state_notice(frame: &Frame, dataset: &entity::datasets::Model) -> Option<String> {
    let (undated, dated, at) = if dataset.deleted {
        ("dataset.deleted", "dataset.deleted_on", dataset.deleted_at)
    } else if dataset.archived {
        (
            "dataset.archived",
            "dataset.archived_since",
            dataset.archived_at,
        )
    } else {
        return None;
    };
    Some(match at {
        Some(at) => frame.t_args(dated, &[("date", frame.date(at).into())]),
        None => frame.t(undated).to_owned(),
    })
}
