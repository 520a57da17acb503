//! The one error type of Vitrine and its mapping to HTTP: JSON `{"message", "errors"}` for the API.

use std::collections::BTreeMap;

use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::{Body, IntoResponse, Response};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaResponses, Registry};
use poem_openapi::{ApiResponse, Object};
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
        failure: crate::auth::oauth::SignInFailure,
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

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation { .. } | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Gone(_) => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Upstream(_) => StatusCode::BAD_GATEWAY,
            Self::SignIn { failure, .. } => failure.status(),
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Database(err) if refused_text(err) => StatusCode::BAD_REQUEST,
            Self::Database(err) => match classify_db_error(err) {
                DbFailure::NotFound => StatusCode::NOT_FOUND,
                DbFailure::Busy | DbFailure::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                DbFailure::Other => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds after which trying again may succeed (`Retry-After`): when over a rate limit, or
    /// while the database is away (a pool acquires for up to 3 s, so a few seconds) or busy with
    /// other writes (which take milliseconds each).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after, .. } => Some(*retry_after),
            Self::Database(err) if matches!(classify_db_error(err), DbFailure::Busy) => Some(2),
            _ if self.status() == StatusCode::SERVICE_UNAVAILABLE => Some(5),
            _ => None,
        }
    }

    /// The JSON body: what the caller may read. Server faults say nothing of their cause.
    pub fn body(&self) -> ErrorBody {
        let status = self.status();
        let message = match self {
            Self::Database(err) if matches!(classify_db_error(err), DbFailure::Busy) => {
                BUSY.to_owned()
            }
            Self::Database(_) | Self::Internal(_) if status.is_server_error() => {
                if status == StatusCode::SERVICE_UNAVAILABLE {
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
        };
        let errors = match self {
            Self::Validation { errors, .. } | Self::Conflict { errors, .. } => Some(errors.clone()),
            _ => None,
        };
        ErrorBody { message, errors }
    }
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

/// The JSON shape of every error answer.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ErrorBody {
    /// What went wrong, for a person.
    pub message: String,
    /// Per-field messages, when input was refused.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
}

impl ErrorBody {
    /// The HTTP response with this body and `status`.
    pub fn into_response(self, status: StatusCode) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        Response::builder()
            .status(status)
            .content_type("application/json; charset=utf-8")
            .body(Body::from(body))
    }
}

impl ResponseError for AppError {
    fn status(&self) -> StatusCode {
        AppError::status(self)
    }

    fn as_response(&self) -> Response {
        let status = AppError::status(self);
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = self.body().into_response(status);
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert("Retry-After", poem::http::HeaderValue::from(seconds));
        }
        response
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.as_response()
    }
}

/// The error answers every operation may give, for the OpenAPI document.
#[derive(ApiResponse)]
#[expect(
    dead_code,
    reason = "only describes AppError's answers in the OpenAPI document"
)]
enum ErrorResponses {
    /// Invalid input: `errors` names each field and why.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Missing, wrong, revoked or expired credentials.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// Not allowed.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// Not found.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// Conflicts with stored data.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// Deleted.
    #[oai(status = 410)]
    Gone(Json<ErrorBody>),
    /// Body too large.
    #[oai(status = 413)]
    PayloadTooLarge(Json<ErrorBody>),
    /// Body of a kind not accepted (JSON; multipart for uploads).
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// Too many requests.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>),
    /// Temporarily unavailable.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl ApiResponse for AppError {
    fn meta() -> MetaResponses {
        ErrorResponses::meta()
    }

    fn register(registry: &mut Registry) {
        ErrorResponses::register(registry);
    }
}

/// Turns any error poem or poem-openapi raises (parse errors, unknown routes, …) into the JSON shape.
pub fn into_json_error(err: poem::Error) -> Response {
    use poem_openapi::error::{ParseParamError, ParsePathError};
    if let Some(app) = err.downcast_ref::<AppError>() {
        return app.as_response();
    }
    let status = err.status();
    let (message, errors) = if let Some(param) = err.downcast_ref::<ParseParamError>() {
        let reason = humanize_param_reason(&param.reason);
        (
            format!("{}: {reason}", param.name),
            Some(BTreeMap::from([(param.name.to_owned(), vec![reason])])),
        )
    } else if let Some(param) = err.downcast_ref::<ParsePathError>() {
        (
            format!("{}: {}", param.name, param.reason),
            Some(BTreeMap::from([(
                param.name.to_owned(),
                vec![param.reason.clone()],
            )])),
        )
    } else if status == StatusCode::UNAUTHORIZED {
        (
            "Authentication required: send a valid X-API-KEY header.".to_owned(),
            None,
        )
    } else if status.is_server_error() {
        tracing::error!(error = %err, "request failed");
        (
            "Internal server error; it has been logged.".to_owned(),
            None,
        )
    } else if status == StatusCode::NOT_FOUND {
        ("Not found".to_owned(), None)
    } else {
        (err.to_string(), None)
    };
    ErrorBody { message, errors }.into_response(status)
}

/// poem-openapi's parse messages, said as a person would.
fn humanize_param_reason(reason: &str) -> String {
    let bound = |prefix: &str| {
        reason
            .split_once(prefix)
            .and_then(|(_, rest)| rest.split([',', ')']).next())
            .map(str::trim)
    };
    if let Some(min) = bound("minimum(") {
        format!("must be at least {min}")
    } else if let Some(max) = bound("maximum(") {
        format!("must be at most {max}")
    } else if reason.contains("\"integer") {
        "must be a whole number".to_owned()
    } else if reason.contains("\"boolean") {
        "must be true or false".to_owned()
    } else {
        reason.to_owned()
    }
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
        assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(err.retry_after(), Some(2));
        assert_eq!(err.body().message, BUSY);
        holder.close().await.unwrap();
        other.close().await.unwrap();
    }
}
