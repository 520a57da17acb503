//! `SeaORM` Entity for the `datasets` table.

use sea_orm::entity::prelude::*;

/// A dataset, mirrored from the catalog, with its community counters.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "datasets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub url: Option<String>,
    pub organization_id: Option<String>,
    pub owner_id: Option<String>,
    pub license: Option<String>,
    pub frequency: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_modified: DateTimeUtc,
    pub archived: bool,
    pub deleted: bool,
    pub source: String,
    pub remote_id: Option<String>,
    pub discussions: i32,
    pub discussions_open: i32,
    pub reuses: i32,
    pub followers: i32,
    pub views: i32,
    pub acronym: Option<String>,
    pub private: bool,
    pub featured: bool,
    /// udata's badges, as a JSON list of kinds.
    #[sea_orm(column_type = "Text")]
    pub badges: String,
    /// Free key/values from the catalog, as a JSON object.
    #[sea_orm(column_type = "Text")]
    pub extras: String,
    /// Since when it is archived in the catalog.
    pub archived_at: Option<DateTimeUtc>,
    /// Since when it is deleted in the catalog.
    pub deleted_at: Option<DateTimeUtc>,
    /// udata's temporal coverage (`{start, end}`), as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub temporal_coverage: Option<String>,
    /// udata's spatial coverage (`{geom, zones, granularity}`), as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub spatial: Option<String>,
    /// When its data last changed, as the catalog says.
    pub last_update: Option<DateTimeUtc>,
    /// When the catalog sync last saw it listed; `None` for datasets no sync has seen.
    pub synced_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organizations::Entity",
        from = "Column::OrganizationId",
        to = "super::organizations::Column::Id",
        on_delete = "SetNull"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::OwnerId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    Users,
    #[sea_orm(has_many = "super::dataset_tags::Entity")]
    DatasetTags,
    #[sea_orm(has_many = "super::reuse_datasets::Entity")]
    ReuseDatasets,
}

impl Related<super::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<super::dataset_tags::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DatasetTags.def()
    }
}

impl Related<super::reuse_datasets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReuseDatasets.def()
    }
}

impl Related<super::reuses::Entity> for Entity {
    fn to() -> RelationDef {
        super::reuse_datasets::Relation::Reuses.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::reuse_datasets::Relation::Datasets.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
