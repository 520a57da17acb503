//! The fields of a dataset a catalog (or an admin) may set, and their checks.

use chrono::{DateTime, Utc};
use entity::{organizations, users};
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::import::slugify;
use crate::models::text::is_http_url;

/// Fields of a dataset a catalog (or an admin) may set.
#[derive(Clone, Debug, Default)]
pub struct DatasetFields {
    /// The catalog's id (creation only; generated when absent).
    pub id: Option<String>,
    /// Title (required on creation).
    pub title: Option<String>,
    /// Slug; derived from the title when absent.
    pub slug: Option<String>,
    /// Description (Markdown).
    pub description: Option<String>,
    /// Its page on the catalog.
    pub url: Option<String>,
    /// Publishing organization id (empty string: none).
    pub organization: Option<String>,
    /// Publishing user id (empty string: none).
    pub owner: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// License id.
    pub license: Option<String>,
    /// Update frequency.
    pub frequency: Option<String>,
    /// Archived in the catalog.
    pub archived: Option<bool>,
    /// Creation date in the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    pub last_modified: Option<DateTime<Utc>>,
}

pub(super) async fn check_fields(
    db: &impl ConnectionTrait,
    fields: &DatasetFields,
    creating: bool,
) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, message: String| {
        errors.entry(field.to_owned()).or_default().push(message);
    };
    match fields.title.as_deref().map(str::trim) {
        None if creating => add("title", "is required".into()),
        Some("") => add("title", "must not be empty".into()),
        Some(title) if title.chars().count() > 350 => {
            add("title", "must be at most 350 characters".into());
        }
        _ => {}
    }
    if let Some(id) = &fields.id
        && (id.trim().is_empty() || id.len() > 128 || id.contains('/'))
    {
        add("id", "must be 1 to 128 characters, without '/'".into());
    }
    if let Some(slug) = &fields.slug
        && (slug.is_empty() || slugify(slug) != *slug)
    {
        add(
            "slug",
            "must be lower-case letters, digits and dashes".into(),
        );
    }
    if let Some(url) = fields.url.as_deref().filter(|url| !url.is_empty())
        && !is_http_url(url)
    {
        add("url", format!("{url:?} is not an http(s) URL"));
    }
    if let Some(org) = fields.organization.as_deref().filter(|id| !id.is_empty())
        && organizations::Entity::find_by_id(org.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        add(
            "organization",
            format!("no organization has the id {org:?}"),
        );
    }
    if let Some(owner) = fields.owner.as_deref().filter(|id| !id.is_empty())
        && users::Entity::find_by_id(owner.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        add("owner", format!("no user has the id {owner:?}"));
    }
    AppError::check(errors)
}
