//! Indexes messages by author and date: a person's public page lists their latest messages,
//! which would otherwise read every message of the site to find a few.

use sea_orm_migration::prelude::*;

/// Adds `idx_messages_posted_by_posted_on`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Messages {
    Table,
    PostedBy,
    PostedOn,
}

const NAME: &str = "idx_messages_posted_by_posted_on";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Messages::Table)
                    .col(Messages::PostedBy)
                    .col(Messages::PostedOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Messages::Table).to_owned())
            .await
    }
}
