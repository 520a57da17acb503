//! Organizations and their members: membership is what makes a user a producer.

use std::collections::HashMap;

use entity::{datasets, members, organizations, reuses, users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::import::slugify;
use crate::models::paging::{PageOf, Paging};
use crate::models::text::{contains_ci, unique_slug};

mod membership;

pub use membership::{
    MemberChange, MemberRole, list_members, member_role, memberships, remove_member, set_member,
};

/// Fields of an organization a caller may set.
#[derive(Clone, Debug, Default)]
pub struct OrganizationFields {
    /// Display name (required on creation).
    pub name: Option<String>,
    /// Acronym (at most 128 characters; empty for none).
    pub acronym: Option<String>,
    /// Slug; derived from the name when absent.
    pub slug: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Web site.
    pub url: Option<String>,
}

/// Organizations matching `q` (in their name), by name.
pub async fn list_organizations(
    db: &impl ConnectionTrait,
    q: Option<&str>,
    paging: Paging,
) -> AppResult<PageOf<organizations::Model>> {
    let mut select = organizations::Entity::find();
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        select = select.filter(contains_ci(organizations::Column::Name, q));
    }
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_asc(organizations::Column::Name)
        .order_by_asc(organizations::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok(PageOf {
        items,
        total,
        paging,
    })
}

/// The organization with this id, else the one with this slug: anybody may choose a slug, one
/// shaped like another organization's id included, and the id wins.
pub async fn find_organization(
    db: &impl ConnectionTrait,
    id_or_slug: &str,
) -> AppResult<organizations::Model> {
    organizations::Entity::find()
        .filter(
            organizations::Column::Id
                .eq(id_or_slug)
                .or(organizations::Column::Slug.eq(id_or_slug)),
        )
        .order_by_desc(Expr::col(organizations::Column::Id).eq(id_or_slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("organization", id_or_slug))
}

/// The organizations with these ids, by id.
pub async fn organizations_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> AppResult<HashMap<String, organizations::Model>> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(organizations::Entity::find()
        .filter(organizations::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|org| (org.id.clone(), org))
        .collect())
}

fn check_fields(fields: &OrganizationFields, creating: bool) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    match fields.name.as_deref().map(str::trim) {
        None if creating => errors
            .entry("name".into())
            .or_default()
            .push("is required".into()),
        Some("") => errors
            .entry("name".into())
            .or_default()
            .push("must not be empty".into()),
        Some(name) if name.chars().count() > 255 => errors
            .entry("name".into())
            .or_default()
            .push("must be at most 255 characters".into()),
        _ => {}
    }
    if fields
        .acronym
        .as_deref()
        .is_some_and(|acronym| acronym.trim().chars().count() > 128)
    {
        errors
            .entry("acronym".into())
            .or_default()
            .push("must be at most 128 characters".into());
    }
    if let Some(slug) = &fields.slug
        && (slug.is_empty() || slugify(slug) != *slug)
    {
        errors
            .entry("slug".into())
            .or_default()
            .push("must be lower-case letters, digits and dashes".into());
    }
    if let Some(url) = fields.url.as_deref().filter(|url| !url.is_empty())
        && !crate::models::text::is_http_url(url)
    {
        errors
            .entry("url".into())
            .or_default()
            .push(format!("{url:?} is not an http(s) URL"));
    }
    AppError::check(errors)
}

/// Creates an organization; its creator becomes its first admin.
pub async fn create_organization<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    creator: &users::Model,
    fields: OrganizationFields,
) -> AppResult<organizations::Model> {
    check_fields(&fields, true)?;
    let name = fields.name.unwrap_or_default().trim().to_owned();
    let txn = crate::db::begin_write(db).await?;
    let wanted = fields.slug.unwrap_or_else(|| slugify(&name));
    let slug = unique_slug(
        &txn,
        organizations::Entity,
        organizations::Column::Slug,
        &wanted,
    )
    .await?;
    let now = crate::clock::now();
    let org = organizations::ActiveModel {
        id: Set(crate::models::new_row_id()),
        name: Set(name),
        acronym: Set(fields.acronym.as_deref().and_then(acronym_of)),
        slug: Set(slug),
        description: Set(fields.description.unwrap_or_default()),
        url: Set(fields.url.filter(|url| !url.is_empty())),
        logo: Set(None),
        badges: Set("[]".to_owned()),
        created_at: Set(now),
        last_modified: Set(now),
    }
    .insert(&txn)
    .await?;
    members::ActiveModel {
        organization_id: Set(org.id.clone()),
        user_id: Set(creator.id.clone()),
        role: Set(MemberRole::Admin.as_str().to_owned()),
        since: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(org)
}

/// Changes the fields given, leaves the others.
pub async fn update_organization<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    org: organizations::Model,
    fields: OrganizationFields,
) -> AppResult<organizations::Model> {
    check_fields(&fields, false)?;
    let txn = crate::db::begin_write(db).await?;
    let mut active = org.clone().into_active_model();
    if let Some(name) = fields.name {
        active.name = Set(name.trim().to_owned());
    }
    if let Some(acronym) = fields.acronym.as_deref() {
        active.acronym = Set(acronym_of(acronym));
    }
    if let Some(slug) = fields.slug.filter(|slug| *slug != org.slug) {
        let slug = unique_slug(
            &txn,
            organizations::Entity,
            organizations::Column::Slug,
            &slug,
        )
        .await?;
        active.slug = Set(slug);
    }
    if let Some(description) = fields.description {
        active.description = Set(description);
    }
    if let Some(url) = fields.url {
        active.url = Set(Some(url).filter(|url| !url.is_empty()));
    }
    active.last_modified = Set(crate::clock::now());
    let org = active.update(&txn).await?;
    txn.commit().await?;
    Ok(org)
}

/// An acronym as stored: trimmed, `None` when empty.
fn acronym_of(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|acronym| !acronym.is_empty())
}

/// Deletes an organization for good, with its members and its followers, in one transaction.
/// Refused (409) while it publishes datasets or reuses that are not deleted: they would lose
/// their publisher. Deleted ones, and discussions or messages posted in its name, keep no
/// link to it.
pub async fn delete_organization<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    org: &organizations::Model,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let datasets = datasets::Entity::find()
        .filter(datasets::Column::OrganizationId.eq(org.id.as_str()))
        .filter(datasets::Column::Deleted.eq(false))
        .count(&txn)
        .await?;
    let reuses = reuses::Entity::find()
        .filter(reuses::Column::OrganizationId.eq(org.id.as_str()))
        .filter(reuses::Column::Deleted.is_null())
        .count(&txn)
        .await?;
    if datasets + reuses > 0 {
        return Err(AppError::conflict(
            "organization",
            format!(
                "it still publishes {datasets} dataset(s) and {reuses} reuse(s): \
                 move or delete them first"
            ),
        ));
    }
    let follows = crate::models::follows::Followable::Organization;
    crate::models::follows::forget_subject(&txn, follows, &org.id).await?;
    // Members go with it (ON DELETE CASCADE); the rest is set to NULL by the schema.
    organizations::Entity::delete_by_id(org.id.clone())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
