//! `SeaORM` Entity for the `dataset_resources` table.

use sea_orm::entity::prelude::*;

/// A file or API of a dataset, mirrored from the catalog (udata's resource).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_resources")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub dataset_id: String,
    /// Its place in the dataset's list, from 0.
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// udata's resource type: `main`, `documentation`, `update`, `api`, `code`, `other`.
    #[sea_orm(column_name = "type")]
    pub kind: String,
    pub format: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    pub filesize: Option<i64>,
    pub mime: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_modified: DateTimeUtc,
    /// Free key/values from the catalog, as a JSON object.
    #[sea_orm(column_type = "Text")]
    pub extras: String,
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
