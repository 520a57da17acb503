//! `/api/1/reuses/recent.atom`, udata's feed of the newest reuses.

use poem::web::Data;
use poem::{Response, handler};

use crate::error::HttpResult;
use crate::feeds::{ATOM, atom_feed};
use crate::models::reuses::list::recent_reuses;
use crate::state::AppState;

/// `/api/1/reuses/recent.atom`: the 50 newest visible reuses.
#[handler]
pub async fn recent_reuses_feed(state: Data<&AppState>) -> HttpResult<Response> {
    let cards = recent_reuses(&state.db, 50).await?;
    let feed = atom_feed(
        &state.config.public_url,
        "Vitrine — recent reuses",
        "api/1/reuses/recent.atom",
        "reuses/",
        &cards,
    );
    Ok(Response::builder().content_type(ATOM).body(feed))
}
