//! A person's page: who they are and the reuses they publish.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path};
use poem::{Request, handler};

use super::CardView;
use super::cards::first_cards;
use crate::db::read;
use crate::error::HttpResult;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// A person's page: who they are and the reuses they publish.
#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
pub struct UserPage {
    frame: Frame,
    user: entity::users::Model,
    reuses: Vec<CardView>,
}

/// Shows a user, the target of `@mentions`.
#[handler]
pub async fn user_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<UserPage> {
    let db = read(&state.db).await?;
    let user = crate::models::users::find_user(&db, &id).await?;
    let frame = Frame::of(req);
    let filter = ReuseFilter {
        owner: Some(user.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, _) = first_cards(&db, &state, &viewer, &filter, &frame, 100).await?;
    db.commit().await?;
    Ok(UserPage {
        reuses,
        user,
        frame,
    })
}
