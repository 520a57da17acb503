//! Data request pages: the list most supported first, the "ask for data" form, a request's page
//! with its support button, status, thread and the animators' steps, and the Atom feed.

mod feed;
mod list;
mod new_request;
mod page;

pub use feed::data_requests_feed;
pub use list::{DataRequestsPage, DataRequestsQuery, data_requests_page};
pub use new_request::{NewRequestForm, NewRequestPage, create_from_form, new_form};
pub use page::{
    DataRequestPage, StepForm, SupportForm, data_request_page, post_step, post_support,
};

use crate::error::FieldErrors;
use crate::models::data_requests::Status;
use crate::web::Frame;

/// A status's words in the reader's language.
pub fn status_label(frame: &Frame, status: Status) -> &'static str {
    frame.t(match status {
        Status::Open => "requests.status_open",
        Status::Routed => "requests.status_routed",
        Status::InProgress => "requests.status_in_progress",
        Status::Opened => "requests.status_opened",
        Status::Declined => "requests.status_declined",
    })
}

/// The badge class of a status, from the shared components' colours.
pub fn badge_class(status: Status) -> &'static str {
    match status {
        Status::Open => "open",
        Status::Routed | Status::InProgress => "pending",
        Status::Opened => "success",
        Status::Declined => "closed",
    }
}

/// A field's errors in the reader's language.
fn field_error(frame: &Frame, errors: &FieldErrors, field: &str) -> Option<String> {
    errors.get(field).map(|messages| {
        messages
            .iter()
            .map(|message| frame.lang.field_error(field, message))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// One line of a form's error summary: the field's anchor and what is wrong.
pub struct SummaryLine {
    /// The id of the field's input.
    pub anchor: String,
    /// The error, in the reader's language.
    pub text: String,
}

/// The summary of `errors`, in the order of `fields` (the form's order).
fn summary(frame: &Frame, errors: &FieldErrors, fields: &[&str]) -> Vec<SummaryLine> {
    fields
        .iter()
        .filter_map(|field| {
            field_error(frame, errors, field).map(|text| SummaryLine {
                anchor: (*field).to_owned(),
                text,
            })
        })
        .collect()
}
