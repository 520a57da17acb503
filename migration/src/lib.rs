//! Database schema for Vitrine, as backend-neutral sea-orm migrations (SQLite and PostgreSQL).

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_users_and_auth;
mod m20261128_000002_catalog;
mod m20261128_000003_reuses;
mod m20261128_000004_discussions;
mod m20261128_000005_community;
mod m20261128_000006_search;
mod m20261129_000007_notification_lookups;
mod m20261129_000008_moderation;
mod m20261129_000009_gallery_sorts;
mod m20261129_000010_gallery_covering;
mod m20261203_000011_fewer_reuse_indexes;
mod m20261205_000012_leaner_reuse_writes;
mod m20261206_000013_outbox_partial_indexes;
mod m20261206_000014_verified_emails;
mod m20261206_000015_udata_shapes;
mod m20261207_000016_catalog_sync;
mod m20261207_000017_messages_by_author;
mod m20261207_000018_search_context;
mod m20261208_000019_link_checks;
mod m20261208_000020_data_requests;
mod m20261208_000021_stewards;
mod m20261208_000022_search_misses;
mod m20261209_000023_impact_figures;

/// Runs `sql` on PostgreSQL only: what SQLite, the small-catalog default, does without.
async fn on_postgres(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
    let db = manager.get_connection();
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// A migration that is SQL for PostgreSQL alone (indexes and storage settings SQLite has no
/// use for), named after its module.
struct OnPostgres {
    name: &'static str,
    up: String,
    down: &'static str,
}

impl MigrationName for OnPostgres {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for OnPostgres {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(manager, &self.up).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(manager, self.down).await
    }
}

/// Runs the Vitrine migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_users_and_auth::Migration),
            Box::new(m20261128_000002_catalog::Migration),
            Box::new(m20261128_000003_reuses::Migration),
            Box::new(m20261128_000004_discussions::Migration),
            Box::new(m20261128_000005_community::Migration),
            Box::new(m20261128_000006_search::Migration),
            Box::new(m20261129_000007_notification_lookups::Migration),
            Box::new(m20261129_000008_moderation::Migration),
            Box::new(m20261129_000009_gallery_sorts::Migration),
            Box::new(m20261129_000010_gallery_covering::migration()),
            Box::new(m20261203_000011_fewer_reuse_indexes::migration()),
            Box::new(m20261205_000012_leaner_reuse_writes::migration()),
            Box::new(m20261206_000013_outbox_partial_indexes::Migration),
            Box::new(m20261206_000014_verified_emails::Migration),
            Box::new(m20261206_000015_udata_shapes::Migration),
            Box::new(m20261207_000016_catalog_sync::Migration),
            Box::new(m20261207_000017_messages_by_author::Migration),
            Box::new(m20261207_000018_search_context::Migration),
            Box::new(m20261208_000019_link_checks::Migration),
            Box::new(m20261208_000020_data_requests::Migration),
            Box::new(m20261208_000021_stewards::Migration),
            Box::new(m20261208_000022_search_misses::Migration),
            Box::new(m20261209_000023_impact_figures::Migration),
        ]
    }
}
