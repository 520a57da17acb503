//! The thread page: its messages, the controls the viewer may use, and the `?edit=`/`?rename`
//! forms; the actions that show it again with errors build it here too.

use std::collections::HashSet;

use askama::Template;
use askama_web::WebTemplate;
use entity::messages;
use poem::web::{Data, Path, Query};
use poem::{Request, handler};
use serde::Deserialize;

use super::typography::{french_html, french_text};
use super::{Renderer, ReplyForm, ThreadState, field_error};
use crate::actions::notifications::mark_thread_read;
use crate::error::{FieldErrors, HttpResult};
use crate::models::discussions::{
    Subject, SubjectClass, Thread, find_thread, producers, subject_of,
};
use crate::models::organizations::memberships;
use crate::models::users::users_by_id;
use crate::notifications::settings::{WatchMode, watch_mode};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::Frame;

/// A message as the thread page shows it.
pub struct MessageItem {
    /// Id.
    pub id: String,
    /// Author's name.
    pub author: String,
    /// Author's page.
    pub author_path: String,
    /// Organization spoken for.
    pub organization: Option<String>,
    /// Posted, as the reader reads dates.
    pub posted_on: String,
    /// Machine-readable date.
    pub posted_iso: String,
    /// Edited since.
    pub edited: bool,
    /// Safe HTML of its Markdown.
    pub html: String,
    /// The raw Markdown, for the edit form.
    pub content: String,
    /// The question (first message).
    pub is_question: bool,
    /// The marked answer.
    pub is_answer: bool,
    /// Written by a producer of the subject.
    pub by_producer: bool,
    /// The viewer may edit and delete it.
    pub mine: bool,
    /// Waiting for a moderator.
    pub pending: bool,
}

/// The thread page.
#[derive(Template, WebTemplate)]
#[template(path = "discussion.html")]
pub struct ThreadPage {
    frame: Frame,
    id: String,
    title: String,
    subject_title: String,
    subject_path: String,
    subject_kind: &'static str,
    closed: Option<String>,
    closed_by: Option<String>,
    state: ThreadState,
    state_label: &'static str,
    /// Set after a post: `published`, or `held` for a message waiting for a moderator.
    posted: Option<&'static str>,
    question: Option<MessageItem>,
    answer: Option<MessageItem>,
    replies: Vec<MessageItem>,
    can_reply: bool,
    can_close: bool,
    can_mark: bool,
    can_rename: bool,
    can_delete: bool,
    organizations: Vec<(String, String)>,
    pub(super) reply: ReplyForm,
    pub(super) preview: Option<String>,
    pub(super) editing: Option<EditState>,
    pub(super) renaming: Option<String>,
    pub(super) errors: FieldErrors,
    watch: &'static str,
}

/// A message being edited in place.
pub struct EditState {
    /// The message.
    pub id: String,
    /// The text typed so far.
    pub content: String,
    /// Its preview, when asked for.
    pub preview: Option<String>,
}

impl ThreadPage {
    fn error(&self, field: &str) -> Option<String> {
        field_error(&self.frame, &self.errors, field)
    }

    fn reply_text(&self) -> &str {
        self.reply.comment.as_deref().unwrap_or_default()
    }

    fn speaks_for(&self, org: &str) -> bool {
        self.reply.organization.as_deref() == Some(org)
    }

    fn is_editing(&self, id: &str) -> bool {
        self.editing.as_ref().is_some_and(|edit| edit.id == id)
    }
}

/// `?edit=`, `?rename` and `?posted=` of the thread page.
#[derive(Deserialize, Default)]
pub struct ThreadQuery {
    edit: Option<String>,
    rename: Option<String>,
    /// `published` or `held`: the reader just posted, and is told what became of it.
    posted: Option<String>,
}

/// A thread with its subject and the subject's producers, as the page needs them.
pub(super) struct Built {
    pub(super) thread: Thread,
    subject: Subject,
    producers: HashSet<String>,
}

/// The thread `id` as `viewer` may see it, with its subject and producers.
pub(super) async fn load(state: &AppState, viewer: &Viewer, id: &str) -> HttpResult<Built> {
    let thread = find_thread(&state.db, viewer, id).await?;
    let subject = subject_of(&state.db, &thread.discussion).await?;
    let producers = producers(&state.db, &subject).await?;
    Ok(Built {
        thread,
        subject,
        producers,
    })
}

/// Everything but the forms' state, which the caller fills in.
pub(super) async fn thread_page(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    built: Built,
) -> HttpResult<ThreadPage> {
    let frame = Frame::of(req);
    let Built {
        thread,
        subject,
        producers,
    } = built;
    let producer_people = users_by_id(&state.db, producers.iter().cloned()).await?;
    let renderer = Renderer::new(thread.users.values().chain(producer_people.values()));
    let discussion = &thread.discussion;
    let me = viewer.user.as_ref().map(|user| user.id.as_str());
    let item = |message: &messages::Model| MessageItem {
        id: message.id.clone(),
        author: thread
            .user(&message.posted_by)
            .map(|user| user.name.clone())
            .unwrap_or_default(),
        author_path: format!("/users/{}/", message.posted_by),
        organization: message
            .posted_by_organization
            .as_ref()
            .and_then(|id| thread.organizations.get(id))
            .map(|org| org.name.clone()),
        posted_on: frame.date_time(message.posted_on),
        posted_iso: message.posted_on.to_rfc3339(),
        edited: message.last_modified_at.is_some(),
        // French punctuation stays with its word on every page: only spaces the writer typed
        // before `? ! ; :` change, so English text is left as it is.
        html: french_html(&renderer.html(&message.content)),
        content: message.content.clone(),
        is_question: message.position == 0,
        is_answer: discussion.answer_id.as_deref() == Some(message.id.as_str()),
        by_producer: producers.contains(&message.posted_by),
        mine: me == Some(message.posted_by.as_str()),
        pending: message.held_reason.is_some(),
    };
    let mut items: Vec<MessageItem> = thread.messages.iter().map(item).collect();
    let question = (!items.is_empty()).then(|| items.remove(0));
    let answer = items
        .iter()
        .position(|item| item.is_answer)
        .map(|at| items.remove(at));
    let organizations = match &viewer.user {
        Some(user) => memberships(&state.db, &user.id)
            .await?
            .into_iter()
            .map(|(org, _)| (org.id, org.name))
            .collect(),
        None => Vec::new(),
    };
    let watch = match &viewer.user {
        Some(user) => match watch_mode(&state.db, &user.id, "Discussion", &discussion.id).await? {
            Some(WatchMode::Watch) => "watch",
            Some(WatchMode::Mute) => "mute",
            None => "none",
        },
        None => "none",
    };
    let own_org = subject
        .organization_id
        .clone()
        .filter(|org| organizations.iter().any(|(id, _)| id == org));
    Ok(ThreadPage {
        id: discussion.id.clone(),
        title: french_text(&discussion.title),
        subject_title: subject.title.clone(),
        subject_path: subject.page_path(),
        subject_kind: frame.t(match subject.class {
            SubjectClass::Dataset => "discussion.about_dataset",
            SubjectClass::Reuse => "discussion.about_reuse",
            SubjectClass::DataRequest => "discussion.about_data_request",
        }),
        closed: discussion.closed.map(|at| frame.date(at)),
        closed_by: discussion
            .closed_by
            .as_deref()
            .and_then(|id| thread.user(id))
            .map(|user| user.name.clone()),
        state: ThreadState::of(discussion),
        state_label: ThreadState::of(discussion).label(&frame),
        posted: None,
        can_reply: viewer.user.is_some() && discussion.closed.is_none(),
        can_close: permissions::can_close_discussion(viewer, discussion, &producers).is_ok(),
        can_mark: permissions::can_mark_answer(viewer, &producers).is_ok(),
        can_rename: permissions::can_rename_discussion(viewer, discussion).is_ok(),
        can_delete: permissions::can_delete_discussion(viewer, discussion).is_ok(),
        question,
        answer,
        replies: items,
        organizations,
        // Producers answer for their organization unless they choose otherwise.
        reply: ReplyForm {
            organization: own_org,
            ..ReplyForm::default()
        },
        preview: None,
        editing: None,
        renaming: None,
        errors: FieldErrors::new(),
        watch,
        frame,
    })
}

/// Shows a thread; `?edit=<message id>` opens a message's edit form, `?rename` the title's.
#[handler]
pub async fn thread_view(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    query: Query<ThreadQuery>,
) -> HttpResult<ThreadPage> {
    let built = load(&state, &viewer, &id).await?;
    let editing = query.edit.as_deref().and_then(|wanted| {
        built
            .thread
            .messages
            .iter()
            .find(|message| {
                message.id == wanted && permissions::can_edit_message(&viewer, message).is_ok()
            })
            .map(|message| EditState {
                id: message.id.clone(),
                content: message.content.clone(),
                preview: None,
            })
    });
    // Told what became of their post only if they wrote in this thread: a link carrying
    // `?posted=` does not make the page say so to anybody else.
    let posted = viewer
        .user
        .as_ref()
        .filter(|user| {
            built
                .thread
                .messages
                .iter()
                .any(|message| message.posted_by == user.id)
        })
        .and(match query.posted.as_deref() {
            Some("published") => Some("published"),
            Some("held") => Some("held"),
            _ => None,
        });
    let renaming = (query.rename.is_some()
        && permissions::can_rename_discussion(&viewer, &built.thread.discussion).is_ok())
    .then(|| built.thread.discussion.title.clone());
    // Reading the thread is reading what the notifications about it said.
    let read = match &viewer.user {
        Some(_) if viewer.unread_notifications > 0 => {
            mark_thread_read(&state, &viewer, &built.thread.discussion.id).await?
        }
        _ => 0,
    };
    let mut page = thread_page(req, &state, &viewer, built).await?;
    page.frame.unread = page.frame.unread.saturating_sub(read);
    page.editing = editing;
    page.renaming = renaming;
    page.posted = posted;
    Ok(page)
}
