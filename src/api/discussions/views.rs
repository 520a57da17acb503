//! What the discussion operations answer: the discussion as udata shows it, and the answers'
//! statuses.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use crate::api::views::{OrganizationRef, Permissions, UserRef};
use crate::error::HttpResult;
use crate::models::discussions::{Thread, producers_of_subjects};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::urls::link;

/// What a discussion is about.
#[derive(Object)]
pub struct SubjectRef {
    /// `Dataset` or `Reuse`.
    pub class: String,
    /// Its id.
    pub id: String,
}

/// One message of a discussion.
#[derive(Object)]
pub struct MessageView {
    /// Id.
    pub id: String,
    /// Text in Markdown, raw (HTML only comes from the site's own renderer).
    pub content: String,
    /// Author.
    #[oai(nullable)]
    pub posted_by: Option<UserRef>,
    /// Organization the author spoke for.
    #[oai(nullable)]
    pub posted_by_organization: Option<OrganizationRef>,
    /// Posted.
    pub posted_on: DateTime<Utc>,
    /// Last edited.
    #[oai(nullable)]
    pub last_modified_at: Option<DateTime<Utc>>,
    /// Waiting for a moderator (only its author and moderators see it).
    pub pending: bool,
    /// What the caller may do to it.
    pub permissions: Permissions,
}

/// What the caller may do to a discussion: udata's discussion permissions.
#[derive(Object, Clone, Default)]
pub struct DiscussionPermissions {
    /// May change its title.
    pub edit: bool,
    /// May delete it.
    pub delete: bool,
    /// May close or reopen it.
    pub close: bool,
}

/// A discussion as udata shows it, with the marked answer.
#[derive(Object)]
pub struct DiscussionView {
    /// Id.
    pub id: String,
    /// What it is about.
    pub subject: SubjectRef,
    /// Title.
    pub title: String,
    /// Who opened it.
    #[oai(nullable)]
    pub user: Option<UserRef>,
    /// Organization it was opened on behalf of.
    #[oai(nullable)]
    pub organization: Option<OrganizationRef>,
    /// Its messages, oldest first; the first is the question.
    pub discussion: Vec<MessageView>,
    /// Opened.
    pub created: DateTime<Utc>,
    /// Closed.
    #[oai(nullable)]
    pub closed: Option<DateTime<Utc>>,
    /// Who closed it.
    #[oai(nullable)]
    pub closed_by: Option<UserRef>,
    /// The organization the closer spoke for, when they closed it as a producer.
    #[oai(nullable)]
    pub closed_by_organization: Option<OrganizationRef>,
    /// Id of the message a producer marked as the answer.
    #[oai(nullable)]
    pub answer: Option<String>,
    /// When a producer of the subject first replied.
    #[oai(nullable)]
    pub first_answered_at: Option<DateTime<Utc>>,
    /// Whether a producer replied or an answer is marked.
    pub answered: bool,
    /// Waiting for a moderator (only its author and moderators see it).
    pub pending: bool,
    /// What the caller may do to it.
    pub permissions: DiscussionPermissions,
    /// Always `Discussion`.
    pub class: String,
    /// API URL.
    pub url: String,
    /// Web page.
    pub page: String,
}

impl DiscussionView {
    /// The view of a thread on the site at `public_url`, with what the caller may do to it
    /// (see [`permissions_of`]) and to each message.
    pub fn new(
        thread: Thread,
        public_url: &Url,
        viewer: &Viewer,
        permissions: DiscussionPermissions,
    ) -> Self {
        let user = |id: &str| thread.user(id).map(|user| UserRef::new(user, public_url));
        let org = |id: Option<&String>| {
            id.and_then(|id| thread.organizations.get(id))
                .map(|org| OrganizationRef::new(org, public_url))
        };
        let d = &thread.discussion;
        Self {
            id: d.id.clone(),
            subject: SubjectRef {
                class: d.subject_class.clone(),
                id: d.subject_id.clone(),
            },
            title: d.title.clone(),
            user: user(&d.user_id),
            organization: org(d.organization_id.as_ref()),
            discussion: thread
                .messages
                .iter()
                .map(|message| MessageView {
                    id: message.id.clone(),
                    content: message.content.clone(),
                    posted_by: user(&message.posted_by),
                    posted_by_organization: org(message.posted_by_organization.as_ref()),
                    posted_on: message.posted_on,
                    last_modified_at: message.last_modified_at,
                    pending: message.held_reason.is_some(),
                    permissions: {
                        let mine = permissions::can_edit_message(viewer, message).is_ok();
                        Permissions {
                            edit: mine,
                            delete: mine,
                        }
                    },
                })
                .collect(),
            created: d.created,
            closed: d.closed,
            closed_by: d.closed_by.as_deref().and_then(user),
            // Closing is a message: the closer's last one says whom they spoke for.
            closed_by_organization: d
                .closed
                .and(d.closed_by.as_ref())
                .and_then(|closer| {
                    thread
                        .messages
                        .iter()
                        .rev()
                        .find(|message| &message.posted_by == closer)
                })
                .and_then(|message| org(message.posted_by_organization.as_ref())),
            permissions,
            class: "Discussion".to_owned(),
            answer: d.answer_id.clone(),
            first_answered_at: d.first_answered_at,
            answered: thread.answered(),
            pending: d.held_reason.is_some(),
            url: link(public_url, &format!("api/1/discussions/{}/", d.id)),
            page: link(public_url, &format!("discussions/{}/", d.id)),
        }
    }
}

/// What `viewer` may do to each of `threads`, by discussion id; the producers of all their
/// subjects are asked at once (nothing is asked for a visitor who is not signed in).
pub async fn permissions_of<'a>(
    state: &AppState,
    viewer: &Viewer,
    threads: impl IntoIterator<Item = &'a Thread>,
) -> HttpResult<HashMap<String, DiscussionPermissions>> {
    if viewer.user.is_none() {
        return Ok(HashMap::new());
    }
    let discussions: Vec<_> = threads
        .into_iter()
        .map(|thread| &thread.discussion)
        .collect();
    let producers = producers_of_subjects(&state.db, &discussions).await?;
    let nobody = HashSet::new();
    Ok(discussions
        .into_iter()
        .map(|discussion| {
            let subject = (
                discussion.subject_class.clone(),
                discussion.subject_id.clone(),
            );
            let producers = producers.get(&subject).unwrap_or(&nobody);
            let allowed = DiscussionPermissions {
                edit: permissions::can_rename_discussion(viewer, discussion).is_ok(),
                delete: permissions::can_delete_discussion(viewer, discussion).is_ok(),
                close: permissions::can_close_discussion(viewer, discussion, producers).is_ok(),
            };
            (discussion.id.clone(), allowed)
        })
        .collect())
}

/// The views of `threads`, with what `viewer` may do to each.
pub async fn views_of(
    state: &AppState,
    viewer: &Viewer,
    threads: Vec<Thread>,
) -> HttpResult<Vec<DiscussionView>> {
    let mut permissions = permissions_of(state, viewer, &threads).await?;
    let public_url = &state.config.public_url;
    Ok(threads
        .into_iter()
        .map(|thread| {
            let allowed = permissions
                .remove(&thread.discussion.id)
                .unwrap_or_default();
            DiscussionView::new(thread, public_url, viewer, allowed)
        })
        .collect())
}

/// Answer of `POST /discussions/`.
#[derive(ApiResponse)]
pub enum CreateDiscussionResponse {
    /// Opened.
    #[oai(status = 201)]
    Created(Json<Box<DiscussionView>>),
}

/// Answer of deletions.
#[derive(ApiResponse)]
pub enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}
