//! The request bodies of the moderation operations.

use poem_openapi::Object;
use serde_json::Value;

/// A new report.
#[derive(Object)]
pub struct ReportInput {
    /// What is reported: `{"class": "Reuse"|"Dataset"|"Discussion", "id": …}`.
    #[oai(nullable)]
    pub subject: Option<Value>,
    /// A message of the reported discussion.
    #[oai(nullable)]
    pub subject_embed_id: Option<String>,
    /// See `/reports/reasons/`.
    #[oai(nullable)]
    pub reason: Option<String>,
    /// What is wrong (at most 5,000 characters).
    #[oai(nullable)]
    pub message: Option<String>,
}

/// A moderator's decision on a report.
#[derive(Object)]
pub struct ReportPatch {
    /// `dismissed` or `handled`.
    #[oai(nullable)]
    pub status: Option<String>,
}

/// The showcase order.
#[derive(Object)]
pub struct FeaturedOrder {
    /// Ids of every featured reuse, first on the home page first.
    pub order: Vec<String>,
}

/// Why a message is removed.
#[derive(Object)]
pub struct RemovalInput {
    /// Mailed to the author.
    #[oai(nullable)]
    pub reason: Option<String>,
}
