//! `SeaORM` Entity for the `organizations` table.

use sea_orm::entity::prelude::*;

/// A publishing organization, mirrored from the catalog.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    pub acronym: Option<String>,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub url: Option<String>,
    pub logo: Option<String>,
    /// udata's badges, as a JSON list of kinds.
    #[sea_orm(column_type = "Text")]
    pub badges: String,
    pub created_at: DateTimeUtc,
    pub last_modified: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::members::Entity")]
    Members,
    #[sea_orm(has_many = "super::datasets::Entity")]
    Datasets,
    #[sea_orm(has_many = "super::reuses::Entity")]
    Reuses,
    #[sea_orm(has_many = "super::discussions::Entity")]
    Discussions,
    #[sea_orm(has_many = "super::messages::Entity")]
    Messages,
}

impl Related<super::members::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Members.def()
    }
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Datasets.def()
    }
}

impl Related<super::reuses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reuses.def()
    }
}

impl Related<super::discussions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Discussions.def()
    }
}

impl Related<super::messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Messages.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        super::members::Relation::Users.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::members::Relation::Organizations.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
