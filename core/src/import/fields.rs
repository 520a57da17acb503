//! Checks and clean-up of the field values every format shares: ids, titles, slugs, tags,
//! dates and flags, with the reason a bad value gives for its row.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use super::RESOURCE_TYPES;
use super::dates::parse_datetime;
use super::slug::slugify;

/// Checks the id (non-blank, kept verbatim) and title (trimmed, non-empty).
pub(super) fn required_id_title(
    id: Option<&str>,
    title: Option<&str>,
) -> Result<(String, String), String> {
    let id = match id {
        Some(id) if !id.trim().is_empty() => id.to_owned(),
        _ => return Err("the id is missing".to_owned()),
    };
    match title.map(str::trim) {
        Some(title) if !title.is_empty() => Ok((id, title.to_owned())),
        _ => Err("the title is missing".to_owned()),
    }
}

/// `Some(trimmed)` unless blank.
pub(super) fn non_blank(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The slug given, or `slugify(fallback)` when it is blank.
pub(super) fn slug_or(slug: Option<&str>, fallback: &str) -> String {
    non_blank(slug).unwrap_or_else(|| slugify(fallback))
}

/// Lower-cases and trims tags, drops empty ones, sorts and removes duplicates.
pub(super) fn normalize_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = tags
        .into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                t.to_owned()
            } else {
                t.to_lowercase()
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A date field: blank is `None`, anything else must be a date. `what` names the
/// field in the reason, e.g. `column "created_at"`.
pub(super) fn date_field(
    value: Option<&str>,
    what: impl fmt::Display,
) -> Result<Option<DateTime<Utc>>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_datetime(s)
            .map(Some)
            .ok_or_else(|| format!("{what}: \"{s}\" is not a date")),
    }
}

/// A day such as a temporal coverage's start: blank is `None`; a date-time gives its day.
pub(super) fn day_field(
    value: Option<&str>,
    what: impl fmt::Display,
) -> Result<Option<NaiveDate>, String> {
    Ok(date_field(value, what)?.map(|date| date.date_naive()))
}

/// A mark such as `archived` as udata writes it: blank or false-like is unset, true-like is set
/// (since an unknown date), a date is set since that date.
pub(super) fn since_field(
    value: Option<&str>,
    what: impl fmt::Display,
) -> Result<(bool, Option<DateTime<Utc>>), String> {
    let set = flag_field(value, what)?;
    let since = value.and_then(parse_datetime);
    Ok((set, since))
}

/// A format as udata keeps it: trimmed and lower-cased, `None` when blank.
pub(super) fn format_field(value: Option<&str>) -> Option<String> {
    non_blank(value).map(|format| format.to_lowercase())
}

/// A resource type udata knows, `other` for any other, `main` when blank.
pub(super) fn resource_kind(value: Option<&str>) -> String {
    let value = value.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return RESOURCE_TYPES[0].to_owned();
    }
    let known = RESOURCE_TYPES
        .iter()
        .find(|kind| value.eq_ignore_ascii_case(kind));
    known.map_or("other", |kind| kind).to_owned()
}

/// A flag such as `archived`: blank or false-like is `false`; true-like or a date
/// (the day it was set) is `true`.
pub(super) fn flag_field(value: Option<&str>, what: impl fmt::Display) -> Result<bool, String> {
    let s = value.map(str::trim).unwrap_or("");
    const FALSE: [&str; 5] = ["", "false", "0", "no", "none"];
    const TRUE: [&str; 3] = ["true", "1", "yes"];
    if FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Ok(false)
    } else if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) || parse_datetime(s).is_some() {
        Ok(true)
    } else {
        Err(format!("{what}: \"{s}\" is neither true/false nor a date"))
    }
}
