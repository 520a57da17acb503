//! The generated cover of a reuse without an image of its own (see `media::generated_cover`).

use poem::web::{Data, Path, Redirect};
use poem::{IntoResponse, Response, handler};

use super::cards::publisher;
use crate::error::HttpResult;
use crate::media::{CoverText, generated_cover};
use crate::models::reuses::{Found, find_reuse};
use crate::permissions::Viewer;
use crate::state::AppState;

/// How long a public cover may be kept: its address changes with its reuse (see
/// `CardView::cover`), and a publisher's new name may wait a day.
const PUBLIC_COVER: &str = "public, max-age=86400";

/// Draws the cover of a reuse the viewer may see; a private reuse's is kept by no one else.
#[handler]
pub async fn reuse_cover(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    slug: Path<String>,
) -> HttpResult<Response> {
    let card = match find_reuse(&state.db, &viewer, &slug).await? {
        Found::Reuse(card) => *card,
        Found::MovedTo(slug) => {
            return Ok(
                Redirect::moved_permanent(format!("/reuses/{slug}/cover.svg")).into_response(),
            );
        }
    };
    let svg = generated_cover(&CoverText {
        title: &card.reuse.title,
        kind: &card.reuse.r#type,
        by: &publisher(&card),
    });
    let cache = if card.reuse.private {
        "private, no-cache"
    } else {
        PUBLIC_COVER
    };
    Ok(Response::builder()
        .content_type("image/svg+xml; charset=utf-8")
        .header("Cache-Control", cache)
        .body(svg))
}
