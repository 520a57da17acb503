//! Searches that found nothing, counted per list searched, normalized query and week: what
//! people look for and do not find, with nothing about who looked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, string};

/// Adds `search_misses`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchMisses {
    Table,
    Scope,
    Query,
    Week,
    Searches,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchMisses::Table)
                    .col(string(SearchMisses::Scope))
                    .col(string(SearchMisses::Query))
                    .col(string(SearchMisses::Week))
                    .col(integer(SearchMisses::Searches).default(0))
                    .primary_key(
                        Index::create()
                            .col(SearchMisses::Scope)
                            .col(SearchMisses::Query)
                            .col(SearchMisses::Week),
                    )
                    .to_owned(),
            )
            .await?;
        // The top of recent weeks reads by week.
        manager
            .create_index(
                Index::create()
                    .name("idx_search_misses_week")
                    .table(SearchMisses::Table)
                    .col(SearchMisses::Week)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchMisses::Table).to_owned())
            .await
    }
}
