//! The checks a title or a message passes before it is stored, and the limits they enforce.

use crate::error::FieldErrors;
use crate::models::text::{NO_CONTROL_CHARACTERS, has_control_characters};

/// Longest title.
pub const MAX_TITLE: usize = 350;
/// Longest message.
pub const MAX_COMMENT: usize = 50_000;

fn add(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

/// The trimmed title, or why it is refused.
pub fn check_title(errors: &mut FieldErrors, title: Option<&str>) -> String {
    match title.map(str::trim) {
        None => add(errors, "title", "is required"),
        Some("") => add(errors, "title", "must not be empty"),
        Some(title) if title.chars().count() > MAX_TITLE => {
            add(
                errors,
                "title",
                format!("must be at most {MAX_TITLE} characters"),
            );
        }
        // Tabs and line breaks become spaces just below.
        Some(title) if has_control_characters(title, true) => {
            add(errors, "title", NO_CONTROL_CHARACTERS);
        }
        // One line: line breaks and runs of spaces become one space (titles go into mail subjects).
        Some(title) => return title.split_whitespace().collect::<Vec<_>>().join(" "),
    }
    String::new()
}

/// The trimmed message, or why it is refused.
pub fn check_comment(errors: &mut FieldErrors, comment: Option<&str>) -> String {
    match comment.map(str::trim) {
        None => add(errors, "comment", "is required"),
        Some("") => add(errors, "comment", "must not be empty"),
        Some(text) if text.chars().count() > MAX_COMMENT => {
            add(
                errors,
                "comment",
                format!("must be at most {MAX_COMMENT} characters"),
            );
        }
        Some(text) if has_control_characters(text, true) => {
            add(errors, "comment", NO_CONTROL_CHARACTERS);
        }
        Some(text) => return text.to_owned(),
    }
    String::new()
}
