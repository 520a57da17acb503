//! The database connection: SQLite (embedded default) or PostgreSQL.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, CommonTableExpression, SubQueryStatement, WithClause};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
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
        .max_connections(config.database_pool.unwrap_or_else(|| default_pool(config)))
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

/// Connections kept at most when `VITRINE_DATABASE_POOL` does not say: on PostgreSQL twice the
/// cores and one, since more connections than cores only make the server's processes take
/// turns (measured in docs/performance.md), and at most 16, so that a few instances on a
/// many-core host stay under PostgreSQL's default `max_connections`. SQLite: 8 readers.
fn default_pool(config: &Config) -> u32 {
    if config.uses_sqlite() {
        return 8;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    u32::try_from(2 * cores + 1).map_or(16, |pool| pool.min(16))
}

/// The migration after which the search index holds new words (Vitrine folds the words, so
/// the migration itself cannot reindex).
const SEARCH_CONTEXT: &str = "m20261207_000018_search_context";

/// Brings the schema up to date. When the search index learns new words, the reuses are
/// reindexed before the migration that asks for it is recorded: a start-up interrupted midway
/// reindexes again at the next one, instead of leaving half the index as it was.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?;
    if let Some(before) = pending
        .iter()
        .position(|migration| migration.name() == SEARCH_CONTEXT)
    {
        let before = u32::try_from(before).unwrap_or(u32::MAX);
        Migrator::up(db, Some(before)).await?;
        crate::search::reindex_all(db).await?;
    }
    Migrator::up(db, None).await
}

/// How many migrations this binary has that the database has not had yet.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

/// Starts a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a transaction that reads before it writes would otherwise be refused
/// (`SQLITE_BUSY_SNAPSHOT`, without waiting) whenever another connection wrote in between, as
/// the mail worker does all the time. PostgreSQL ignores the option. The wait for a connection
/// (and for the lock) is timed into the metrics ([`crate::telemetry::DB_BEGIN`]).
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    let begin = db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    });
    crate::telemetry::timed_begin("write", begin).await
}

/// Opens a transaction for the reads of one request: its queries then share one connection.
///
/// Each query run on the pool takes a connection and gives it back, and sqlx makes sure of a
/// connection given back with a round trip (a `Sync` on PostgreSQL): a page of a dozen
/// queries made two dozen round trips, where a transaction makes the dozen and three more.
/// Commit it at the end (dropping it rolls back, which is as cheap). The wait for a connection
/// is timed into the metrics ([`crate::telemetry::DB_BEGIN`]).
pub async fn read<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    crate::telemetry::timed_begin("read", db.begin()).await
}

/// Writes that go to the database together, in the order given: on PostgreSQL as one statement
/// (each but the last a data-modifying `WITH`), so in one round trip; elsewhere one after
/// another. PostgreSQL runs the parts on one snapshot: none may need to see what another
/// writes, but constraints (a tag's reuse, say) are checked at the end, as for one statement.
#[derive(Default)]
pub struct Writes(Vec<SubQueryStatement>);

impl Writes {
    /// Adds a write.
    pub fn push(&mut self, statement: impl Into<SubQueryStatement>) {
        self.0.push(statement.into());
    }

    /// Makes the writes (in the caller's transaction).
    pub async fn run(self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        let mut statements = self.0;
        let last = match statements.pop() {
            Some(last) if backend == DbBackend::Postgres && !statements.is_empty() => last,
            last => {
                for statement in statements.into_iter().chain(last) {
                    db.execute_raw(built(backend, statement)).await?;
                }
                return Ok(());
            }
        };
        let mut with = WithClause::new();
        for (n, statement) in statements.into_iter().enumerate() {
            with.cte(
                CommonTableExpression::new()
                    .query(statement)
                    .table_name(Alias::new(format!("write_{n}")))
                    .to_owned(),
            );
        }
        db.execute_raw(backend.build(&with.query(last))).await?;
        Ok(())
    }
}

fn built(backend: DbBackend, statement: SubQueryStatement) -> Statement {
    match statement {
        SubQueryStatement::SelectStatement(statement) => backend.build(&statement),
        SubQueryStatement::InsertStatement(statement) => backend.build(&statement),
        SubQueryStatement::UpdateStatement(statement) => backend.build(&statement),
        SubQueryStatement::DeleteStatement(statement) => backend.build(&statement),
        SubQueryStatement::WithStatement(statement) => backend.build(&statement),
    }
}
