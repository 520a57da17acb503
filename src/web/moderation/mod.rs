//! Moderation pages: the queue (held messages and open reports), the showcase order, the broken
//! links, the audit log, deactivating an account, and the report form anyone can use.
//!
//! One file a page; the sign-in check they share lives here.

mod accounts;
mod audit;
mod dashboard;
mod featured;
mod links;
mod queue;
mod report;

use poem::Response;

use crate::permissions::Viewer;
use crate::web::sign_in_first;

pub use accounts::{DeactivatePage, deactivate, deactivate_form};
pub use audit::{AuditPage, audit_page};
pub use dashboard::{Candidate, Dashboard, MissRow, search_misses};
pub use featured::{FeaturedPage, FeaturedQuery, featured_action, featured_page};
pub use links::{BrokenRow, LinksPage, LinksQuery, archive_broken, links_page};
pub use queue::{
    HeldRow, QueuePage, RemoveForm, ReportRow, ResolveForm, approve, queue_page, remove, resolve,
};
pub use report::{ReportForm, ReportPage, report_form, send_report};

/// Signed-out visitors are asked to sign in first and come back to `here`.
fn moderator_only(viewer: &Viewer, here: &str) -> Option<Response> {
    viewer.user.is_none().then(|| sign_in_first(here))
}
