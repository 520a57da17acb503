//! The reuses whose links are broken, longest broken first, each with a button to archive it:
//! the showcase keeps only what still answers.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::moderator_only;
use crate::auth::verify_csrf;
use crate::error::HttpResult;
use crate::linkcheck::report::broken_reuses;
use crate::models::paging::Paging;
use crate::moderation::curation;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::gallery::finding::{Pager, numbered_pager};
use crate::web::link_health::reason_words;
use crate::web::{CsrfForm, Frame};

/// Broken reuses a page.
const PAGE_SIZE: u64 = 20;

/// A broken reuse as the list shows it.
pub struct BrokenRow {
    /// The reuse's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// The address that no longer answers.
    pub url: String,
    /// Since when it fails, as the reader writes dates.
    pub since: String,
    /// Why the last visit failed, in words.
    pub reason: String,
}

/// The broken links page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_links.html")]
pub struct LinksPage {
    frame: Frame,
    rows: Vec<BrokenRow>,
    total: u64,
    pager: Option<Pager>,
    /// The reuse just archived, to say so.
    archived: Option<String>,
}

/// `?page=` and `?archived=` (the title of the reuse just archived).
#[derive(Deserialize, Default)]
pub struct LinksQuery {
    page: Option<u64>,
    archived: Option<String>,
}

/// Lists the reuses whose links are broken.
#[handler]
pub async fn links_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<LinksQuery>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/links") {
        return Ok(redirect);
    }
    permissions::can_curate(&viewer)?;
    let paging = Paging::new(query.page, Some(PAGE_SIZE))?;
    let page = broken_reuses(&state.db, paging).await?;
    let mut frame = Frame::of(req);
    let (above, here) = (frame.t("moderation.title"), frame.t("links.title"));
    frame.crumb(above, Some("/moderation/")).crumb(here, None);
    let rows = page
        .items
        .iter()
        .map(|(link, reuse)| BrokenRow {
            id: reuse.id.clone(),
            title: reuse.title.clone(),
            path: format!("/reuses/{}/", reuse.slug),
            url: link.url.clone(),
            since: link
                .failing_since
                .map(|at| frame.date(at))
                .unwrap_or_default(),
            reason: reason_words(&frame, link.last_reason.as_deref().unwrap_or_default()),
        })
        .collect();
    let pages = page.total.div_ceil(PAGE_SIZE);
    Ok(LinksPage {
        pager: numbered_pager(paging.page, pages, |n| {
            format!("/moderation/links?page={n}")
        }),
        total: page.total,
        rows,
        archived: query.archived.clone(),
        frame,
    }
    .into_response())
}

/// Archives a broken reuse from the list, and comes back to it.
#[handler]
pub async fn archive_broken(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_curate(&viewer)?;
    let moderator = viewer.require_user()?;
    let reuse = curation::archive(&state, moderator, &id, true).await?;
    let title: String = url::form_urlencoded::byte_serialize(reuse.title.as_bytes()).collect();
    let back = format!("/moderation/links?archived={title}");
    Ok(Redirect::see_other(back).into_response())
}
