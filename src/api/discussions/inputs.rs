//! The request bodies of the discussion operations.

use poem_openapi::Object;
use serde_json::Value;

/// A subject as written when opening a discussion.
#[derive(Object)]
pub struct SubjectInput {
    /// `Dataset` or `Reuse`.
    pub class: String,
    /// Its id (or slug).
    pub id: String,
}

/// A new discussion.
#[derive(Object)]
pub struct NewDiscussionInput {
    /// Title (at most 350 characters).
    #[oai(nullable)]
    pub title: Option<String>,
    /// The question, in Markdown (at most 50,000 characters).
    #[oai(nullable)]
    pub comment: Option<String>,
    /// What it is about.
    #[oai(nullable)]
    pub subject: Option<SubjectInput>,
    /// Organization (one of yours) to speak for: its id or `{"id": …}`, as in udata.
    #[oai(nullable)]
    pub organization: Option<Value>,
}

/// A reply: a comment, closing (`true`) or reopening (`false`), or both.
#[derive(Object)]
pub struct ReplyInput {
    /// The message, in Markdown.
    #[oai(nullable)]
    pub comment: Option<String>,
    /// `true` closes the discussion; `false` reopens a closed one.
    #[oai(nullable)]
    pub close: Option<bool>,
    /// Organization (one of yours) to speak for: its id or `{"id": …}`, as in udata.
    #[oai(nullable)]
    pub organization: Option<Value>,
}

/// A new title.
#[derive(Object)]
pub struct TitleInput {
    /// Title (at most 350 characters).
    #[oai(nullable)]
    pub title: Option<String>,
}

/// A message's new text.
#[derive(Object)]
pub struct CommentInput {
    /// Text in Markdown.
    #[oai(nullable)]
    pub comment: Option<String>,
}

/// Which message answers the question.
#[derive(Object)]
pub struct AnswerInput {
    /// The message's id.
    #[oai(nullable)]
    pub message: Option<String>,
}
