//! The request bodies of the moderation operations.

use poem_openapi::Object;
use poem_openapi::types::MaybeUndefined;
use serde_json::Value;

use crate::error::{AppError, HttpResult};
use crate::moderation::reports::Resolution;

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

/// A moderator's decision on a report: Vitrine's `status`, or udata's `dismissed_at`.
#[derive(Object)]
pub struct ReportPatch {
    /// `dismissed` or `handled`.
    #[oai(nullable)]
    pub status: Option<String>,
    /// udata's: a date dismisses the report (at the server's time), `null` undoes a dismissal.
    pub dismissed_at: MaybeUndefined<Value>,
}

impl ReportPatch {
    /// What the moderator decided; `status` wins when both are given.
    pub(super) fn resolution(self) -> HttpResult<Resolution> {
        if let Some(status) = self.status {
            return Ok(Resolution::parse(&status)?);
        }
        match self.dismissed_at {
            MaybeUndefined::Null => Ok(Resolution::Undismiss),
            MaybeUndefined::Value(Value::String(date)) if is_date(&date) => Ok(Resolution::Dismiss),
            MaybeUndefined::Value(_) => {
                Err(AppError::field("dismissed_at", "must be a date (ISO 8601) or null").into())
            }
            MaybeUndefined::Undefined => Err(AppError::field(
                "status",
                "is required: dismissed or handled (or udata's dismissed_at)",
            )
            .into()),
        }
    }
}

/// Whether `text` is a date and time as udata's clients write them (with or without an offset).
fn is_date(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
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
