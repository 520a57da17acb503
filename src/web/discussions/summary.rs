//! A discussion as listed on its subject's page and on the viewer's account page.

use crate::models::discussions::Thread;
use crate::models::discussions::list::ThreadHead;
use crate::web::Frame;

/// Where a question stands, shown as one label: a thread is never "open" and "answered" at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadState {
    /// An answer is marked, or the thread is closed.
    Resolved,
    /// A producer replied, and nothing is settled yet.
    Answered,
    /// No producer has replied yet.
    Unanswered,
}

impl ThreadState {
    /// The state of a discussion: closed or with its answer marked, replied to by a producer
    /// (`first_answered_at`), or neither.
    pub fn of(discussion: &entity::discussions::Model) -> Self {
        if discussion.closed.is_some() || discussion.answer_id.is_some() {
            Self::Resolved
        } else if discussion.first_answered_at.is_some() {
            Self::Answered
        } else {
            Self::Unanswered
        }
    }

    /// Its name in classes and ids: `resolved`, `answered`, `unanswered`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Resolved => "resolved",
            Self::Answered => "answered",
            Self::Unanswered => "unanswered",
        }
    }

    /// Its label in the reader's language.
    pub fn label(self, frame: &Frame) -> &'static str {
        frame.t(&format!("community.state_{}", self.name()))
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
    /// The one state to show.
    pub state: ThreadState,
    /// Its label in the reader's language.
    pub state_label: &'static str,
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
            state: ThreadState::of(discussion),
            state_label: ThreadState::of(discussion).label(frame),
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
            state: ThreadState::of(discussion),
            state_label: ThreadState::of(discussion).label(frame),
        }
    }
}
