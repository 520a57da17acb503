//! `SeaORM` Entity for the `escalations` table.

use sea_orm::entity::prelude::*;

/// A question left without a producer's answer, sent further: `level` is `admins` (the
/// organization's) or `animators` (the community's). Once per question and level.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escalations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub discussion_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: String,
    pub escalated_at: DateTimeUtc,
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
}

impl Related<super::discussions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Discussions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
