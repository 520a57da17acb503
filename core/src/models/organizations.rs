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

/// A member's role in an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberRole {
    /// Manages the organization and its members.
    Admin,
    /// Edits the organization's content.
    Editor,
}

impl MemberRole {
    /// As stored and as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
        }
    }

    /// Reads a role given by a caller.
    pub fn parse(text: &str) -> AppResult<Self> {
        match text {
            "admin" => Ok(Self::Admin),
            "editor" => Ok(Self::Editor),
            other => Err(AppError::field(
                "role",
                format!("{other:?} is not a role: use admin or editor"),
            )),
        }
    }
}

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

/// The members of an organization with their user, admins first.
pub async fn list_members(
    db: &impl ConnectionTrait,
    org_id: &str,
) -> AppResult<Vec<(members::Model, users::Model)>> {
    Ok(members::Entity::find()
        .filter(members::Column::OrganizationId.eq(org_id))
        .find_also_related(users::Entity)
        .order_by_asc(members::Column::Role)
        .order_by_asc(members::Column::Since)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(member, user)| Some((member, user?)))
        .collect())
}

/// The role `user_id` has in `org_id`, if a member.
pub async fn member_role(
    db: &impl ConnectionTrait,
    org_id: &str,
    user_id: &str,
) -> AppResult<Option<MemberRole>> {
    let member = members::Entity::find_by_id((org_id.to_owned(), user_id.to_owned()))
        .one(db)
        .await?;
    member.map(|m| MemberRole::parse(&m.role)).transpose()
}

/// The organizations a user belongs to, with the role in each.
pub async fn memberships(
    db: &impl ConnectionTrait,
    user_id: &str,
) -> AppResult<Vec<(organizations::Model, MemberRole)>> {
    members::Entity::find()
        .filter(members::Column::UserId.eq(user_id))
        .find_also_related(organizations::Entity)
        .order_by_asc(members::Column::Since)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(member, org)| Some((org?, member.role)))
        .map(|(org, role)| Ok((org, MemberRole::parse(&role)?)))
        .collect()
}

/// Whether [`set_member`] added a member or changed a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberChange {
    /// The user was not a member.
    Added,
    /// The user was a member; their role is now the one given.
    RoleSet,
}

/// Adds `user_id` to the organization or changes their role.
pub async fn set_member<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    org_id: &str,
    user_id: &str,
    role: MemberRole,
) -> AppResult<(members::Model, users::Model, MemberChange)> {
    let txn = crate::db::begin_write(db).await?;
    let user = crate::models::users::find_user(&txn, user_id).await?;
    let existing = members::Entity::find_by_id((org_id.to_owned(), user.id.clone()))
        .one(&txn)
        .await?;
    let (member, change) = match existing {
        Some(member) => {
            if member.role == MemberRole::Admin.as_str() && role != MemberRole::Admin {
                refuse_removing_last_admin(&txn, org_id).await?;
            }
            let mut active = member.into_active_model();
            active.role = Set(role.as_str().to_owned());
            (active.update(&txn).await?, MemberChange::RoleSet)
        }
        None => {
            let member = members::ActiveModel {
                organization_id: Set(org_id.to_owned()),
                user_id: Set(user.id.clone()),
                role: Set(role.as_str().to_owned()),
                since: Set(crate::clock::now()),
            }
            .insert(&txn)
            .await?;
            (member, MemberChange::Added)
        }
    };
    txn.commit().await?;
    Ok((member, user, change))
}

/// Removes a member; the last admin cannot be removed.
pub async fn remove_member<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    org_id: &str,
    user_id: &str,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let member = members::Entity::find_by_id((org_id.to_owned(), user_id.to_owned()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("member", user_id))?;
    if member.role == MemberRole::Admin.as_str() {
        refuse_removing_last_admin(&txn, org_id).await?;
    }
    members::Entity::delete_by_id((org_id.to_owned(), user_id.to_owned()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn refuse_removing_last_admin(db: &impl ConnectionTrait, org_id: &str) -> AppResult<()> {
    let admins = members::Entity::find()
        .filter(members::Column::OrganizationId.eq(org_id))
        .filter(members::Column::Role.eq(MemberRole::Admin.as_str()))
        .count(db)
        .await?;
    if admins <= 1 {
        return Err(AppError::conflict(
            "role",
            "an organization keeps at least one admin: name another admin first",
        ));
    }
    Ok(())
}
