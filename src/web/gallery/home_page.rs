//! The home page: the animators' showcase.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::Data;
use poem::{Request, handler};

use super::CardView;
use crate::db::read;
use crate::error::HttpResult;
use crate::models::datasets::{DatasetFilter, list_datasets};
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::list::featured_reuses;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// The home page: the animators' showcase.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    frame: Frame,
    featured: Vec<CardView>,
    datasets: u64,
}

/// Shows the featured reuses.
#[handler]
pub async fn home(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
) -> HttpResult<HomePage> {
    let frame = Frame::of(req);
    let db = read(&state.db).await?;
    let cards = featured_reuses(&db, &viewer, 12, Detail::Summary).await?;
    let datasets = list_datasets(
        &db,
        &DatasetFilter::default(),
        Paging::new(Some(1), Some(1))?,
    )
    .await?
    .total;
    db.commit().await?;
    Ok(HomePage {
        featured: cards
            .iter()
            .map(|card| CardView::new(card, &frame))
            .collect(),
        frame,
        datasets,
    })
}
