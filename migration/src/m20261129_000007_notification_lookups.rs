//! Indexes for telling people about events: who watches a thread or subject, and each
//! recipient's mails held for the daily digest.

use sea_orm_migration::prelude::*;

/// Adds `idx_watches_subject` and `idx_outbox_recipient_status`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Watches {
    Table,
    SubjectClass,
    SubjectId,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Recipient,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_watches_subject")
                    .table(Watches::Table)
                    .col(Watches::SubjectClass)
                    .col(Watches::SubjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_recipient_status")
                    .table(Outbox::Table)
                    .col(Outbox::Recipient)
                    .col(Outbox::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_watches_subject", Watches::Table.into_iden()),
            ("idx_outbox_recipient_status", Outbox::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
