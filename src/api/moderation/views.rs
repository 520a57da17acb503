//! What the moderation operations answer: reports, reasons, held messages, audit entries, and
//! the answers' statuses.

use chrono::{DateTime, Utc};
use entity::{audit_log, users};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use serde_json::Value;
use url::Url;

use crate::api::views::UserRef;
use crate::moderation::queue::HeldItem;

/// A report.
#[derive(Object)]
pub struct ReportView {
    /// Id.
    pub id: String,
    /// What is reported: `{class, id}`.
    pub subject: Value,
    /// A message of the reported discussion.
    #[oai(nullable)]
    pub subject_embed_id: Option<String>,
    /// Why.
    pub reason: String,
    /// What the reporter said.
    pub message: String,
    /// Reporter's id (none when anonymous).
    #[oai(nullable)]
    pub by: Option<String>,
    /// When.
    pub reported_at: DateTime<Utc>,
    /// Dismissed.
    #[oai(nullable)]
    pub dismissed_at: Option<DateTime<Utc>>,
    /// Dismissed by.
    #[oai(nullable)]
    pub dismissed_by: Option<String>,
    /// Handled.
    #[oai(nullable)]
    pub handled_at: Option<DateTime<Utc>>,
    /// Handled by.
    #[oai(nullable)]
    pub handled_by: Option<String>,
}

impl From<entity::reports::Model> for ReportView {
    fn from(row: entity::reports::Model) -> Self {
        Self {
            subject: serde_json::json!({"class": row.subject_class, "id": row.subject_id}),
            id: row.id,
            subject_embed_id: row.subject_embed_id,
            reason: row.reason,
            message: row.message,
            by: row.by_id,
            reported_at: row.reported_at,
            dismissed_at: row.dismissed_at,
            dismissed_by: row.dismissed_by,
            handled_at: row.handled_at,
            handled_by: row.handled_by,
        }
    }
}

/// A reason to report.
#[derive(Object)]
pub struct ReasonView {
    /// Value to send.
    pub value: String,
    /// Label.
    pub label: String,
}

/// A held message.
#[derive(Object)]
pub struct HeldView {
    /// Message id (approve or remove it).
    pub id: String,
    /// Its discussion.
    pub discussion: String,
    /// The discussion's title.
    pub title: String,
    /// The question itself (removing it removes the discussion).
    pub is_question: bool,
    /// Its text (raw Markdown).
    pub content: String,
    /// Why it was held.
    pub reason: String,
    /// Its author.
    #[oai(nullable)]
    pub author: Option<UserRef>,
    /// Posted.
    pub posted_on: DateTime<Utc>,
}

impl HeldView {
    /// The view of a held message on the site at `public_url`.
    pub fn new(item: HeldItem, public_url: &Url) -> Self {
        Self {
            id: item.message.id,
            discussion: item.discussion.id,
            title: item.discussion.title,
            is_question: item.message.position == 0,
            content: item.message.content,
            reason: item.message.held_reason.unwrap_or_default(),
            author: item
                .author
                .as_ref()
                .map(|user| UserRef::new(user, public_url)),
            posted_on: item.message.posted_on,
        }
    }
}

/// An audit log entry.
#[derive(Object)]
pub struct AuditView {
    /// Who.
    #[oai(nullable)]
    pub actor: Option<UserRef>,
    /// What (`reuse.feature`, `report.dismiss`, `message.remove`…).
    pub action: String,
    /// On what: `{class, id}`.
    pub target: Value,
    /// Details.
    pub summary: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl AuditView {
    /// The view of an audit entry on the site at `public_url`.
    pub fn new((entry, actor): (audit_log::Model, Option<users::Model>), public_url: &Url) -> Self {
        Self {
            actor: actor.as_ref().map(|user| UserRef::new(user, public_url)),
            action: entry.action,
            target: serde_json::json!({"class": entry.target_class, "id": entry.target_id}),
            summary: entry.summary,
            at: entry.at,
        }
    }
}

/// Answer of `POST /reports/`.
#[derive(ApiResponse)]
pub enum CreateReportResponse {
    /// Recorded.
    #[oai(status = 201)]
    Created(Json<ReportView>),
}

/// Answer of queue actions.
#[derive(ApiResponse)]
pub enum DoneResponse {
    /// Done.
    #[oai(status = 204)]
    Done,
}
