//! Community plumbing: follows, notifications and their settings, watches, reports,
//! the mail outbox and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_users_and_auth::Users;

/// Creates `follows`, `notifications`, `notification_settings`, `watches`, `reports`,
/// `outbox` and `audit_log`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Follows::Table)
                    .col(string(Follows::Id).primary_key())
                    .col(string(Follows::FollowerId))
                    .col(string(Follows::SubjectClass))
                    .col(string(Follows::SubjectId))
                    .col(timestamp_with_time_zone(Follows::Since))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_follows_follower_id")
                            .from(Follows::Table, Follows::FollowerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_follower_id_subject_class_subject_id")
                    .table(Follows::Table)
                    .col(Follows::FollowerId)
                    .col(Follows::SubjectClass)
                    .col(Follows::SubjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_subject_class_subject_id")
                    .table(Follows::Table)
                    .col(Follows::SubjectClass)
                    .col(Follows::SubjectId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(string(Notifications::Id).primary_key())
                    .col(string(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(text(Notifications::Details))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::HandledAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user_id")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user_id_handled_at")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::HandledAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationSettings::Table)
                    .col(string(NotificationSettings::UserId))
                    .col(string(NotificationSettings::Kind))
                    .col(string(NotificationSettings::Email))
                    .col(boolean(NotificationSettings::InApp))
                    .primary_key(
                        Index::create()
                            .col(NotificationSettings::UserId)
                            .col(NotificationSettings::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_settings_user_id")
                            .from(NotificationSettings::Table, NotificationSettings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Watches::Table)
                    .col(string(Watches::UserId))
                    .col(string(Watches::SubjectClass))
                    .col(string(Watches::SubjectId))
                    .col(string(Watches::Mode))
                    .col(timestamp_with_time_zone(Watches::Since))
                    .primary_key(
                        Index::create()
                            .col(Watches::UserId)
                            .col(Watches::SubjectClass)
                            .col(Watches::SubjectId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_watches_user_id")
                            .from(Watches::Table, Watches::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(string(Reports::Id).primary_key())
                    .col(string(Reports::SubjectClass))
                    .col(string(Reports::SubjectId))
                    .col(string_null(Reports::SubjectEmbedId))
                    .col(text(Reports::Reason))
                    .col(text(Reports::Message).default(""))
                    .col(string_null(Reports::ById))
                    .col(timestamp_with_time_zone(Reports::ReportedAt))
                    .col(timestamp_with_time_zone_null(Reports::DismissedAt))
                    .col(string_null(Reports::DismissedBy))
                    .col(timestamp_with_time_zone_null(Reports::HandledAt))
                    .col(string_null(Reports::HandledBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_by_id")
                            .from(Reports::Table, Reports::ById)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_dismissed_by")
                            .from(Reports::Table, Reports::DismissedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_handled_by")
                            .from(Reports::Table, Reports::HandledBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_subject_class_subject_id")
                    .table(Reports::Table)
                    .col(Reports::SubjectClass)
                    .col(Reports::SubjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_reported_at")
                    .table(Reports::Table)
                    .col(Reports::ReportedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(string(Outbox::Id).primary_key())
                    .col(string(Outbox::Recipient))
                    .col(string(Outbox::Template))
                    .col(text(Outbox::Payload))
                    .col(string(Outbox::Status).default("pending"))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(string(Outbox::IdempotencyKey))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_idempotency_key")
                    .table(Outbox::Table)
                    .col(Outbox::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_status_next_attempt_at")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(string(AuditLog::Id).primary_key())
                    .col(string_null(AuditLog::ActorId))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::TargetClass))
                    .col(string(AuditLog::TargetId))
                    .col(text(AuditLog::Summary))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_actor_id")
                            .from(AuditLog::Table, AuditLog::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_target_class_target_id")
                    .table(AuditLog::Table)
                    .col(AuditLog::TargetClass)
                    .col(AuditLog::TargetId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Indexes go with their tables.
        for table in [
            AuditLog::Table.into_iden(),
            Outbox::Table.into_iden(),
            Reports::Table.into_iden(),
            Watches::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            Notifications::Table.into_iden(),
            Follows::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    FollowerId,
    SubjectClass,
    SubjectId,
    Since,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Details,
    CreatedAt,
    HandledAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    Kind,
    Email,
    InApp,
}

#[derive(DeriveIden)]
enum Watches {
    Table,
    UserId,
    SubjectClass,
    SubjectId,
    Mode,
    Since,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    SubjectClass,
    SubjectId,
    SubjectEmbedId,
    Reason,
    Message,
    ById,
    ReportedAt,
    DismissedAt,
    DismissedBy,
    HandledAt,
    HandledBy,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Template,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    SentAt,
    IdempotencyKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    TargetClass,
    TargetId,
    Summary,
    At,
}
