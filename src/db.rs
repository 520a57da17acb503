//! The database connection: SQLite (embedded default) or PostgreSQL.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use crate::config::Config;

/// Opens the pool, creating the SQLite file (and the data directory) when needed.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    if config.uses_sqlite() {
        std::fs::create_dir_all(&config.data_dir).map_err(|err| {
            DbErr::Custom(format!(
                "cannot create the data directory {}: {err}",
                config.data_dir.display()
            ))
        })?;
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(
            config
                .database_pool
                .unwrap_or(if config.uses_sqlite() { 8 } else { 16 }),
        )
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(3))
        // A ping on every checkout doubled the round trips of each query outside a transaction
        // (scripts/bench); connections idle for a while are still checked before use.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    Database::connect(options).await
}

/// Brings the schema up to date.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Starts a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a transaction that reads before it writes would otherwise be refused
/// (`SQLITE_BUSY_SNAPSHOT`, without waiting) whenever another connection wrote in between, as
/// the mail worker does all the time. PostgreSQL ignores the option.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Opens a transaction for the reads of one request: its queries then share one connection.
///
/// Each query run on the pool takes a connection and gives it back, and sqlx makes sure of a
/// connection given back with a round trip (a `Sync` on PostgreSQL): a page of a dozen
/// queries made two dozen round trips, where a transaction makes the dozen and three more.
/// Commit it at the end (dropping it rolls back, which is as cheap).
pub async fn read<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin().await
}
