//! `/data-requests/`: the requests, most supported first, filtered by status.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Query};
use poem::{Request, handler};
use serde::Deserialize;

use super::{badge_class, status_label};
use crate::db::read;
use crate::error::HttpResult;
use crate::markdown;
use crate::models::data_requests::{
    DataRequestCard, DataRequestFilter, Status, list_data_requests,
};
use crate::models::paging::Paging;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;
use crate::web::gallery::finding::{Pager, list_link, numbered_pager};

/// Requests a page of the list shows.
const PER_PAGE: u64 = 20;

/// `?status=` and `?page=` of the list.
#[derive(Deserialize)]
pub struct DataRequestsQuery {
    status: Option<String>,
    page: Option<String>,
}

/// One request as the list shows it.
pub struct RequestItem {
    /// Its page.
    pub path: String,
    /// What data.
    pub title: String,
    /// The first words of what it would serve.
    pub excerpt: String,
    /// Its status.
    pub status: Status,
    /// Its status, in words.
    pub status_label: &'static str,
    /// Its supporters.
    pub supporters: u64,
    /// Whether the viewer supports it.
    pub supported: bool,
}

impl RequestItem {
    fn status_class(&self) -> &'static str {
        badge_class(self.status)
    }

    fn of(card: &DataRequestCard, frame: &Frame) -> Self {
        Self {
            path: format!("/data-requests/{}/", card.request.id),
            title: card.request.title.clone(),
            excerpt: markdown::excerpt(&card.request.purpose, 200),
            status: card.status,
            status_label: status_label(frame, card.status),
            supporters: u64::try_from(card.request.supporters).unwrap_or_default(),
            supported: card.supported,
        }
    }
}

/// The list of requests.
#[derive(Template, WebTemplate)]
#[template(path = "data_requests/list.html")]
pub struct DataRequestsPage {
    frame: Frame,
    /// The status filtered on, if any.
    status: Option<&'static str>,
    /// Every status with its words, for the filter.
    statuses: Vec<(&'static str, &'static str)>,
    total: u64,
    requests: Vec<RequestItem>,
    pager: Option<Pager>,
}

impl DataRequestsPage {
    fn is_current(&self, status: &str) -> bool {
        self.status == Some(status)
    }
}

/// Lists the requests, most supported first; an unknown status or page shows them all.
#[handler]
pub async fn data_requests_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<DataRequestsQuery>,
) -> HttpResult<DataRequestsPage> {
    let status = query
        .status
        .as_deref()
        .and_then(|status| Status::parse("status", status).ok());
    let page = query
        .page
        .as_deref()
        .and_then(|page| page.parse::<u64>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1);
    let filter = DataRequestFilter { status };
    let db = read(&state.db).await?;
    let found = list_data_requests(
        &db,
        &viewer,
        &filter,
        Paging::new(Some(page), Some(PER_PAGE))?,
    )
    .await?;
    db.commit().await?;
    let mut frame = Frame::of(req);
    frame.crumb(frame.t("requests.list_title"), None);
    let pages = found.total.div_ceil(PER_PAGE);
    let status_name = status.map(Status::as_str);
    Ok(DataRequestsPage {
        pager: numbered_pager(page, pages, |number| {
            list_link("/data-requests/", &[("status", status_name)], None, number)
        }),
        requests: found
            .items
            .iter()
            .map(|card| RequestItem::of(card, &frame))
            .collect(),
        statuses: Status::ALL
            .iter()
            .map(|status| (status.as_str(), status_label(&frame, *status)))
            .collect(),
        status: status_name,
        total: found.total,
        frame,
    })
}
