//! `SeaORM` Entity for the `discussions` table.

use sea_orm::entity::prelude::*;

/// A discussion about a dataset or a reuse (`subject_class` + `subject_id`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "discussions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub subject_class: String,
    pub subject_id: String,
    pub title: String,
    pub user_id: String,
    pub organization_id: Option<String>,
    pub created: DateTimeUtc,
    pub closed: Option<DateTimeUtc>,
    pub closed_by: Option<String>,
    pub answer_id: Option<String>,
    pub first_answered_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub extras: String,
    pub last_posted_on: DateTimeUtc,
    pub held_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::ClosedBy",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    ClosedBy,
    #[sea_orm(
        belongs_to = "super::organizations::Entity",
        from = "Column::OrganizationId",
        to = "super::organizations::Column::Id",
        on_delete = "SetNull"
    )]
    Organizations,
    #[sea_orm(has_many = "super::messages::Entity")]
    Messages,
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Messages.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
