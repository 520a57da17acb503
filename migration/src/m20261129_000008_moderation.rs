//! Moderation: discussions and messages held for review (spam heuristics, first posts).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `held_reason` to `discussions` and `messages` (null: published).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Discussions {
    Table,
    HeldReason,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    HeldReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Discussions::Table)
                    .add_column(string_null(Discussions::HeldReason))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(string_null(Messages::HeldReason))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .drop_column(Messages::HeldReason)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Discussions::Table)
                    .drop_column(Discussions::HeldReason)
                    .to_owned(),
            )
            .await
    }
}
