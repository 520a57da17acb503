//! The reuse widget portals frame on their own dataset pages: a dataset's first reuses as compact
//! cards, on a standalone page (no header, no footer, no form) whose links open Vitrine in a new
//! tab. Who may frame it is `VITRINE_EMBED_ORIGINS` ([`crate::http::security`]); it is the same
//! for everybody, so it reads no session and sets no cookie ([`crate::auth::resolve_viewer`]).

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::http::header::{CACHE_CONTROL, HeaderValue, VARY};
use poem::web::{Data, Path};
use poem::{IntoResponse, Request, Response, handler};

use super::CardView;
use super::cards::first_cards;
use super::datasets::state_notice;
use crate::db::read;
use crate::error::{ErrorKind, HttpResult};
use crate::models::datasets::find_dataset_even_deleted;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// Reuses the widget shows at most; a link leads to all of them.
pub const EMBED_CARDS: u64 = 6;

/// How long browsers and shared caches may keep the widget (it changes with writes only).
const CACHE: &str = "public, max-age=300";

/// The widget of one dataset.
#[derive(Template, WebTemplate)]
#[template(path = "embed_reuses.html")]
pub struct EmbedPage {
    frame: Frame,
    /// The dataset's reuses, or that it is unknown.
    heading: String,
    /// The dataset's id, for the links to all its reuses and to register one; `None` when
    /// there is no such dataset.
    dataset_id: Option<String>,
    /// Archived or removed in the catalog, since when.
    notice: Option<String>,
    reuses: Vec<CardView>,
    reuses_total: u64,
}

/// The widget of the dataset with this id or slug, with the public reuses its page shows
/// everybody: 404 when there is none, 410 (with its reuses still) when the catalog deleted it.
#[handler]
pub async fn embed_reuses(
    req: &Request,
    state: Data<&AppState>,
    id: Path<String>,
) -> HttpResult<Response> {
    let frame = Frame::of(req);
    let db = read(&state.db).await?;
    let dataset = match find_dataset_even_deleted(&db, &id).await {
        Ok(dataset) => dataset.dataset,
        Err(err) if err.kind() == ErrorKind::NotFound => {
            let page = EmbedPage {
                heading: frame.t("embed.unknown").to_owned(),
                dataset_id: None,
                notice: None,
                reuses: Vec::new(),
                reuses_total: 0,
                frame,
            };
            return Ok(answer(page, StatusCode::NOT_FOUND));
        }
        Err(err) => return Err(err.into()),
    };
    let filter = ReuseFilter {
        dataset: Some(dataset.id.clone()),
        ..ReuseFilter::default()
    };
    // Anonymous whoever asks: the public reuses only, as the dataset page shows everybody.
    let anonymous = Viewer::default();
    let (reuses, reuses_total) =
        first_cards(&db, &state, &anonymous, &filter, &frame, EMBED_CARDS).await?;
    db.commit().await?;
    let status = if dataset.deleted {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    let page = EmbedPage {
        heading: frame.t_args("embed.title", &[("title", dataset.title.as_str().into())]),
        notice: state_notice(&frame, &dataset),
        dataset_id: Some(dataset.id),
        reuses,
        reuses_total,
        frame,
    };
    Ok(answer(page, status))
}

/// The page with `status`, kept a few minutes by caches, per language.
fn answer(page: EmbedPage, status: StatusCode) -> Response {
    let mut response = page.with_status(status).into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    // The language comes from `?lang=`, the language switch's cookie or `Accept-Language`.
    headers.insert(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    response
}
