//! `SeaORM` Entity for the `reuse_datasets` table.

use sea_orm::entity::prelude::*;

/// A link between a reuse and a dataset it uses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reuse_datasets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reuse_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub dataset_id: String,
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
    #[sea_orm(
        belongs_to = "super::datasets::Entity",
        from = "Column::DatasetId",
        to = "super::datasets::Column::Id",
        on_delete = "Cascade"
    )]
    Datasets,
}

impl Related<super::reuses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reuses.def()
    }
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Datasets.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
