//! The catalog mirrored from the open-data portal: organizations, their members, datasets and tags.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_users_and_auth::Users;

/// Creates `organizations`, `members`, `datasets` and `dataset_tags`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(string(Organizations::Id).primary_key())
                    .col(string(Organizations::Name))
                    .col(string(Organizations::Slug))
                    .col(text(Organizations::Description).default(""))
                    .col(string_null(Organizations::Url))
                    .col(string_null(Organizations::Logo))
                    .col(timestamp_with_time_zone(Organizations::CreatedAt))
                    .col(timestamp_with_time_zone(Organizations::LastModified))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organizations_slug")
                    .table(Organizations::Table)
                    .col(Organizations::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Members::Table)
                    .col(string(Members::OrganizationId))
                    .col(string(Members::UserId))
                    .col(string(Members::Role))
                    .col(timestamp_with_time_zone(Members::Since))
                    .primary_key(
                        Index::create()
                            .col(Members::OrganizationId)
                            .col(Members::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_members_organization_id")
                            .from(Members::Table, Members::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_members_user_id")
                            .from(Members::Table, Members::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_members_user_id")
                    .table(Members::Table)
                    .col(Members::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Datasets::Table)
                    .col(string(Datasets::Id).primary_key())
                    .col(string(Datasets::Title))
                    .col(string(Datasets::Slug))
                    .col(text(Datasets::Description).default(""))
                    .col(string_null(Datasets::Url))
                    .col(string_null(Datasets::OrganizationId))
                    .col(string_null(Datasets::OwnerId))
                    .col(string_null(Datasets::License))
                    .col(string_null(Datasets::Frequency))
                    .col(timestamp_with_time_zone(Datasets::CreatedAt))
                    .col(timestamp_with_time_zone(Datasets::LastModified))
                    .col(boolean(Datasets::Archived).default(false))
                    .col(boolean(Datasets::Deleted).default(false))
                    .col(string(Datasets::Source).default(""))
                    .col(string_null(Datasets::RemoteId))
                    .col(integer(Datasets::Discussions).default(0))
                    .col(integer(Datasets::DiscussionsOpen).default(0))
                    .col(integer(Datasets::Reuses).default(0))
                    .col(integer(Datasets::Followers).default(0))
                    .col(integer(Datasets::Views).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_datasets_organization_id")
                            .from(Datasets::Table, Datasets::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_datasets_owner_id")
                            .from(Datasets::Table, Datasets::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_datasets_slug")
                    .table(Datasets::Table)
                    .col(Datasets::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_datasets_organization_id", Datasets::OrganizationId),
            ("idx_datasets_owner_id", Datasets::OwnerId),
            ("idx_datasets_last_modified", Datasets::LastModified),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Datasets::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(DatasetTags::Table)
                    .col(string(DatasetTags::DatasetId))
                    .col(string(DatasetTags::Tag))
                    .primary_key(
                        Index::create()
                            .col(DatasetTags::DatasetId)
                            .col(DatasetTags::Tag),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dataset_tags_dataset_id")
                            .from(DatasetTags::Table, DatasetTags::DatasetId)
                            .to(Datasets::Table, Datasets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dataset_tags_tag")
                    .table(DatasetTags::Table)
                    .col(DatasetTags::Tag)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Indexes go with their tables.
        for table in [
            DatasetTags::Table.into_iden(),
            Datasets::Table.into_iden(),
            Members::Table.into_iden(),
            Organizations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// `organizations`: publishers from the catalog.
#[derive(DeriveIden)]
pub enum Organizations {
    Table,
    Id,
    Name,
    Slug,
    Description,
    Url,
    Logo,
    CreatedAt,
    LastModified,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    OrganizationId,
    UserId,
    Role,
    Since,
}

/// `datasets`: datasets from the catalog.
#[derive(DeriveIden)]
pub enum Datasets {
    Table,
    Id,
    Title,
    Slug,
    Description,
    Url,
    OrganizationId,
    OwnerId,
    License,
    Frequency,
    CreatedAt,
    LastModified,
    Archived,
    Deleted,
    Source,
    RemoteId,
    Discussions,
    DiscussionsOpen,
    Reuses,
    Followers,
    Views,
}

#[derive(DeriveIden)]
enum DatasetTags {
    Table,
    DatasetId,
    Tag,
}
