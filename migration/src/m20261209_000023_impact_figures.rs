//! The impact indicators, one row a month for the whole site, each organization and each
//! dataset: written by the scheduled job, read by pages and the API without counting anything.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer_null, integer, string, text, timestamp_with_time_zone,
};

/// Adds `impact_figures`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ImpactFigures {
    Table,
    Scope,
    SubjectId,
    Month,
    Reuses,
    ReusesByType,
    Questions,
    Answered,
    MedianAnswerSecs,
    WaitingWeek,
    WaitingMonth,
    Followers,
    ReuseLinksChecked,
    ReuseLinksWorking,
    ResourceLinksChecked,
    ResourceLinksWorking,
    ComputedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ImpactFigures as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(string(F::Scope))
                    .col(string(F::SubjectId))
                    .col(string(F::Month))
                    .col(integer(F::Reuses).default(0))
                    .col(text(F::ReusesByType))
                    .col(integer(F::Questions).default(0))
                    .col(integer(F::Answered).default(0))
                    .col(big_integer_null(F::MedianAnswerSecs))
                    .col(integer(F::WaitingWeek).default(0))
                    .col(integer(F::WaitingMonth).default(0))
                    .col(integer(F::Followers).default(0))
                    .col(integer(F::ReuseLinksChecked).default(0))
                    .col(integer(F::ReuseLinksWorking).default(0))
                    .col(integer(F::ResourceLinksChecked).default(0))
                    .col(integer(F::ResourceLinksWorking).default(0))
                    .col(timestamp_with_time_zone(F::ComputedAt))
                    .primary_key(
                        Index::create()
                            .col(F::Scope)
                            .col(F::SubjectId)
                            .col(F::Month),
                    )
                    .to_owned(),
            )
            .await?;
        // `/impact/` lists the organizations whose data is most reused in a month.
        manager
            .create_index(
                Index::create()
                    .name("idx_impact_figures_ranking")
                    .table(F::Table)
                    .col(F::Scope)
                    .col(F::Month)
                    .col(F::Reuses)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImpactFigures::Table).to_owned())
            .await
    }
}
