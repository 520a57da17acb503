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
            Box::new(m20261129_000010_gallery_covering::Migration),
        ]
    }
}
