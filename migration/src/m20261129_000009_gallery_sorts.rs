//! Indexes shaped like the gallery's queries, found with the benchmark (scripts/bench) at
//! 100,000 reuses: every sort is `ORDER BY <key>, id` in one direction, so each sort key is
//! indexed with `id` (one index scan serves both directions and stops after the page, where a
//! one-column index left PostgreSQL sorting every reuse sharing a value — most reuses have 0
//! views and 0 followers); tag and dataset filters read `(tag, reuse_id)` and
//! `(dataset_id, reuse_id)` without touching the tables. On PostgreSQL, slugs are also indexed
//! for prefix search (`text_pattern_ops`): finding a free slug asks for `slug LIKE 'base-%'`,
//! which the collation-ordered unique index cannot serve (45 ms a new reuse at 100,000).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Tables whose slugs `unique_slug` searches by prefix.
const SLUGGED: [&str; 3] = ["reuses", "datasets", "organizations"];

/// Replaces the one-column sort and filter indexes of reuses with composite ones.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reuses {
    Table,
    Id,
    CreatedAt,
    LastModified,
    Title,
    DatasetsCount,
    Followers,
    Views,
}

#[derive(DeriveIden)]
enum ReuseTags {
    Table,
    Tag,
    ReuseId,
}

#[derive(DeriveIden)]
enum ReuseDatasets {
    Table,
    DatasetId,
    ReuseId,
}

fn sort_indexes() -> [(&'static str, &'static str, Reuses); 6] {
    [
        (
            "idx_reuses_created_at",
            "idx_reuses_created_at_id",
            Reuses::CreatedAt,
        ),
        (
            "idx_reuses_last_modified",
            "idx_reuses_last_modified_id",
            Reuses::LastModified,
        ),
        ("idx_reuses_title", "idx_reuses_title_id", Reuses::Title),
        (
            "idx_reuses_datasets_count",
            "idx_reuses_datasets_count_id",
            Reuses::DatasetsCount,
        ),
        (
            "idx_reuses_followers",
            "idx_reuses_followers_id",
            Reuses::Followers,
        ),
        ("idx_reuses_views", "idx_reuses_views_id", Reuses::Views),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, column) in sort_indexes() {
            manager
                .drop_index(Index::drop().name(old).table(Reuses::Table).to_owned())
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(new)
                        .table(Reuses::Table)
                        .col(column)
                        .col(Reuses::Id)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_reuse_tags_tag")
                    .table(ReuseTags::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_tags_tag_reuse")
                    .table(ReuseTags::Table)
                    .col(ReuseTags::Tag)
                    .col(ReuseTags::ReuseId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_reuse_datasets_dataset_id")
                    .table(ReuseDatasets::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_datasets_dataset_reuse")
                    .table(ReuseDatasets::Table)
                    .col(ReuseDatasets::DatasetId)
                    .col(ReuseDatasets::ReuseId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for table in SLUGGED {
                db.execute_unprepared(&format!(
                    "CREATE INDEX idx_{table}_slug_prefix ON {table} (slug text_pattern_ops)"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for table in SLUGGED {
                db.execute_unprepared(&format!("DROP INDEX IF EXISTS idx_{table}_slug_prefix"))
                    .await?;
            }
        }
        for (old, new, column) in sort_indexes() {
            manager
                .drop_index(Index::drop().name(new).table(Reuses::Table).to_owned())
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(old)
                        .table(Reuses::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_reuse_tags_tag_reuse")
                    .table(ReuseTags::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_tags_tag")
                    .table(ReuseTags::Table)
                    .col(ReuseTags::Tag)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_reuse_datasets_dataset_reuse")
                    .table(ReuseDatasets::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reuse_datasets_dataset_id")
                    .table(ReuseDatasets::Table)
                    .col(ReuseDatasets::DatasetId)
                    .to_owned(),
            )
            .await
    }
}
