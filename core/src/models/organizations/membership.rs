//! Members of organizations: their roles, who belongs where, adding and removing them.

use entity::{members, organizations, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::error::{AppError, AppResult};

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
