//! What a page shows to follow and share its subject: the follow button's state and the share
//! links, built once by [`social`], rendered by `portal_follow.html` and `portal_share.html`.

use sea_orm::ConnectionTrait;

use super::share::ShareLinks;
use crate::error::HttpResult;
use crate::models::follows::{Followable, count_followers, followers};
use crate::models::paging::Paging;
use crate::permissions::Viewer;
use crate::state::AppState;
use crate::web::Frame;

/// What `portal_follow.html` shows.
pub struct FollowButton {
    /// Where the form posts: `/reuses/<slug>/follow` and the like.
    pub action: String,
    /// Whether the viewer follows the subject.
    pub following: bool,
    /// How many follow it.
    pub followers: u64,
    /// Where a signed-out visitor signs in, to come back to the page.
    pub sign_in: Option<String>,
}

/// The follow button and share links of a page; a page template holding it as `social`
/// includes `portal_follow.html` and `portal_share.html`.
pub struct Social {
    /// The follow button.
    pub follow: FollowButton,
    /// The share links.
    pub share: ShareLinks,
}

/// What a page is about, for its follow button and share links.
pub struct Subject<'a> {
    /// What it is.
    pub kind: Followable,
    /// Its row id.
    pub id: &'a str,
    /// Its page's path (`/reuses/<slug>/`).
    pub path: &'a str,
    /// Its title, for the share links.
    pub title: &'a str,
}

/// The follow button and share links of `subject`'s page. After a follow form, the page's
/// `?follow=on|off` puts its confirmation in the page's notice. Two indexed queries: the
/// followers' count and whether the viewer is one.
pub async fn social(
    db: &impl ConnectionTrait,
    state: &AppState,
    viewer: &Viewer,
    frame: &mut Frame,
    subject: Subject<'_>,
) -> HttpResult<Social> {
    let Subject {
        kind,
        id,
        path,
        title,
    } = subject;
    let count = count_followers(db, kind, id).await?;
    let following = match &viewer.user {
        Some(user) => {
            followers(db, kind, id, Some(&user.id), Paging::new(Some(1), Some(1))?)
                .await?
                .total
                > 0
        }
        None => false,
    };
    let confirmed = frame
        .here
        .split_once('?')
        .map(|(_, query)| query.split('&').collect::<Vec<_>>())
        .unwrap_or_default();
    if viewer.user.is_some() && confirmed.contains(&"follow=on") && following {
        frame.notice = Some(frame.t("follow.done").to_owned());
    } else if viewer.user.is_some() && confirmed.contains(&"follow=off") && !following {
        frame.notice = Some(frame.t("follow.undone").to_owned());
    }
    Ok(Social {
        follow: FollowButton {
            action: format!("{path}follow"),
            following,
            followers: count,
            sign_in: viewer.user.is_none().then(|| sign_in_link(path)),
        },
        share: ShareLinks::new(&state.config.public_url, path, title),
    })
}

/// The sign-in page, coming back to `path`.
fn sign_in_link(path: &str) -> String {
    format!(
        "/login?next={}",
        url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
    )
}

/// The follow button and share links of a reuse's page.
pub async fn reuse_social(
    db: &impl ConnectionTrait,
    state: &AppState,
    viewer: &Viewer,
    frame: &mut Frame,
    reuse: &entity::reuses::Model,
) -> HttpResult<Social> {
    let path = format!("/reuses/{}/", reuse.slug);
    let subject = Subject {
        kind: Followable::Reuse,
        id: &reuse.id,
        path: &path,
        title: &reuse.title,
    };
    social(db, state, viewer, frame, subject).await
}

/// The follow button and share links of a dataset's page.
pub async fn dataset_social(
    db: &impl ConnectionTrait,
    state: &AppState,
    viewer: &Viewer,
    frame: &mut Frame,
    dataset: &entity::datasets::Model,
) -> HttpResult<Social> {
    let path = format!("/datasets/{}/", dataset.slug);
    let subject = Subject {
        kind: Followable::Dataset,
        id: &dataset.id,
        path: &path,
        title: &dataset.title,
    };
    social(db, state, viewer, frame, subject).await
}
