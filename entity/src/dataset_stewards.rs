//! `SeaORM` Entity for the `dataset_stewards` table.

use sea_orm::entity::prelude::*;

/// The member of a dataset's organization who hears its questions first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_stewards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dataset_id: String,
    pub user_id: String,
    /// Who named them.
    pub named_by: String,
    pub created_at: DateTimeUtc,
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
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    Users,
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Datasets.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
