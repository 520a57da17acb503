//! Stewards and escalations. `dataset_stewards` names the member of a dataset's organization
//! who hears its questions first (one per dataset). `escalations` records each time a question
//! left without a producer's answer went further: to the organization's admins, then to the
//! community animators; its unique `(discussion_id, level)` is what makes each happen once,
//! whatever the number of workers.
//!
//! The job looks for open questions with no producer answer in the partial index
//! `idx_discussions_unanswered` (on `created`, of the open threads no producer replied to), so
//! its cost follows the questions waiting, not every discussion ever asked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, timestamp_with_time_zone};

use super::m20261128_000001_users_and_auth::Users;
use super::m20261128_000002_catalog::Datasets;

/// Adds `dataset_stewards`, `escalations` and `idx_discussions_unanswered`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DatasetStewards {
    Table,
    DatasetId,
    UserId,
    NamedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Escalations {
    Table,
    DiscussionId,
    Level,
    EscalatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Discussions {
    Table,
    Id,
    Created,
    Closed,
    FirstAnsweredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DatasetStewards::Table)
                    .col(string(DatasetStewards::DatasetId).primary_key())
                    .col(string(DatasetStewards::UserId))
                    .col(string(DatasetStewards::NamedBy))
                    .col(timestamp_with_time_zone(DatasetStewards::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dataset_stewards_dataset_id")
                            .from(DatasetStewards::Table, DatasetStewards::DatasetId)
                            .to(Datasets::Table, Datasets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dataset_stewards_user_id")
                            .from(DatasetStewards::Table, DatasetStewards::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dataset_stewards_user_id")
                    .table(DatasetStewards::Table)
                    .col(DatasetStewards::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Escalations::Table)
                    .col(string(Escalations::DiscussionId))
                    .col(string(Escalations::Level))
                    .col(timestamp_with_time_zone(Escalations::EscalatedAt))
                    .primary_key(
                        Index::create()
                            .col(Escalations::DiscussionId)
                            .col(Escalations::Level),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_escalations_discussion_id")
                            .from(Escalations::Table, Escalations::DiscussionId)
                            .to(Discussions::Table, Discussions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The animators' list, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_escalations_level_escalated_at")
                    .table(Escalations::Table)
                    .col(Escalations::Level)
                    .col(Escalations::EscalatedAt)
                    .to_owned(),
            )
            .await?;
        // Written as the job and `/me/` ask (SQLite uses a partial index only when the query's
        // terms match its own).
        manager
            .create_index(
                Index::create()
                    .name("idx_discussions_unanswered")
                    .table(Discussions::Table)
                    .col(Discussions::Created)
                    .and_where(Expr::col(Discussions::FirstAnsweredAt).is_null())
                    .and_where(Expr::col(Discussions::Closed).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_discussions_unanswered")
                    .table(Discussions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Escalations::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DatasetStewards::Table).to_owned())
            .await
    }
}
