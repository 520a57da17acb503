//! The fields a caller may set on a reuse, and their checks: each refused field says why.

use std::collections::HashMap;

use entity::{datasets, reuses};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::{AppError, AppResult, FieldErrors, is_unique_violation};
use crate::import::slugify;
use crate::models::reuses::kinds::{TOPICS, TYPES, ids, is_one_of};
use crate::models::text::{NO_CONTROL_CHARACTERS, has_control_characters, is_http_url};

/// Longest title.
pub const MAX_TITLE: usize = 350;

/// Longest description.
pub const MAX_DESCRIPTION: usize = 100_000;

/// Fields of a reuse a caller may set; on update only those given change.
#[derive(Clone, Debug, Default)]
pub struct ReuseFields {
    /// Title (required, ≤ 350).
    pub title: Option<String>,
    /// Slug chosen by the caller (CKAN's `name`): 2 to 100 lowercase letters, digits, `-` or
    /// `_`, free (no reuse has it or used to have it); derived from the title when absent.
    pub slug: Option<String>,
    /// Markdown description (required, ≤ 100,000).
    pub description: Option<String>,
    /// Where the reuse lives (required, http(s), unique).
    pub url: Option<String>,
    /// One of [`TYPES`].
    pub kind: Option<String>,
    /// One of [`TOPICS`].
    pub topic: Option<String>,
    /// Tags (normalised to sorted unique slugs of 3–96 characters).
    pub tags: Option<Vec<String>>,
    /// Dataset ids (replaces the list on update).
    pub datasets: Option<Vec<String>>,
    /// Organization publishing it (`Some(None)`: the caller instead).
    pub organization: Option<Option<String>>,
    /// Hidden from the public.
    pub private: Option<bool>,
    /// `Some(None)` restores a deleted reuse (udata's `{"deleted": null}`).
    pub restore: bool,
    /// udata's `extras`: free key/values kept with the reuse and given back as they came, a
    /// JSON object (replaces the stored one on update).
    pub extras: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Largest `extras`, serialized.
pub const MAX_EXTRAS: usize = 10_000;

pub(super) struct Checked {
    pub(super) tags: Option<Vec<String>>,
    /// The datasets asked for, in their order, each once.
    pub(super) datasets: Option<Vec<datasets::Model>>,
}

pub(super) fn add(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

pub(super) async fn check(
    db: &impl ConnectionTrait,
    fields: &ReuseFields,
    creating: bool,
) -> AppResult<Checked> {
    let mut errors = FieldErrors::new();
    match fields.title.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "title", "is required"),
        Some("") => add(&mut errors, "title", "must not be empty"),
        Some(title) if title.chars().count() > MAX_TITLE => {
            add(
                &mut errors,
                "title",
                format!("must be at most {MAX_TITLE} characters"),
            );
        }
        Some(title) if has_control_characters(title, false) => {
            add(&mut errors, "title", NO_CONTROL_CHARACTERS);
        }
        _ => {}
    }
    if let Some(slug) = fields.slug.as_deref()
        && let Err(reason) = check_slug(slug)
    {
        add(&mut errors, "slug", reason);
    }
    match fields.description.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "description", "is required"),
        Some("") => add(&mut errors, "description", "must not be empty"),
        Some(text) if text.chars().count() > MAX_DESCRIPTION => {
            add(
                &mut errors,
                "description",
                format!("must be at most {MAX_DESCRIPTION} characters"),
            );
        }
        Some(text) if has_control_characters(text, true) => {
            add(&mut errors, "description", NO_CONTROL_CHARACTERS);
        }
        _ => {}
    }
    match fields.url.as_deref().map(str::trim) {
        None if creating => add(&mut errors, "url", "is required"),
        Some(url) if !is_http_url(url) => {
            add(&mut errors, "url", format!("{url:?} is not an http(s) URL"))
        }
        _ => {}
    }
    match fields.kind.as_deref() {
        None if creating => add(
            &mut errors,
            "type",
            format!("is required: one of {}", ids(TYPES)),
        ),
        Some(kind) if !is_one_of(TYPES, kind) => {
            add(
                &mut errors,
                "type",
                format!("{kind:?} is not a type: use one of {}", ids(TYPES)),
            );
        }
        _ => {}
    }
    if let Some(extras) = &fields.extras
        && serde_json::to_string(extras).map_or(true, |text| text.len() > MAX_EXTRAS)
    {
        add(
            &mut errors,
            "extras",
            format!("must be at most {MAX_EXTRAS} characters once written as JSON"),
        );
    }
    match fields.topic.as_deref() {
        None if creating => add(
            &mut errors,
            "topic",
            format!("is required: one of {}", ids(TOPICS)),
        ),
        Some(topic) if !is_one_of(TOPICS, topic) => {
            add(
                &mut errors,
                "topic",
                format!("{topic:?} is not a topic: use one of {}", ids(TOPICS)),
            );
        }
        _ => {}
    }
    let tags = fields.tags.as_ref().map(|tags| {
        let mut normalized: Vec<String> = tags.iter().map(|tag| slugify(tag)).collect();
        for (tag, raw) in normalized.iter().zip(tags) {
            if !(3..=96).contains(&tag.chars().count()) {
                add(
                    &mut errors,
                    "tags",
                    format!("{raw:?} must be 3 to 96 letters, digits or dashes"),
                );
            }
        }
        normalized.sort();
        normalized.dedup();
        normalized
    });
    let datasets = match &fields.datasets {
        Some(wanted) => {
            let mut unique: Vec<String> = Vec::new();
            for id in wanted {
                if !unique.contains(id) {
                    unique.push(id.clone());
                }
            }
            let mut known: HashMap<String, datasets::Model> = datasets::Entity::find()
                .filter(datasets::Column::Id.is_in(unique.clone()))
                .filter(datasets::Column::Deleted.eq(false))
                .all(db)
                .await?
                .into_iter()
                .map(|dataset| (dataset.id.clone(), dataset))
                .collect();
            let mut found = Vec::with_capacity(unique.len());
            for id in &unique {
                match known.remove(id) {
                    Some(dataset) => found.push(dataset),
                    None => add(
                        &mut errors,
                        "datasets",
                        format!("no dataset has the id {id:?}"),
                    ),
                }
            }
            Some(found)
        }
        None => None,
    };
    AppError::check(errors)?;
    Ok(Checked { tags, datasets })
}

/// Why a chosen slug cannot be one: CKAN's rule for names (2 to 100 lowercase letters,
/// digits, `-` or `_`), and never the shape of a reuse id.
fn check_slug(slug: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
    if !(2..=100).contains(&slug.len()) || !slug.chars().all(allowed) {
        return Err(format!(
            "{slug:?} must be 2 to 100 lowercase letters, digits, \"-\" or \"_\""
        ));
    }
    if crate::models::is_object_id(slug) || uuid::Uuid::try_parse(slug).is_ok() {
        return Err(format!("{slug:?} has the shape of an id: choose another"));
    }
    Ok(())
}

/// Checks `fields` as [`create_reuse`] (`current` `None`) or [`update_reuse`] would, writing
/// nothing: a form checks them before it stores the image sent with them.
pub async fn check_reuse_fields(
    db: &impl ConnectionTrait,
    fields: &ReuseFields,
    current: Option<&str>,
) -> AppResult<()> {
    check(db, fields, current.is_none()).await?;
    // Writing finds a taken URL by its unique index; a form asks before storing its image.
    let Some(url) = fields.url.as_deref().map(str::trim) else {
        return Ok(());
    };
    let mut taken = reuses::Entity::find().filter(reuses::Column::Url.eq(url));
    if let Some(id) = current {
        taken = taken.filter(reuses::Column::Id.ne(id));
    }
    if taken.count(db).await? > 0 {
        return Err(reuse_conflict_on_url());
    }
    Ok(())
}

/// A new reuse's URL, or its slug, taken by another written meanwhile: a conflict on that field.
pub(super) fn reuse_conflict(err: sea_orm::DbErr) -> AppError {
    if !is_unique_violation(&err) {
        return err.into();
    }
    if err.to_string().contains("slug") {
        AppError::conflict(
            "title",
            "another reuse with a title like this one was created at the same moment: try again",
        )
    } else {
        reuse_conflict_on_url()
    }
}

/// A chosen slug another reuse has, or used to have.
pub(super) fn slug_taken(slug: &str) -> AppError {
    AppError::conflict(
        "slug",
        format!("{slug:?} is taken: another reuse has or had this name"),
    )
}

pub(super) fn reuse_conflict_on_url() -> AppError {
    AppError::conflict(
        "url",
        "another reuse already has this URL (deleted ones included)",
    )
}
