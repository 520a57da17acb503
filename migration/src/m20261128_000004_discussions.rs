//! Discussions about a dataset or a reuse, and their messages.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261128_000001_users_and_auth::Users;
use super::m20261128_000002_catalog::Organizations;

/// Creates `discussions` and `messages`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // subject_id and answer_id are plain text: the subject is polymorphic
        // (subject_class), and the answer is a message id kept without a constraint.
        manager
            .create_table(
                Table::create()
                    .table(Discussions::Table)
                    .col(string(Discussions::Id).primary_key())
                    .col(string(Discussions::SubjectClass))
                    .col(string(Discussions::SubjectId))
                    .col(string(Discussions::Title))
                    .col(string(Discussions::UserId))
                    .col(string_null(Discussions::OrganizationId))
                    .col(timestamp_with_time_zone(Discussions::Created))
                    .col(timestamp_with_time_zone_null(Discussions::Closed))
                    .col(string_null(Discussions::ClosedBy))
                    .col(string_null(Discussions::AnswerId))
                    .col(timestamp_with_time_zone_null(Discussions::FirstAnsweredAt))
                    .col(text(Discussions::Extras).default("{}"))
                    .col(timestamp_with_time_zone(Discussions::LastPostedOn))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_discussions_user_id")
                            .from(Discussions::Table, Discussions::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_discussions_organization_id")
                            .from(Discussions::Table, Discussions::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_discussions_closed_by")
                            .from(Discussions::Table, Discussions::ClosedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_discussions_subject_class_subject_id")
                    .table(Discussions::Table)
                    .col(Discussions::SubjectClass)
                    .col(Discussions::SubjectId)
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_discussions_user_id", Discussions::UserId),
            ("idx_discussions_created", Discussions::Created),
            ("idx_discussions_closed", Discussions::Closed),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Discussions::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(string(Messages::Id).primary_key())
                    .col(string(Messages::DiscussionId))
                    .col(integer(Messages::Position))
                    .col(text(Messages::Content))
                    .col(string(Messages::PostedBy))
                    .col(string_null(Messages::PostedByOrganization))
                    .col(timestamp_with_time_zone(Messages::PostedOn))
                    .col(timestamp_with_time_zone_null(Messages::LastModifiedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_discussion_id")
                            .from(Messages::Table, Messages::DiscussionId)
                            .to(Discussions::Table, Discussions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_posted_by")
                            .from(Messages::Table, Messages::PostedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_messages_posted_by_organization")
                            .from(Messages::Table, Messages::PostedByOrganization)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_discussion_id_position")
                    .table(Messages::Table)
                    .col(Messages::DiscussionId)
                    .col(Messages::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Indexes go with their tables.
        for table in [Messages::Table.into_iden(), Discussions::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Discussions {
    Table,
    Id,
    SubjectClass,
    SubjectId,
    Title,
    UserId,
    OrganizationId,
    Created,
    Closed,
    ClosedBy,
    AnswerId,
    FirstAnsweredAt,
    Extras,
    LastPostedOn,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    DiscussionId,
    Position,
    Content,
    PostedBy,
    PostedByOrganization,
    PostedOn,
    LastModifiedAt,
}
