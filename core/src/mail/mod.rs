//! Mail: rendering from `templates/email/`, the durable outbox, and the worker that sends it.

pub mod outbox;
pub mod render;
pub mod worker;

use serde::{Deserialize, Serialize};

/// A mail ready to go, as the outbox keeps it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Recipient name.
    pub to_name: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// `Message-ID`, without the angle brackets.
    pub message_id: String,
    /// `In-Reply-To` and `References`: the thread's root id, without the angle brackets.
    pub thread_id: Option<String>,
    /// One-click unsubscribe URL (`List-Unsubscribe`), for this recipient and kind.
    pub unsubscribe: Option<String>,
    /// Where the mail points, for the daily digest's line.
    pub url: String,
    /// The mail's language code.
    pub lang: String,
}
