//! `SeaORM` Entity for the `reuse_slugs` table.

use sea_orm::entity::prelude::*;

/// A former slug of a reuse, kept so that old links redirect.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reuse_slugs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub slug: String,
    pub reuse_id: String,
    pub created_at: DateTimeUtc,
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
