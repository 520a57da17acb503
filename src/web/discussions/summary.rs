//! A discussion as listed on its subject's page and on the viewer's account page.

use crate::models::discussions::Thread;
use crate::models::discussions::list::ThreadHead;
use crate::web::Frame;

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
