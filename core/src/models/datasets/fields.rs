//! The fields of a dataset a catalog (or an admin) may set, and their checks.

use chrono::{DateTime, Utc};
use entity::{organizations, users};
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::import::{Extras, RESOURCE_TYPES, SpatialCoverage, TemporalCoverage, slugify};
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
    /// Archived in the catalog, or no longer.
    pub archived: Option<Mark>,
    /// Creation date in the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    pub last_modified: Option<DateTime<Utc>>,
    /// Acronym (empty string: none).
    pub acronym: Option<String>,
    /// Seen by its producer only.
    pub private: Option<bool>,
    /// Featured by the catalog.
    pub featured: Option<bool>,
    /// udata's badge kinds.
    pub badges: Option<Vec<String>>,
    /// Free key/values.
    pub extras: Option<Extras>,
    /// The period covered (`Some(None)`: none).
    pub temporal_coverage: Option<Option<TemporalCoverage>>,
    /// The places covered (`Some(None)`: none).
    pub spatial: Option<Option<SpatialCoverage>>,
    /// When its data last changed.
    pub last_update: Option<DateTime<Utc>>,
    /// Its resources, replacing the current ones.
    pub resources: Option<Vec<ResourceFields>>,
}

/// A change to a mark such as `archived`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// No longer marked.
    Unset,
    /// Marked; since now unless it already was.
    Set,
    /// Marked since this date.
    Since(DateTime<Utc>),
}

/// A resource of a pushed dataset.
#[derive(Clone, Debug, Default)]
pub struct ResourceFields {
    /// The catalog's id (generated when absent); unique across datasets.
    pub id: Option<String>,
    /// Title (required).
    pub title: Option<String>,
    /// Description (Markdown).
    pub description: Option<String>,
    /// udata's type (`main` when absent).
    pub kind: Option<String>,
    /// Format.
    pub format: Option<String>,
    /// Where it is (required, http or https).
    pub url: Option<String>,
    /// Size in bytes.
    pub filesize: Option<i64>,
    /// MIME type.
    pub mime: Option<String>,
    /// Creation date in the catalog.
    pub created_at: Option<DateTime<Utc>>,
    /// Last modification in the catalog.
    pub last_modified: Option<DateTime<Utc>>,
    /// Free key/values.
    pub extras: Option<Extras>,
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
    check_details(fields, &mut add);
    AppError::check(errors)
}

/// The checks of udata's fuller fields and of the resources.
fn check_details(fields: &DatasetFields, add: &mut impl FnMut(&str, String)) {
    if let Some(acronym) = &fields.acronym
        && acronym.chars().count() > 128
    {
        add("acronym", "must be at most 128 characters".into());
    }
    if fields
        .badges
        .iter()
        .flatten()
        .any(|kind| kind.trim().is_empty())
    {
        add("badges", "each badge needs a kind".into());
    }
    if let Some(Some(TemporalCoverage {
        start: Some(start),
        end: Some(end),
    })) = &fields.temporal_coverage
        && start > end
    {
        add("temporal_coverage", "start must not be after end".into());
    }
    let mut ids = std::collections::HashSet::new();
    for (index, resource) in fields.resources.iter().flatten().enumerate() {
        let field = |name: &str| format!("resources[{index}].{name}");
        if let Some(id) = &resource.id {
            if id.trim().is_empty() || id.len() > 128 || id.contains('/') {
                add(
                    &field("id"),
                    "must be 1 to 128 characters, without '/'".into(),
                );
            } else if !ids.insert(id.trim()) {
                add(&field("id"), format!("{id:?} is listed twice"));
            }
        }
        if resource
            .title
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            add(&field("title"), "is required".into());
        }
        match resource.url.as_deref() {
            None | Some("") => add(&field("url"), "is required".into()),
            Some(url) if !is_http_url(url) => {
                add(&field("url"), format!("{url:?} is not an http(s) URL"));
            }
            Some(_) => {}
        }
        if let Some(kind) = &resource.kind
            && !RESOURCE_TYPES.contains(&kind.as_str())
        {
            let known = RESOURCE_TYPES.join(", ");
            add(&field("type"), format!("must be one of {known}"));
        }
        if resource.filesize.is_some_and(|size| size < 0) {
            add(&field("filesize"), "must not be negative".into());
        }
    }
}
