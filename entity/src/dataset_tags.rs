//! `SeaORM` Entity for the `dataset_tags` table.

use sea_orm::entity::prelude::*;

/// A tag on a dataset.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dataset_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::datasets::Entity",
        from = "Column::DatasetId",
        to = "super::datasets::Column::Id",
        on_delete = "Cascade"
    )]
    Datasets,
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Datasets.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
