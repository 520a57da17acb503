//! `SeaORM` Entity for the `reports` table.

use sea_orm::entity::prelude::*;

/// A report of abusive or unwanted content, and how moderation dealt with it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub subject_class: String,
    pub subject_id: String,
    pub subject_embed_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub by_id: Option<String>,
    pub reported_at: DateTimeUtc,
    pub dismissed_at: Option<DateTimeUtc>,
    pub dismissed_by: Option<String>,
    pub handled_at: Option<DateTimeUtc>,
    pub handled_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::ById",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    ReportedBy,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::DismissedBy",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    DismissedBy,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::HandledBy",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    HandledBy,
}

impl ActiveModelBehavior for ActiveModel {}
