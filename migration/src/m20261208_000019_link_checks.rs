//! What the link checker keeps: one row per link it watches (a reuse's page, a dataset's
//! resource), with where it stands and when it is due, and the history of its visits.
//! `links` is read by due date (`idx_links_due`), by what it belongs to, and by state for the
//! animators' list; `link_checks` by link, newest first.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, integer_null, string, string_null, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

/// Adds `links` and `link_checks`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Links {
    Table,
    Id,
    Kind,
    TargetId,
    Url,
    State,
    Failures,
    FailingSince,
    OwnerToldAt,
    LastCheckedAt,
    LastReason,
    NextCheckAt,
    LeaseUntil,
}

#[derive(DeriveIden, Clone, Copy)]
enum LinkChecks {
    Table,
    Id,
    LinkId,
    Url,
    CheckedAt,
    Verdict,
    Reason,
    Status,
    DurationMs,
    FinalUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Links::Table)
                    .col(string(Links::Id).primary_key())
                    .col(string(Links::Kind))
                    .col(string(Links::TargetId))
                    .col(text(Links::Url))
                    .col(string(Links::State).default("unknown"))
                    .col(integer(Links::Failures).default(0))
                    .col(timestamp_with_time_zone_null(Links::FailingSince))
                    .col(timestamp_with_time_zone_null(Links::OwnerToldAt))
                    .col(timestamp_with_time_zone_null(Links::LastCheckedAt))
                    .col(string_null(Links::LastReason))
                    .col(timestamp_with_time_zone_null(Links::NextCheckAt))
                    .col(timestamp_with_time_zone_null(Links::LeaseUntil))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_links_target", &[Links::Kind, Links::TargetId][..]),
            ("idx_links_due", &[Links::NextCheckAt][..]),
            ("idx_links_state", &[Links::Kind, Links::State][..]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Links::Table);
            if name == "idx_links_target" {
                index.unique();
            }
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LinkChecks::Table)
                    .col(string(LinkChecks::Id).primary_key())
                    .col(string(LinkChecks::LinkId))
                    .col(text(LinkChecks::Url))
                    .col(timestamp_with_time_zone(LinkChecks::CheckedAt))
                    .col(string(LinkChecks::Verdict))
                    .col(string(LinkChecks::Reason))
                    .col(integer_null(LinkChecks::Status))
                    .col(integer(LinkChecks::DurationMs))
                    .col(text_null(LinkChecks::FinalUrl))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LinkChecks::Table, LinkChecks::LinkId)
                            .to(Links::Table, Links::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_link_checks_link")
                    .table(LinkChecks::Table)
                    .col(LinkChecks::LinkId)
                    .col(LinkChecks::CheckedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LinkChecks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Links::Table).to_owned())
            .await
    }
}
