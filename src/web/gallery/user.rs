//! A person's public page: who they are, the organizations they belong to, the reuses they
//! publish and what they said lately in public discussions. Never their address or anything
//! only they see.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{Data, Path};
use poem::{Request, handler};

use super::CardView;
use super::cards::first_cards;
use crate::db::read;
use crate::error::{AppError, HttpResult};
use crate::markdown;
use crate::models::discussions::authored::public_messages_by;
use crate::models::organizations::memberships;
use crate::models::reuses::list::ReuseFilter;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// Reuses the page shows (the gallery filtered on the person shows them all).
const REUSES: u64 = 24;
/// Latest messages the page shows.
const MESSAGES: u64 = 10;

/// An organization the person belongs to, as their page links it.
pub struct Membership {
    /// Its page.
    pub path: String,
    /// Its name.
    pub name: String,
    /// The person's role in it, in the reader's language.
    pub role: &'static str,
}

/// One of the person's latest public messages.
pub struct PublicMessage {
    /// The message in its thread.
    pub path: String,
    /// The thread's title.
    pub discussion: String,
    /// Its first words, as text.
    pub excerpt: String,
    /// When it was posted, as the reader writes dates.
    pub posted: String,
}

/// A person's page.
#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
pub struct UserPage {
    frame: Frame,
    user: entity::users::Model,
    /// Their initials, when they have no picture.
    initials: String,
    organizations: Vec<Membership>,
    reuses: Vec<CardView>,
    reuses_total: u64,
    messages: Vec<PublicMessage>,
}

/// Shows a person, the target of `@mentions` and of the names on cards and threads; a
/// deactivated account is gone (410), with nothing of it shown.
#[handler]
pub async fn user_page(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
) -> HttpResult<UserPage> {
    let db = read(&state.db).await?;
    let user = crate::models::users::find_user(&db, &id).await?;
    if !user.active {
        return Err(AppError::Gone(format!("user {:?} deactivated", user.id)).into());
    }
    let mut frame = Frame::of(req);
    frame.meta.describe(&user.name, "", None);
    frame.crumb(user.name.clone(), None);
    let filter = ReuseFilter {
        owner: Some(user.id.clone()),
        ..ReuseFilter::default()
    };
    let (reuses, reuses_total) = first_cards(&db, &state, &viewer, &filter, &frame, REUSES).await?;
    let organizations = memberships(&db, &user.id)
        .await?
        .into_iter()
        .map(|(org, role)| Membership {
            path: format!("/organizations/{}/", org.slug),
            name: org.name,
            role: frame.t(&format!("role.org_{}", role.as_str())),
        })
        .collect();
    let messages = public_messages_by(&db, &user.id, MESSAGES)
        .await?
        .into_iter()
        .map(|(message, discussion)| PublicMessage {
            path: format!("/discussions/{}/#m-{}", discussion.id, message.id),
            discussion: discussion.title,
            excerpt: markdown::excerpt(&message.content, 200),
            posted: frame.date(message.posted_on),
        })
        .collect();
    db.commit().await?;
    Ok(UserPage {
        initials: super::cards::initials(&user.name),
        organizations,
        reuses,
        reuses_total,
        messages,
        user,
        frame,
    })
}
