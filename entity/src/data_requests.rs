//! `SeaORM` Entity for the `data_requests` table.

use sea_orm::entity::prelude::*;

/// Data somebody asked to be opened, and where the request stands.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub purpose: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub holder: Option<String>,
    pub author_id: String,
    pub status: String,
    pub organization_id: Option<String>,
    pub dataset_id: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decline_reason: Option<String>,
    pub supporters: i32,
    pub created_at: DateTimeUtc,
    pub last_modified: DateTimeUtc,
    pub deleted: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AuthorId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    Users,
    #[sea_orm(has_many = "super::data_request_supports::Entity")]
    DataRequestSupports,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::data_request_supports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DataRequestSupports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
