//! `SeaORM` Entity for the `messages` table.

use sea_orm::entity::prelude::*;

/// A message in a discussion; position 0 is the opening message.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(unique_key = "discussion_position")]
    pub discussion_id: String,
    #[sea_orm(unique_key = "discussion_position")]
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub posted_by: String,
    pub posted_by_organization: Option<String>,
    pub posted_on: DateTimeUtc,
    pub last_modified_at: Option<DateTimeUtc>,
    pub held_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::discussions::Entity",
        from = "Column::DiscussionId",
        to = "super::discussions::Column::Id",
        on_delete = "Cascade"
    )]
    Discussions,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::PostedBy",
        to = "super::users::Column::Id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "super::organizations::Entity",
        from = "Column::PostedByOrganization",
        to = "super::organizations::Column::Id",
        on_delete = "SetNull"
    )]
    Organizations,
}

impl Related<super::discussions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Discussions.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
