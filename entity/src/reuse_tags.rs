//! `SeaORM` Entity for the `reuse_tags` table.

use sea_orm::entity::prelude::*;

/// A tag on a reuse.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reuse_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reuse_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::reuses::Entity",
        from = "Column::ReuseId",
        to = "super::reuses::Column::Id",
        on_delete = "Cascade"
    )]
    Reuses,
}

impl Related<super::reuses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reuses.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
