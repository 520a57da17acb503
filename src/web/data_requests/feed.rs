//! `/data-requests/feed.atom`: the requests last asked for or taken a step further.

use poem::web::Data;
use poem::{Request, Response, handler};

use super::status_label;
use crate::error::HttpResult;
use crate::feeds::{ATOM, xml};
use crate::models::data_requests::{Status, recent_data_requests};
use crate::state::AppState;
use crate::urls::link;
use crate::web::Frame;

/// Entries the feed carries.
const FEED_SIZE: u64 = 50;

/// The Atom feed of the 50 requests changed last, each with its status.
#[handler]
pub async fn data_requests_feed(req: &Request, state: Data<&AppState>) -> HttpResult<Response> {
    let frame = Frame::of(req);
    let rows = recent_data_requests(&state.db, FEED_SIZE).await?;
    let public_url = &state.config.public_url;
    let own = link(public_url, "data-requests/feed.atom");
    let updated = rows
        .iter()
        .map(|row| row.last_modified)
        .max()
        .unwrap_or_else(chrono::Utc::now);
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{}</updated>\n",
        xml(&format!(
            "{} — {}",
            frame.site.name,
            frame.t("requests.list_title")
        )),
        xml(&own),
        xml(&own),
        xml(&link(public_url, "data-requests/")),
        updated.to_rfc3339()
    );
    for row in rows {
        let page = link(public_url, &format!("data-requests/{}/", row.id));
        let status = Status::parse("status", &row.status).unwrap_or(Status::Open);
        feed.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<published>{}</published>\n<category term=\"{}\" label=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            xml(&row.title),
            xml(&page),
            xml(&page),
            row.last_modified.to_rfc3339(),
            row.created_at.to_rfc3339(),
            status.as_str(),
            xml(status_label(&frame, status)),
            xml(&format!(
                "{} — {}",
                status_label(&frame, status),
                crate::markdown::excerpt(&row.purpose, 500)
            )),
        ));
    }
    feed.push_str("</feed>\n");
    Ok(Response::builder().content_type(ATOM).body(feed))
}
