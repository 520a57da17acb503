//! What the discussion operations answer: the discussion as udata shows it, and the answers'
//! statuses.

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use url::Url;

use crate::api::views::{OrganizationRef, UserRef};
use crate::models::discussions::Thread;
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
    /// API URL.
    pub url: String,
    /// Web page.
    pub page: String,
}

impl DiscussionView {
    /// The view of a thread on the site at `public_url`.
    pub fn new(thread: Thread, public_url: &Url) -> Self {
        let user = |id: &str| thread.user(id).map(UserRef::from);
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
                })
                .collect(),
            created: d.created,
            closed: d.closed,
            closed_by: d.closed_by.as_deref().and_then(user),
            answer: d.answer_id.clone(),
            first_answered_at: d.first_answered_at,
            answered: thread.answered(),
            pending: d.held_reason.is_some(),
            url: link(public_url, &format!("api/1/discussions/{}/", d.id)),
            page: link(public_url, &format!("discussions/{}/", d.id)),
        }
    }
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
