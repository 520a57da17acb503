//! What udata's shapes need that Vitrine did not keep: people's first and last names, an
//! organization's acronym and badges, a reuse's badges, and the catalog's fuller dataset:
//! acronym, privacy, featured, badges, extras, the dates it was archived or deleted, temporal
//! and spatial coverage, last update, and its resources.
//!
//! `datasets.archived` and `datasets.deleted` stay (the lists filter on them); the new
//! `archived_at` and `deleted_at` say since when, as udata does, and start from the last
//! modification for datasets already marked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer_null, boolean, integer, string, string_null, text, text_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// Adds the columns and the `dataset_resources` table.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    FirstName,
    LastName,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Acronym,
    Badges,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reuses {
    Table,
    Badges,
}

#[derive(DeriveIden, Clone, Copy)]
enum Datasets {
    Table,
    Id,
    Acronym,
    Private,
    Featured,
    Badges,
    Extras,
    ArchivedAt,
    DeletedAt,
    TemporalCoverage,
    Spatial,
    LastUpdate,
}

#[derive(DeriveIden, Clone, Copy)]
enum DatasetResources {
    Table,
    Id,
    DatasetId,
    Position,
    Title,
    Description,
    Type,
    Format,
    Url,
    Filesize,
    Mime,
    CreatedAt,
    LastModified,
    Extras,
}

/// One `ALTER TABLE … ADD COLUMN` a column: SQLite takes no more in one statement.
async fn add_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Copy + 'static,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Copy + 'static,
    columns: Vec<DynIden>,
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(Table::alter().table(table).drop_column(column).to_owned())
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            Users::Table,
            vec![string_null(Users::FirstName), string_null(Users::LastName)],
        )
        .await?;
        add_columns(
            manager,
            Organizations::Table,
            vec![
                string_null(Organizations::Acronym),
                text(Organizations::Badges).default("[]").to_owned(),
            ],
        )
        .await?;
        add_columns(
            manager,
            Reuses::Table,
            vec![text(Reuses::Badges).default("[]").to_owned()],
        )
        .await?;
        add_columns(
            manager,
            Datasets::Table,
            vec![
                string_null(Datasets::Acronym),
                boolean(Datasets::Private).default(false).to_owned(),
                boolean(Datasets::Featured).default(false).to_owned(),
                text(Datasets::Badges).default("[]").to_owned(),
                text(Datasets::Extras).default("{}").to_owned(),
                timestamp_with_time_zone_null(Datasets::ArchivedAt),
                timestamp_with_time_zone_null(Datasets::DeletedAt),
                text_null(Datasets::TemporalCoverage),
                text_null(Datasets::Spatial),
                timestamp_with_time_zone_null(Datasets::LastUpdate),
            ],
        )
        .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE datasets SET archived_at = last_modified WHERE archived; \
             UPDATE datasets SET deleted_at = last_modified WHERE deleted",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(DatasetResources::Table)
                    .col(string(DatasetResources::Id).primary_key())
                    .col(string(DatasetResources::DatasetId))
                    .col(integer(DatasetResources::Position))
                    .col(text(DatasetResources::Title))
                    .col(text(DatasetResources::Description).default(""))
                    .col(string(DatasetResources::Type).default("main"))
                    .col(string_null(DatasetResources::Format))
                    .col(text(DatasetResources::Url))
                    .col(big_integer_null(DatasetResources::Filesize))
                    .col(string_null(DatasetResources::Mime))
                    .col(timestamp_with_time_zone(DatasetResources::CreatedAt))
                    .col(timestamp_with_time_zone(DatasetResources::LastModified))
                    .col(text(DatasetResources::Extras).default("{}"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dataset_resources_dataset_id")
                            .from(DatasetResources::Table, DatasetResources::DatasetId)
                            .to(Datasets::Table, Datasets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_dataset_resources_dataset")
                    .table(DatasetResources::Table)
                    .col(DatasetResources::DatasetId)
                    .col(DatasetResources::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DatasetResources::Table).to_owned())
            .await?;
        drop_columns(
            manager,
            Datasets::Table,
            vec![
                Datasets::Acronym.into_iden(),
                Datasets::Private.into_iden(),
                Datasets::Featured.into_iden(),
                Datasets::Badges.into_iden(),
                Datasets::Extras.into_iden(),
                Datasets::ArchivedAt.into_iden(),
                Datasets::DeletedAt.into_iden(),
                Datasets::TemporalCoverage.into_iden(),
                Datasets::Spatial.into_iden(),
                Datasets::LastUpdate.into_iden(),
            ],
        )
        .await?;
        drop_columns(manager, Reuses::Table, vec![Reuses::Badges.into_iden()]).await?;
        drop_columns(
            manager,
            Organizations::Table,
            vec![
                Organizations::Acronym.into_iden(),
                Organizations::Badges.into_iden(),
            ],
        )
        .await?;
        drop_columns(
            manager,
            Users::Table,
            vec![Users::FirstName.into_iden(), Users::LastName.into_iden()],
        )
        .await
    }
}
