//! Data requests: data people ask to be opened, and who supports each. The public list is read
//! by status and support (`idx_data_requests_rank`); a person's supports by user.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, string, string_null, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

/// Adds `data_requests` and `data_request_supports`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DataRequests {
    Table,
    Id,
    Title,
    Purpose,
    Holder,
    AuthorId,
    Status,
    OrganizationId,
    DatasetId,
    DeclineReason,
    Supporters,
    CreatedAt,
    LastModified,
    Deleted,
}

#[derive(DeriveIden, Clone, Copy)]
enum DataRequestSupports {
    Table,
    DataRequestId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataRequests::Table)
                    .col(string(DataRequests::Id).primary_key())
                    .col(string(DataRequests::Title))
                    .col(text(DataRequests::Purpose))
                    .col(text_null(DataRequests::Holder))
                    .col(string(DataRequests::AuthorId))
                    .col(string(DataRequests::Status).default("open"))
                    .col(string_null(DataRequests::OrganizationId))
                    .col(string_null(DataRequests::DatasetId))
                    .col(text_null(DataRequests::DeclineReason))
                    .col(integer(DataRequests::Supporters).default(0))
                    .col(timestamp_with_time_zone(DataRequests::CreatedAt))
                    .col(timestamp_with_time_zone(DataRequests::LastModified))
                    .col(timestamp_with_time_zone_null(DataRequests::Deleted))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequests::Table, DataRequests::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_requests_rank")
                    .table(DataRequests::Table)
                    .col(DataRequests::Status)
                    .col((DataRequests::Supporters, IndexOrder::Desc))
                    .col(DataRequests::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DataRequestSupports::Table)
                    .col(string(DataRequestSupports::DataRequestId))
                    .col(string(DataRequestSupports::UserId))
                    .col(timestamp_with_time_zone(DataRequestSupports::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(DataRequestSupports::DataRequestId)
                            .col(DataRequestSupports::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                DataRequestSupports::Table,
                                DataRequestSupports::DataRequestId,
                            )
                            .to(DataRequests::Table, DataRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequestSupports::Table, DataRequestSupports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_request_supports_user")
                    .table(DataRequestSupports::Table)
                    .col(DataRequestSupports::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataRequestSupports::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DataRequests::Table).to_owned())
            .await
    }
}
