//! Discussion pages: the "ask a question" form, the thread with reply, close, mark-answer and edit
//! controls shown only to those allowed, and a Markdown preview that needs no JavaScript.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use askama::Template;
use askama_web::WebTemplate;
use entity::{messages, users};
use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;

use crate::actions::discussions::{
    delete_reply, edit_message, mark_answer, open_discussion, remove_discussion, rename_discussion,
    reply_to,
};
use crate::auth::verify_csrf;
use crate::error::{AppError, FieldErrors, HttpResult};
use crate::import::slugify;
use crate::markdown;
use crate::models::discussions::list::ThreadHead;
use crate::models::discussions::write::{NewDiscussion, Reply};
use crate::models::discussions::{
    Subject, SubjectClass, Thread, find_subject, find_thread, producers, subject_of,
};
use crate::models::organizations::memberships;
use crate::models::users::users_by_id;
use crate::notifications::settings::{WatchMode, set_watch, watch_mode};
use crate::permissions::{self, Viewer};
use crate::state::AppState;
use crate::web::{CsrfForm, Frame, sign_in_first};

/// Markdown of a thread as HTML, `@mentions` of its participants and producers linked.
pub struct Renderer {
    mentions: HashMap<String, String>,
    /// Bytes of Markdown the page may still render: a thread of many long messages costs no
    /// more than this; the messages past it show as typed.
    budget: Cell<usize>,
}

impl Renderer {
    /// Mentions resolve to these people, by the slug of their name (`@camille-martin`).
    pub fn new<'a>(people: impl IntoIterator<Item = &'a users::Model>) -> Self {
        Self {
            mentions: people
                .into_iter()
                .map(|user| (slugify(&user.name), format!("/users/{}/", user.id)))
                .collect(),
            budget: Cell::new(markdown::MAX_INPUT),
        }
    }

    /// Safe HTML of `content`: the one way user text becomes HTML.
    pub fn html(&self, content: &str) -> String {
        let Some(left) = self.budget.get().checked_sub(content.len()) else {
            return markdown::text_html(content);
        };
        self.budget.set(left);
        markdown::render(content, &|handle| {
            self.mentions.get(&handle.to_lowercase()).cloned()
        })
    }
}

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
    answered: bool,
    question: Option<MessageItem>,
    answer: Option<MessageItem>,
    replies: Vec<MessageItem>,
    can_reply: bool,
    can_close: bool,
    can_mark: bool,
    can_rename: bool,
    can_delete: bool,
    organizations: Vec<(String, String)>,
    reply: ReplyForm,
    preview: Option<String>,
    editing: Option<EditState>,
    renaming: Option<String>,
    errors: FieldErrors,
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

/// A field's errors in the reader's language.
fn field_error(frame: &Frame, errors: &FieldErrors, field: &str) -> Option<String> {
    errors.get(field).map(|messages| {
        messages
            .iter()
            .map(|message| frame.lang.field_message(message))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// What the reply form sends.
#[derive(Deserialize, Default, Clone)]
pub struct ReplyForm {
    csrf_token: Option<String>,
    comment: Option<String>,
    organization: Option<String>,
    /// `reply`, `reply_close`, `close`, `reopen` or `preview`.
    action: Option<String>,
}

/// `?edit=` and `?rename` of the thread page.
#[derive(Deserialize, Default)]
pub struct ThreadQuery {
    edit: Option<String>,
    rename: Option<String>,
}

struct Built {
    thread: Thread,
    subject: Subject,
    producers: HashSet<String>,
}

async fn load(state: &AppState, viewer: &Viewer, id: &str) -> HttpResult<Built> {
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
async fn thread_page(
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
        html: renderer.html(&message.content),
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
        title: discussion.title.clone(),
        subject_title: subject.title.clone(),
        subject_path: subject.page_path(),
        subject_kind: frame.t(match subject.class {
            SubjectClass::Dataset => "discussion.about_dataset",
            SubjectClass::Reuse => "discussion.about_reuse",
        }),
        closed: discussion.closed.map(|at| frame.date(at)),
        closed_by: discussion
            .closed_by
            .as_deref()
            .and_then(|id| thread.user(id))
            .map(|user| user.name.clone()),
        answered: thread.answered(),
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
    let renaming = (query.rename.is_some()
        && permissions::can_rename_discussion(&viewer, &built.thread.discussion).is_ok())
    .then(|| built.thread.discussion.title.clone());
    let mut page = thread_page(req, &state, &viewer, built).await?;
    page.editing = editing;
    page.renaming = renaming;
    Ok(page)
}

fn back_to(id: &str) -> Response {
    Redirect::see_other(format!("/discussions/{id}/")).into_response()
}

/// The thread again with the errors beside their fields and what was typed; other errors as they are.
fn form_errors(err: AppError) -> HttpResult<(StatusCode, FieldErrors)> {
    match err {
        AppError::Validation { errors, .. } | AppError::Conflict { errors, .. } => {
            Ok((StatusCode::BAD_REQUEST, errors))
        }
        AppError::Forbidden(message) => Ok((
            StatusCode::FORBIDDEN,
            FieldErrors::from([("comment".to_owned(), vec![message])]),
        )),
        other => Err(other.into()),
    }
}

/// Replies, closes, reopens, or previews the reply.
#[handler]
pub async fn post_reply(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<ReplyForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    let comment = form
        .comment
        .clone()
        .filter(|comment| !comment.trim().is_empty());
    let action = form.action.as_deref().unwrap_or("reply");
    let reply = match action {
        "preview" => {
            let renderer = Renderer::new(built.thread.users.values());
            let preview = renderer.html(form.comment.as_deref().unwrap_or_default());
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.preview = Some(preview);
            page.reply = form;
            return Ok(page.into_response());
        }
        "close" => Reply {
            comment,
            close: Some(true),
            organization: form.organization.clone(),
            held: None,
        },
        "reopen" => Reply {
            comment: None,
            close: Some(false),
            organization: None,
            held: None,
        },
        "reply_close" => Reply {
            comment: Some(form.comment.clone().unwrap_or_default()),
            close: Some(true),
            organization: form.organization.clone(),
            held: None,
        },
        _ => Reply {
            comment: Some(form.comment.clone().unwrap_or_default()),
            close: None,
            organization: form.organization.clone(),
            held: None,
        },
    };
    match reply_to(&state, &viewer, &built.thread, reply).await {
        Ok(_) => Ok(back_to(&id)),
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.errors = errors;
            page.reply = form;
            Ok(page.with_status(status).into_response())
        }
    }
}

/// What the answer buttons send: a message id, or nothing to unmark.
#[derive(Deserialize)]
pub struct AnswerForm {
    csrf_token: Option<String>,
    message: Option<String>,
}

/// Marks or unmarks the answer.
#[handler]
pub async fn post_answer(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<AnswerForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let message = form.message.as_deref().filter(|id| !id.is_empty());
    mark_answer(&state, &viewer, &thread, message).await?;
    Ok(back_to(&id))
}

/// What the title form sends.
#[derive(Deserialize)]
pub struct TitleForm {
    csrf_token: Option<String>,
    title: Option<String>,
}

/// Renames the discussion.
#[handler]
pub async fn post_title(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<TitleForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    permissions::can_rename_discussion(&viewer, &built.thread.discussion)?;
    match rename_discussion(&state, &viewer, &built.thread, form.title.as_deref()).await {
        Ok(_) => Ok(back_to(&id)),
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            let mut page = thread_page(req, &state, &viewer, built).await?;
            page.errors = errors;
            page.renaming = Some(form.title.clone().unwrap_or_default());
            Ok(page.with_status(status).into_response())
        }
    }
}

/// What the message edit form sends.
#[derive(Deserialize)]
pub struct EditForm {
    csrf_token: Option<String>,
    comment: Option<String>,
    /// `save` or `preview`.
    action: Option<String>,
}

/// Saves (or previews) a message's new text.
#[handler]
pub async fn post_edit_message(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, message_id)): Path<(String, String)>,
    form: Form<EditForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let built = load(&state, &viewer, &id).await?;
    let message = built.thread.message(&message_id)?.clone();
    permissions::can_edit_message(&viewer, &message)?;
    let content = form.comment.clone().unwrap_or_default();
    let (status, errors, preview) = if form.action.as_deref() == Some("preview") {
        let renderer = Renderer::new(built.thread.users.values());
        (
            StatusCode::OK,
            FieldErrors::new(),
            Some(renderer.html(&content)),
        )
    } else {
        match edit_message(&state, &viewer, &built.thread, &message, Some(&content)).await {
            Ok(_) => return Ok(back_to(&id)),
            Err(err) => {
                let (status, errors) = form_errors(err)?;
                (status, errors, None)
            }
        }
    };
    let mut page = thread_page(req, &state, &viewer, built).await?;
    page.errors = errors;
    page.editing = Some(EditState {
        id: message.id,
        content,
        preview,
    });
    Ok(page.with_status(status).into_response())
}

/// Deletes one of the viewer's replies.
#[handler]
pub async fn post_delete_message(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    Path((id, message_id)): Path<(String, String)>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let message = thread.message(&message_id)?;
    delete_reply(&state, &viewer, &thread, message).await?;
    Ok(back_to(&id))
}

/// Deletes the whole discussion and goes back to its subject.
#[handler]
pub async fn post_delete_discussion(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<CsrfForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let back = remove_discussion(&state, &viewer, &thread).await?;
    Ok(Redirect::see_other(back).into_response())
}

/// The "ask a question" page.
#[derive(Template, WebTemplate)]
#[template(path = "discussion_new.html")]
pub struct NewDiscussionPage {
    frame: Frame,
    subject: Subject,
    subject_kind: &'static str,
    form: NewDiscussionForm,
    organizations: Vec<(String, String)>,
    preview: Option<String>,
    errors: FieldErrors,
}

impl NewDiscussionPage {
    fn error(&self, field: &str) -> Option<String> {
        field_error(&self.frame, &self.errors, field)
    }

    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn speaks_for(&self, org: &str) -> bool {
        self.form.organization.as_deref() == Some(org)
    }
}

/// What the "ask a question" form sends (and its query string names the subject).
#[derive(Deserialize, Default, Clone)]
pub struct NewDiscussionForm {
    csrf_token: Option<String>,
    /// `Dataset` or `Reuse`.
    class: Option<String>,
    /// The subject's id.
    subject: Option<String>,
    title: Option<String>,
    comment: Option<String>,
    organization: Option<String>,
    /// `submit` or `preview`.
    action: Option<String>,
}

async fn new_page(
    req: &Request,
    state: &AppState,
    viewer: &Viewer,
    form: NewDiscussionForm,
) -> HttpResult<NewDiscussionPage> {
    let frame = Frame::of(req);
    let class = SubjectClass::parse(form.class.as_deref().unwrap_or_default())
        .map_err(|_| AppError::BadRequest("class must be Dataset or Reuse".into()))?;
    let subject = find_subject(
        &state.db,
        viewer,
        class,
        form.subject.as_deref().unwrap_or_default(),
    )
    .await?;
    let user = viewer.require_user()?;
    let organizations = memberships(&state.db, &user.id)
        .await?
        .into_iter()
        .map(|(org, _)| (org.id, org.name))
        .collect();
    Ok(NewDiscussionPage {
        subject_kind: frame.t(match class {
            SubjectClass::Dataset => "discussion.about_dataset",
            SubjectClass::Reuse => "discussion.about_reuse",
        }),
        frame,
        subject,
        form,
        organizations,
        preview: None,
        errors: FieldErrors::new(),
    })
}

/// The empty "ask a question" form for `?class=…&subject=…`; sign-in first when needed.
#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    query: Query<NewDiscussionForm>,
) -> HttpResult<Response> {
    if viewer.user.is_none() {
        let here = req
            .original_uri()
            .path_and_query()
            .map_or("/discussions/new", |pq| pq.as_str());
        return Ok(sign_in_first(here));
    }
    Ok(new_page(req, &state, &viewer, query.0)
        .await?
        .into_response())
}

/// Opens the discussion (or previews it); errors come back beside their fields with the text kept.
#[handler]
pub async fn post_new(
    req: &Request,
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    form: Form<NewDiscussionForm>,
) -> HttpResult<Response> {
    let form = form.0;
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    viewer.require_user()?;
    let mut page = new_page(req, &state, &viewer, form.clone()).await?;
    if form.action.as_deref() == Some("preview") {
        let people: Vec<users::Model> = viewer.user.iter().cloned().collect();
        page.preview =
            Some(Renderer::new(&people).html(form.comment.as_deref().unwrap_or_default()));
        return Ok(page.into_response());
    }
    let new = NewDiscussion {
        title: Some(form.title.clone().unwrap_or_default()),
        comment: Some(form.comment.clone().unwrap_or_default()),
        organization: form.organization.clone().filter(|org| !org.is_empty()),
        held: None,
    };
    match open_discussion(&state, &viewer, page.subject.class, &page.subject.id, new).await {
        Ok(discussion) => Ok(back_to(&discussion.id)),
        Err(err) => {
            let (status, errors) = form_errors(err)?;
            page.errors = errors;
            Ok(page.with_status(status).into_response())
        }
    }
}

/// A discussion as listed on its subject's page.
pub struct ThreadSummary {
    /// Page path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Who asked.
    pub author: String,
    /// When, as the reader reads dates.
    pub created: String,
    /// Replies after the question.
    pub replies: usize,
    /// Closed.
    pub closed: bool,
    /// A producer replied or an answer is marked.
    pub answered: bool,
}

impl ThreadSummary {
    /// The summary of `thread` for `frame`'s reader.
    pub fn new(thread: &Thread, frame: &Frame) -> Self {
        let discussion = &thread.discussion;
        Self {
            path: format!("/discussions/{}/", discussion.id),
            title: discussion.title.clone(),
            author: thread
                .user(&discussion.user_id)
                .map(|user| user.name.clone())
                .unwrap_or_default(),
            created: frame.date(discussion.created),
            replies: thread.messages.len().saturating_sub(1),
            closed: discussion.closed.is_some(),
            answered: thread.answered(),
        }
    }

    /// The summary of a listed discussion (its messages unread) for `frame`'s reader.
    pub fn of_head(head: &ThreadHead, frame: &Frame) -> Self {
        let discussion = &head.discussion;
        Self {
            path: format!("/discussions/{}/", discussion.id),
            title: discussion.title.clone(),
            author: head
                .author
                .as_ref()
                .map(|user| user.name.clone())
                .unwrap_or_default(),
            created: frame.date(discussion.created),
            replies: head.replies,
            closed: discussion.closed.is_some(),
            answered: head.answered(),
        }
    }
}

/// What the watch buttons send: `watch`, `mute` or `none`.
#[derive(Deserialize)]
pub struct WatchForm {
    csrf_token: Option<String>,
    mode: Option<String>,
}

/// Watches, mutes or resets the viewer's notifications for this thread.
#[handler]
pub async fn post_watch(
    state: Data<&AppState>,
    viewer: Data<&Viewer>,
    id: Path<String>,
    form: Form<WatchForm>,
) -> HttpResult<Response> {
    verify_csrf(&viewer, form.csrf_token.as_deref())?;
    let user = viewer.require_user()?;
    let thread = find_thread(&state.db, &viewer, &id).await?;
    let mode = WatchMode::parse(form.mode.as_deref().unwrap_or("none"))?;
    set_watch(
        &state.db,
        &user.id,
        "Discussion",
        &thread.discussion.id,
        mode,
    )
    .await?;
    Ok(back_to(&id))
}
