//! `SeaORM` Entity for the `reuses` table.

use sea_orm::entity::prelude::*;

/// A reuse of open data shown in the gallery.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reuses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(unique)]
    pub url: String,
    #[sea_orm(column_name = "type")]
    pub r#type: String,
    pub topic: String,
    pub image: Option<String>,
    pub image_thumbnail: Option<String>,
    pub private: bool,
    pub featured: bool,
    pub featured_position: Option<i32>,
    pub archived: Option<DateTimeUtc>,
    pub deleted: Option<DateTimeUtc>,
    pub owner_id: Option<String>,
    pub organization_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub extras: String,
    /// udata's badges, as a JSON list of kinds.
    #[sea_orm(column_type = "Text")]
    pub badges: String,
    pub created_at: DateTimeUtc,
    pub last_modified: DateTimeUtc,
    pub discussions: i32,
    pub discussions_open: i32,
    pub datasets_count: i32,
    pub followers: i32,
    pub views: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::OwnerId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    Users,
    #[sea_orm(
        belongs_to = "super::organizations::Entity",
        from = "Column::OrganizationId",
        to = "super::organizations::Column::Id",
        on_delete = "SetNull"
    )]
    Organizations,
    #[sea_orm(has_many = "super::reuse_tags::Entity")]
    ReuseTags,
    #[sea_orm(has_many = "super::reuse_datasets::Entity")]
    ReuseDatasets,
    #[sea_orm(has_many = "super::reuse_slugs::Entity")]
    ReuseSlugs,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<super::reuse_tags::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReuseTags.def()
    }
}

impl Related<super::reuse_datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReuseDatasets.def()
    }
}

impl Related<super::reuse_slugs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReuseSlugs.def()
    }
}

impl Related<super::datasets::Entity> for Entity {
    fn to() -> RelationDef {
        super::reuse_datasets::Relation::Datasets.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::reuse_datasets::Relation::Reuses.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
