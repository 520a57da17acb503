//! `SeaORM` Entity for the `link_checks` table.

use sea_orm::entity::prelude::*;

/// One visit of the link checker to a link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "link_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub link_id: String,
    /// The address visited (the link's at the time).
    #[sea_orm(column_type = "Text")]
    pub url: String,
    pub checked_at: DateTimeUtc,
    /// `works`, `fails` or `unknown`.
    pub verdict: String,
    /// Why: `ok`, `http_404`, `timeout`, `unreachable`, `private_address`…
    pub reason: String,
    /// The last HTTP status received, if any.
    pub status: Option<i32>,
    pub duration_ms: i32,
    /// Where the visit ended, after redirects.
    #[sea_orm(column_type = "Text", nullable)]
    pub final_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::links::Entity",
        from = "Column::LinkId",
        to = "super::links::Column::Id",
        on_delete = "Cascade"
    )]
    Links,
}

impl Related<super::links::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Links.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
