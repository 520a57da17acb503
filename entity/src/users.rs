//! `SeaORM` Entity for the `users` table.

use sea_orm::entity::prelude::*;

/// A person who signed in; `role` is user, moderator or admin.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Unique among verified addresses only (an unverified one claims nothing).
    pub email: String,
    /// Whether a provider vouched for the address, or its owner confirmed it by mail.
    pub email_verified: bool,
    pub name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub avatar_url: Option<String>,
    pub role: String,
    pub active: bool,
    pub locale: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::oauth_identities::Entity")]
    OauthIdentities,
    #[sea_orm(has_many = "super::api_tokens::Entity")]
    ApiTokens,
    #[sea_orm(has_many = "super::sessions::Entity")]
    Sessions,
    #[sea_orm(has_many = "super::members::Entity")]
    Members,
    #[sea_orm(has_many = "super::datasets::Entity")]
    Datasets,
    #[sea_orm(has_many = "super::reuses::Entity")]
    Reuses,
    #[sea_orm(has_many = "super::discussions::Entity")]
    Discussions,
    #[sea_orm(has_many = "super::messages::Entity")]
    Messages,
    #[sea_orm(has_many = "super::follows::Entity")]
    Follows,
    #[sea_orm(has_many = "super::notifications::Entity")]
    Notifications,
    #[sea_orm(has_many = "super::notification_settings::Entity")]
    NotificationSettings,
    #[sea_orm(has_many = "super::watches::Entity")]
    Watches,
    #[sea_orm(has_many = "super::audit_log::Entity")]
    AuditLog,
}

impl Related<super::oauth_identities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OauthIdentities.def()
    }
}

impl Related<super::api_tokens::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiTokens.def()
    }
}

impl Related<super::sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl Related<super::members::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Members.def()
    }
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Datasets.def()
    }
}

impl Related<super::reuses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reuses.def()
    }
}

impl Related<super::discussions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Discussions.def()
    }
}

impl Related<super::messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Messages.def()
    }
}

impl Related<super::follows::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Follows.def()
    }
}

impl Related<super::notifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Notifications.def()
    }
}

impl Related<super::notification_settings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NotificationSettings.def()
    }
}

impl Related<super::watches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Watches.def()
    }
}

impl Related<super::audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuditLog.def()
    }
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        super::members::Relation::Organizations.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::members::Relation::Users.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
