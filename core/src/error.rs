//! The one error type of Vitrine's domain. It knows what went wrong and what the caller may be
//! told; the server maps its [`ErrorKind`] to an HTTP status.

use std::collections::BTreeMap;

use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// Messages per field, as in udata's `{"errors": {"title": ["…"]}}`.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Result of anything that can fail in a way a caller should hear about.
pub type AppResult<T> = Result<T, AppError>;

/// Everything that can go wrong while serving a request or running a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that breaks a rule; each field says why.
    #[error("{message}")]
    Validation {
        /// Summary.
        message: String,
        /// Per-field messages.
        errors: FieldErrors,
    },
    /// A request that makes no sense as a whole.
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or credentials that do not hold.
    #[error("{0}")]
    Unauthenticated(String),
    /// Known caller, not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// A form or cookie-authenticated call without the session's CSRF token.
    #[error(
        "CSRF token missing or wrong: this form has expired or was not sent by this site. Reload the page and try again."
    )]
    Csrf,
    /// Nothing there.
    #[error("{0}")]
    NotFound(String),
    /// Clashes with what is stored (a duplicate URL, email…).
    #[error("{message}")]
    Conflict {
        /// Summary.
        message: String,
        /// Per-field messages.
        errors: FieldErrors,
    },
    /// Was there, has been deleted.
    #[error("{0}")]
    Gone(String),
    /// Body larger than allowed.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Body of a kind not accepted.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A request body that did not arrive in time.
    #[error("{0}")]
    RequestTimeout(String),
    /// Too many requests; try again after this many seconds.
    #[error("{message}")]
    TooManyRequests {
        /// What was limited.
        message: String,
        /// Seconds until the next attempt may pass.
        retry_after: u64,
    },
    /// A sign-in that did not happen.
    #[error("{}", failure.message(crate::i18n::Lang::En, provider, detail.as_deref()))]
    SignIn {
        /// Why.
        failure: crate::signin::oauth::SignInFailure,
        /// The provider's label.
        provider: String,
        /// What the provider said, if anything.
        detail: Option<String>,
    },
    /// Another service (a sign-in provider) answered with a refusal or nonsense.
    #[error("{0}")]
    Upstream(String),
    /// A dependency that is down for the moment (the database).
    #[error("{0}")]
    Unavailable(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// Anything else that is our fault.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Validation {
            message: format!("{field}: {message}"),
            errors: BTreeMap::from([(field.to_owned(), vec![message])]),
        }
    }

    /// A validation error from collected field messages; `Ok` when there are none.
    pub fn check(errors: FieldErrors) -> AppResult<()> {
        if errors.is_empty() {
            return Ok(());
        }
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        Err(Self::Validation {
            message: format!("Invalid input in: {}", fields.join(", ")),
            errors,
        })
    }

    /// A conflict on one field (a value that must be unique).
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Conflict {
            message: format!("{field}: {message}"),
            errors: BTreeMap::from([(field.to_owned(), vec![message])]),
        }
    }

    /// `NotFound` for a kind of thing and the id that was asked for.
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::NotFound(format!("{kind} {id:?} not found"))
    }

    /// What kind of failure this is, for whoever answers the caller.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation { .. } | Self::BadRequest(_) => ErrorKind::Invalid,
            Self::Unauthenticated(_) => ErrorKind::Unauthenticated,
            Self::Forbidden(_) | Self::Csrf => ErrorKind::Forbidden,
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::Gone(_) => ErrorKind::Gone,
            Self::PayloadTooLarge(_) => ErrorKind::TooLarge,
            Self::UnsupportedMediaType(_) => ErrorKind::UnsupportedMediaType,
            Self::RequestTimeout(_) => ErrorKind::Timeout,
            Self::TooManyRequests { .. } => ErrorKind::TooManyRequests,
            Self::Upstream(_) => ErrorKind::Upstream,
            Self::SignIn { failure, .. } => failure.kind(),
            Self::Unavailable(_) => ErrorKind::Unavailable,
            Self::Database(err) if refused_text(err) => ErrorKind::Invalid,
            Self::Database(err) => match classify_db_error(err) {
                DbFailure::NotFound => ErrorKind::NotFound,
                DbFailure::Busy | DbFailure::Unavailable => ErrorKind::Unavailable,
                DbFailure::Other => ErrorKind::Internal,
            },
            Self::Internal(_) => ErrorKind::Internal,
        }
    }

    /// Seconds after which trying again may succeed (`Retry-After`): when over a rate limit, or
    /// while the database is away (a pool acquires for up to 3 s, so a few seconds) or busy with
    /// other writes (which take milliseconds each).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after, .. } => Some(*retry_after),
            Self::Database(err) if matches!(classify_db_error(err), DbFailure::Busy) => Some(2),
            _ if self.kind() == ErrorKind::Unavailable => Some(5),
            _ => None,
        }
    }

    /// What the caller may read. Server faults say nothing of their cause.
    pub fn public_message(&self) -> String {
        let kind = self.kind();
        match self {
            Self::Database(err) if matches!(classify_db_error(err), DbFailure::Busy) => {
                BUSY.to_owned()
            }
            Self::Database(_) | Self::Internal(_)
                if matches!(kind, ErrorKind::Internal | ErrorKind::Unavailable) =>
            {
                if kind == ErrorKind::Unavailable {
                    "The service is unavailable for the moment; try again shortly.".to_owned()
                } else {
                    "Internal server error; it has been logged.".to_owned()
                }
            }
            Self::Database(err) if refused_text(err) => {
                "Text may not contain the NUL character (\\u0000).".to_owned()
            }
            Self::Database(_) => "Not found".to_owned(),
            other => other.to_string(),
        }
    }

    /// The messages per field, when input was refused.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::Validation { errors, .. } | Self::Conflict { errors, .. } => Some(errors),
            _ => None,
        }
    }
}

/// What kind of failure an [`AppError`] is: each answers with its own status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Input that breaks a rule, or a request that makes no sense.
    Invalid,
    /// No credentials, or credentials that do not hold.
    Unauthenticated,
    /// Known caller, not allowed.
    Forbidden,
    /// Nothing there.
    NotFound,
    /// Clashes with what is stored.
    Conflict,
    /// Was there, has been deleted.
    Gone,
    /// Larger than allowed.
    TooLarge,
    /// Of a kind not accepted.
    UnsupportedMediaType,
    /// Sent too slowly.
    Timeout,
    /// Over a rate limit.
    TooManyRequests,
    /// Another service answered with a refusal or nonsense.
    Upstream,
    /// Down or busy for the moment: to try again.
    Unavailable,
    /// Our fault.
    Internal,
}

/// What a request answers while the database is busy with other writes.
const BUSY: &str = "The database is busy with other writes; try again in a few seconds.";

enum DbFailure {
    NotFound,
    /// Locked by other writes past the wait allowed: to retry shortly.
    Busy,
    Unavailable,
    Other,
}

/// A database error shared by every request that waited for one computation (see
/// [`crate::cache::Cache::get_versioned_or`]): each answers as the computing one would have.
impl From<std::sync::Arc<DbErr>> for AppError {
    fn from(err: std::sync::Arc<DbErr>) -> Self {
        match std::sync::Arc::try_unwrap(err) {
            Ok(err) => Self::Database(err),
            Err(shared) => match classify_db_error(&shared) {
                DbFailure::Busy => {
                    tracing::warn!(error = %shared, "database busy (a shared computation)");
                    Self::Unavailable(BUSY.into())
                }
                DbFailure::Unavailable => {
                    tracing::warn!(error = %shared, "database unavailable (a shared computation)");
                    Self::Unavailable(
                        "The service is unavailable for the moment; try again shortly.".into(),
                    )
                }
                _ => Self::Internal(shared.to_string()),
            },
        }
    }
}

fn classify_db_error(err: &DbErr) -> DbFailure {
    match err {
        DbErr::RecordNotFound(_) => DbFailure::NotFound,
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => DbFailure::Unavailable,
        // A connection lost mid-query (the server restarting, the network cut) surfaces as a
        // query or execution error; it is an outage to wait out, not a fault of ours.
        DbErr::Query(RuntimeErr::SqlxError(sqlx)) | DbErr::Exec(RuntimeErr::SqlxError(sqlx))
            if connection_lost(sqlx) =>
        {
            DbFailure::Unavailable
        }
        DbErr::Query(RuntimeErr::SqlxError(sqlx)) | DbErr::Exec(RuntimeErr::SqlxError(sqlx))
            if busy(sqlx) =>
        {
            DbFailure::Busy
        }
        _ => DbFailure::Other,
    }
}

/// Whether sqlx failed because the database went away rather than because of the statement.
fn connection_lost(err: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match err {
        Error::Io(_)
        | Error::Tls(_)
        | Error::PoolTimedOut
        | Error::PoolClosed
        | Error::WorkerCrashed
        | Error::BeginFailed => true,
        // PostgreSQL: connection exceptions (08…), shutting down or starting up (57P01-57P03),
        // too many connections (53300).
        Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
        }),
        _ => false,
    }
}

/// SQLite's `SQLITE_BUSY` and `SQLITE_LOCKED` with their extended codes: "database is locked",
/// once the connection's busy timeout has passed.
const SQLITE_BUSY: [&str; 7] = ["5", "261", "517", "773", "6", "262", "518"];

/// PostgreSQL's serialization failure, deadlock, lock timeout and statement timeout.
const POSTGRES_BUSY: [&str; 4] = ["40001", "40P01", "55P03", "57014"];

/// Whether sqlx failed because other transactions held what the statement needed for longer
/// than it may wait: worth trying again in a moment.
fn busy(err: &sea_orm::sqlx::Error) -> bool {
    let sea_orm::sqlx::Error::Database(db) = err else {
        return false;
    };
    db.code().is_some_and(|code| {
        SQLITE_BUSY.contains(&code.as_ref()) || POSTGRES_BUSY.contains(&code.as_ref())
    })
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Whether the database refused text it cannot store: PostgreSQL takes no NUL character in
/// text (`22021`, `22P05`), where SQLite does. Bad input (400), not a fault of ours.
fn refused_text(err: &DbErr) -> bool {
    let (DbErr::Query(sea_orm::RuntimeErr::SqlxError(sqlx))
    | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(sqlx))) = err
    else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(db) = sqlx.as_ref() else {
        return false;
    };
    db.code()
        .is_some_and(|code| matches!(code.as_ref(), "22021" | "22P05"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use sea_orm::sqlx::{ConnectOptions, Connection};

    use super::*;

    #[tokio::test]
    async fn a_database_locked_by_another_write_answers_503_to_retry() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("busy.db"))
            .create_if_missing(true)
            .busy_timeout(Duration::from_millis(10));
        let mut holder = options.connect().await.unwrap();
        let mut other = options.connect().await.unwrap();
        sea_orm::sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut holder)
            .await
            .unwrap();
        let locked = sea_orm::sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut other)
            .await
            .unwrap_err();
        assert!(
            locked.to_string().contains("database is locked"),
            "{locked}"
        );
        let err = AppError::Database(DbErr::Exec(RuntimeErr::SqlxError(locked.into())));
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(err.retry_after(), Some(2));
        assert_eq!(err.public_message(), BUSY);
        holder.close().await.unwrap();
        other.close().await.unwrap();
    }
}
