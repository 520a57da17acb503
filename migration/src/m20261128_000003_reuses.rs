//! Reuses (the showcase), their tags, the datasets they use and their former slugs.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_users_and_auth::Users;
use super::m20261128_000002_catalog::{Datasets, Organizations};

/// Creates `reuses`, `reuse_tags`, `reuse_datasets` and `reuse_slugs`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reuses::Table)
                    .col(string(Reuses::Id).primary_key())
                    .col(string(Reuses::Title))
                    .col(string(Reuses::Slug))
                    .col(text(Reuses::Description))
                    .col(string(Reuses::Url))
                    .col(string(Reuses::Type))
                    .col(string(Reuses::Topic))
                    .col(string_null(Reuses::Image))
                    .col(string_null(Reuses::ImageThumbnail))
                    .col(boolean(Reuses::Private).default(false))
                    .col(boolean(Reuses::Featured).default(false))
                    .col(integer_null(Reuses::FeaturedPosition))
                    .col(timestamp_with_time_zone_null(Reuses::Archived))
                    .col(timestamp_with_time_zone_null(Reuses::Deleted))
                    .col(string_null(Reuses::OwnerId))
                    .col(string_null(Reuses::OrganizationId))
                    .col(text(Reuses::Extras).default("{}"))
                    .col(timestamp_with_time_zone(Reuses::CreatedAt))
                    .col(timestamp_with_time_zone(Reuses::LastModified))
                    .col(integer(Reuses::Discussions).default(0))
                    .col(integer(Reuses::DiscussionsOpen).default(0))
                    .col(integer(Reuses::DatasetsCount).default(0))
                    .col(integer(Reuses::Followers).default(0))
                    .col(integer(Reuses::Views).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuses_owner_id")
                            .from(Reuses::Table, Reuses::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuses_organization_id")
                            .from(Reuses::Table, Reuses::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_reuses_slug", Reuses::Slug),
            ("idx_reuses_url", Reuses::Url),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Reuses::Table)
                        .col(col)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        // One index per gallery filter and sort.
        for (name, col) in [
            ("idx_reuses_type", Reuses::Type),
            ("idx_reuses_topic", Reuses::Topic),
            ("idx_reuses_owner_id", Reuses::OwnerId),
            ("idx_reuses_organization_id", Reuses::OrganizationId),
            ("idx_reuses_created_at", Reuses::CreatedAt),
            ("idx_reuses_last_modified", Reuses::LastModified),
            ("idx_reuses_title", Reuses::Title),
            ("idx_reuses_datasets_count", Reuses::DatasetsCount),
            ("idx_reuses_followers", Reuses::Followers),
            ("idx_reuses_views", Reuses::Views),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Reuses::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_reuses_featured_featured_position")
                    .table(Reuses::Table)
                    .col(Reuses::Featured)
                    .col(Reuses::FeaturedPosition)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReuseTags::Table)
                    .col(string(ReuseTags::ReuseId))
                    .col(string(ReuseTags::Tag))
                    .primary_key(Index::create().col(ReuseTags::ReuseId).col(ReuseTags::Tag))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuse_tags_reuse_id")
                            .from(ReuseTags::Table, ReuseTags::ReuseId)
                            .to(Reuses::Table, Reuses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_tags_tag")
                    .table(ReuseTags::Table)
                    .col(ReuseTags::Tag)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReuseDatasets::Table)
                    .col(string(ReuseDatasets::ReuseId))
                    .col(string(ReuseDatasets::DatasetId))
                    .col(timestamp_with_time_zone(ReuseDatasets::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ReuseDatasets::ReuseId)
                            .col(ReuseDatasets::DatasetId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuse_datasets_reuse_id")
                            .from(ReuseDatasets::Table, ReuseDatasets::ReuseId)
                            .to(Reuses::Table, Reuses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuse_datasets_dataset_id")
                            .from(ReuseDatasets::Table, ReuseDatasets::DatasetId)
                            .to(Datasets::Table, Datasets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_datasets_dataset_id")
                    .table(ReuseDatasets::Table)
                    .col(ReuseDatasets::DatasetId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReuseSlugs::Table)
                    .col(string(ReuseSlugs::Slug).primary_key())
                    .col(string(ReuseSlugs::ReuseId))
                    .col(timestamp_with_time_zone(ReuseSlugs::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reuse_slugs_reuse_id")
                            .from(ReuseSlugs::Table, ReuseSlugs::ReuseId)
                            .to(Reuses::Table, Reuses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Indexes go with their tables.
        for table in [
            ReuseSlugs::Table.into_iden(),
            ReuseDatasets::Table.into_iden(),
            ReuseTags::Table.into_iden(),
            Reuses::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Reuses {
    Table,
    Id,
    Title,
    Slug,
    Description,
    Url,
    Type,
    Topic,
    Image,
    ImageThumbnail,
    Private,
    Featured,
    FeaturedPosition,
    Archived,
    Deleted,
    OwnerId,
    OrganizationId,
    Extras,
    CreatedAt,
    LastModified,
    Discussions,
    DiscussionsOpen,
    DatasetsCount,
    Followers,
    Views,
}

#[derive(DeriveIden)]
enum ReuseTags {
    Table,
    ReuseId,
    Tag,
}

#[derive(DeriveIden)]
enum ReuseDatasets {
    Table,
    ReuseId,
    DatasetId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReuseSlugs {
    Table,
    Slug,
    ReuseId,
    CreatedAt,
}
