//! The catalog's datasets: their list, and a dataset's page with its reuses and discussions.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path, Query};
use poem::{Request, handler};
use serde::Deserialize;

use super::cards::first_cards;
use super::{CardView, nonempty};
use crate::db::read;
use crate::error::HttpResult;
use crate::markdown;
use crate::models::datasets::{DatasetCard, DatasetFilter, find_dataset, list_datasets};
use crate::models::discussions::SubjectClass;
use crate::models::discussions::list::discussions_about;
use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::discussions::ThreadSummary;

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
    /// The first reuses (a dozen) and how many there are: the gallery shows them all.
    reuses: Vec<CardView>,
    reuses_total: u64,
    threads: Vec<ThreadSummary>,
    discussion_class: &'static str,
    discussion_subject: String,
}

/// Shows a dataset and its reuses.
#[handler]
pub async fn dataset_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<DatasetPage> {
    let db = read(&state.db).await?;
    let dataset = find_dataset(&db, &slug).await?;
    let frame = Frame::of(req);
    let filter = ReuseFilter {
        dataset: Some(dataset.dataset.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, reuses_total) = first_cards(&db, &state, &viewer, &filter, &frame, 12).await?;
    let threads =
        discussions_about(&db, &viewer, SubjectClass::Dataset, &dataset.dataset.id).await?;
    db.commit().await?;
    Ok(DatasetPage {
        threads: threads
            .iter()
            .map(|head| ThreadSummary::of_head(head, &frame))
            .collect(),
        discussion_class: SubjectClass::Dataset.as_str(),
        discussion_subject: dataset.dataset.id.clone(),
        description: markdown::render_plain(&dataset.dataset.description),
        reuses,
        reuses_total,
        dataset,
        frame,
    })
}
