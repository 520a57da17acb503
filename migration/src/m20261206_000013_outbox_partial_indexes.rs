//! Indexes the outbox only where it is searched: the mails due (`pending` or `sending`) for the
//! worker, the mails `held` for each recipient's digest, the mails `failed` for admins.
//!
//! The two indexes they replace held every mail ever queued: `(status, next_attempt_at)`,
//! and `(recipient, status)`, which only digests read. Each mail a reuse or a comment causes
//! (half a dozen for a reuse linked to two datasets) was four index entries to write; it is now
//! three, and a mail marked sent leaves the worker's index instead of moving within it, so that
//! index holds the queue, not the history.

use sea_orm_migration::prelude::*;

/// Replaces `idx_outbox_status_next_attempt_at` and `idx_outbox_recipient_status` by
/// `idx_outbox_due`, `idx_outbox_held` and `idx_outbox_failed`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Recipient,
    Status,
    NextAttemptAt,
    CreatedAt,
}

/// The partial indexes, each on the rows of the statuses its readers ask for (written as they
/// write them: SQLite uses a partial index only when the query's terms match its own).
fn partial_indexes() -> [IndexCreateStatement; 3] {
    let status = || Expr::col(Outbox::Status);
    [
        Index::create()
            .name("idx_outbox_due")
            .table(Outbox::Table)
            .col(Outbox::NextAttemptAt)
            .and_where(status().is_in(["pending", "sending"]))
            .to_owned(),
        Index::create()
            .name("idx_outbox_held")
            .table(Outbox::Table)
            .col(Outbox::Recipient)
            .col(Outbox::CreatedAt)
            .and_where(status().eq("held"))
            .to_owned(),
        Index::create()
            .name("idx_outbox_failed")
            .table(Outbox::Table)
            .col(Outbox::CreatedAt)
            .and_where(status().eq("failed"))
            .to_owned(),
    ]
}

/// The indexes of every row they replace (migrations 000005 and 000007), for going back.
fn whole_indexes() -> [IndexCreateStatement; 2] {
    [
        Index::create()
            .name("idx_outbox_status_next_attempt_at")
            .table(Outbox::Table)
            .col(Outbox::Status)
            .col(Outbox::NextAttemptAt)
            .to_owned(),
        Index::create()
            .name("idx_outbox_recipient_status")
            .table(Outbox::Table)
            .col(Outbox::Recipient)
            .col(Outbox::Status)
            .to_owned(),
    ]
}

/// Creates `wanted`, then drops `replaced`.
async fn swap(
    manager: &SchemaManager<'_>,
    wanted: impl IntoIterator<Item = IndexCreateStatement>,
    replaced: impl IntoIterator<Item = IndexCreateStatement>,
) -> Result<(), DbErr> {
    for index in wanted {
        manager.create_index(index).await?;
    }
    for index in replaced {
        let name = index.get_index_spec().get_name().unwrap_or_default();
        manager
            .drop_index(Index::drop().name(name).table(Outbox::Table).to_owned())
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager, partial_indexes(), whole_indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager, whole_indexes(), partial_indexes()).await
    }
}
