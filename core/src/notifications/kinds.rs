//! The kinds of events people hear about, and what they get by default.

use crate::error::{AppError, AppResult};

/// An event kind, as settings and in-app notifications name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A question about a dataset or reuse I publish or watch.
    NewDiscussion,
    /// A reply in a discussion I take part in or watch.
    NewComment,
    /// A discussion I take part in or watch was closed or reopened.
    DiscussionClosed,
    /// A producer marked the answer of a discussion I take part in or watch.
    AnswerMarked,
    /// A reuse now uses a dataset I publish.
    ReuseLinked,
    /// A moderator removed something I wrote.
    ContentRemoved,
    /// A new reuse of a dataset I follow.
    FollowedReuse,
    /// A new discussion about a dataset or reuse I follow.
    FollowedDiscussion,
    /// A dataset one of my reuses uses was archived, deleted, gained or lost a resource, or
    /// changed licence in the catalog.
    DatasetChanged,
    /// The same, of a dataset I follow.
    FollowedDatasetChanged,
    /// The page of a reuse I publish no longer answers.
    LinkBroken,
    /// A question about data I answer for has waited too long for a producer's answer.
    QuestionEscalated,
    /// A data request I made or support was routed, taken up, opened or declined.
    DataRequestUpdated,
}

/// How mail for a kind is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailMode {
    /// At once.
    Immediate,
    /// Gathered in one mail a day.
    Daily,
    /// Never.
    Off,
}

impl EmailMode {
    /// Its name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Daily => "daily",
            Self::Off => "off",
        }
    }

    /// The mode named `text`.
    pub fn parse(text: &str) -> AppResult<Self> {
        match text {
            "immediate" => Ok(Self::Immediate),
            "daily" => Ok(Self::Daily),
            "off" => Ok(Self::Off),
            other => Err(AppError::field(
                "email",
                format!("{other:?} is not a mode: use immediate, daily or off"),
            )),
        }
    }
}

impl Kind {
    /// Every kind, in the settings page's order.
    pub const ALL: [Kind; 13] = [
        Self::NewDiscussion,
        Self::NewComment,
        Self::DiscussionClosed,
        Self::AnswerMarked,
        Self::ReuseLinked,
        Self::ContentRemoved,
        Self::FollowedReuse,
        Self::FollowedDiscussion,
        Self::DatasetChanged,
        Self::FollowedDatasetChanged,
        Self::LinkBroken,
        Self::QuestionEscalated,
        Self::DataRequestUpdated,
    ];

    /// Its name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewDiscussion => "new_discussion",
            Self::NewComment => "new_comment",
            Self::DiscussionClosed => "discussion_closed",
            Self::AnswerMarked => "answer_marked",
            Self::ReuseLinked => "reuse_linked",
            Self::ContentRemoved => "content_removed",
            Self::FollowedReuse => "followed_reuse",
            Self::FollowedDiscussion => "followed_discussion",
            Self::DatasetChanged => "dataset_changed",
            Self::FollowedDatasetChanged => "followed_dataset_changed",
            Self::LinkBroken => "link_broken",
            Self::QuestionEscalated => "question_escalated",
            Self::DataRequestUpdated => "data_request_updated",
        }
    }

    /// The kind named `text`.
    pub fn parse(text: &str) -> AppResult<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                AppError::field(
                    "kind",
                    format!(
                        "{text:?} is not a notification kind: use one of {}",
                        Self::ALL.map(Kind::as_str).join(", ")
                    ),
                )
            })
    }

    /// Mail mode when the user chose nothing: what follows from following is gathered daily.
    pub fn default_email(self) -> EmailMode {
        match self {
            Self::FollowedReuse | Self::FollowedDiscussion | Self::FollowedDatasetChanged => {
                EmailMode::Daily
            }
            _ => EmailMode::Immediate,
        }
    }
}
