//! The showcase of the home page: its reuses in order with their pictures, moving them, taking
//! them out, and finding a reuse by its title to add.

use askama::Template;
use askama_web::WebTemplate;
use entity::reuses;
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use super::moderator_only;
use crate::auth::verify_csrf;
use crate::error::{AppError, HttpResult};
use crate::models::paging::Paging;
use crate::models::reuses::Detail;
use crate::models::reuses::list::{ReuseFilter, list_reuses};
use crate::models::reuses::write::featured_order;
use crate::moderation::curation;
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::gallery::cover;
use crate::web::{CsrfForm, Frame};

/// How many reuses a title search offers to add.
const FOUND: u64 = 10;

/// A reuse as the showcase page lists it.
pub struct ShowcaseItem {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// Its thumbnail (or generated cover).
    pub thumbnail: String,
}

impl ShowcaseItem {
    fn of(reuse: &reuses::Model) -> Self {
        Self {
            id: reuse.id.clone(),
            title: reuse.title.clone(),
            path: format!("/reuses/{}/", reuse.slug),
            thumbnail: cover(reuse),
        }
    }
}

/// The showcase order page.
#[derive(Template, WebTemplate)]
#[template(path = "moderation_featured.html")]
pub struct FeaturedPage {
    frame: Frame,
    featured: Vec<ShowcaseItem>,
    /// The title searched for, when one was.
    q: Option<String>,
    /// Public reuses not in the showcase whose title or description match `q`.
    found: Vec<ShowcaseItem>,
}

/// `?q=`: words of the title of a reuse to add.
#[derive(Deserialize, Default)]
pub struct FeaturedQuery {
    q: Option<String>,
}

/// Lists the featured reuses in home-page order, with move up / down, and the reuses matching
/// `?q=` with a button to add each.
#[handler]
pub async fn featured_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<FeaturedQuery>,
) -> HttpResult<Response> {
    if let Some(redirect) = moderator_only(&viewer, "/moderation/featured") {
        return Ok(redirect);
    }
    permissions::can_curate(&viewer)?;
    let mut frame = Frame::of(req);
    let (above, here) = (frame.t("moderation.title"), frame.t("moderation.featured"));
    frame.crumb(above, Some("/moderation/")).crumb(here, None);
    let featured = featured_order(&state.db)
        .await?
        .iter()
        .map(ShowcaseItem::of)
        .collect();
    let q = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned);
    let found = match &q {
        Some(words) => {
            let filter = ReuseFilter {
                q: Some(words.clone()),
                featured: Some(false),
                private: Some(false),
                archived: Some(false),
                ..ReuseFilter::default()
            };
            list_reuses(
                &state.db,
                &state.cache,
                &state.gallery,
                &viewer,
                &filter,
                Paging::new(Some(1), Some(FOUND))?,
                Detail::Summary,
            )
            .await?
            .items
            .iter()
            .map(|card| ShowcaseItem::of(&card.reuse))
            .collect()
        }
        None => Vec::new(),
    };
    Ok(FeaturedPage {
        frame,
        featured,
        q,
        found,
    }
    .into_response())
}

/// Features a reuse, moves a featured one up, down or to the top, or takes it out of the
/// showcase.
#[handler]
pub async fn featured_action(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, action)): Path<(String, String)>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    permissions::can_curate(&viewer)?;
    let moderator = viewer.require_user()?;
    match action.as_str() {
        "up" => {
            curation::move_one(&state, moderator, &id, true).await?;
        }
        "down" => {
            curation::move_one(&state, moderator, &id, false).await?;
        }
        "top" => {
            curation::move_to_top(&state, moderator, &id).await?;
        }
        "feature" => {
            curation::feature(&state, moderator, &id, true).await?;
        }
        "unfeature" => {
            curation::feature(&state, moderator, &id, false).await?;
        }
        _ => return Err(AppError::NotFound(format!("no action {action:?}")).into()),
    }
    Ok(Redirect::see_other(format!("/moderation/featured#f-{id}")).into_response())
}
