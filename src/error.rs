//! The HTTP side of Vitrine's one error type: the status each kind answers with, and the JSON
//! `{"message", "errors"}` body the API and the pages' error handler give.

use std::collections::BTreeMap;

use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::{Body, IntoResponse, Response};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaResponses, Registry};
use poem_openapi::{ApiResponse, Object};
use sea_orm::DbErr;

pub use vitrine_core::error::{AppError, AppResult, ErrorKind, FieldErrors, is_unique_violation};

/// A domain error on its way to an HTTP answer (handlers return [`HttpResult`]; `?` converts).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct HttpError(pub AppError);

/// What a handler returns.
pub type HttpResult<T> = Result<T, HttpError>;

impl From<AppError> for HttpError {
    fn from(err: AppError) -> Self {
        Self(err)
    }
}

impl From<DbErr> for HttpError {
    fn from(err: DbErr) -> Self {
        Self(err.into())
    }
}

impl From<std::sync::Arc<DbErr>> for HttpError {
    fn from(err: std::sync::Arc<DbErr>) -> Self {
        Self(err.into())
    }
}

impl From<vitrine_core::media::MediaError> for HttpError {
    fn from(err: vitrine_core::media::MediaError) -> Self {
        Self(err.into())
    }
}

/// The status each kind of failure answers with.
pub fn status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Gone => StatusCode::GONE,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Upstream => StatusCode::BAD_GATEWAY,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl HttpError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        status(self.0.kind())
    }

    /// The JSON body: what the caller may read.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            message: self.0.public_message(),
            errors: self.0.field_errors().cloned(),
        }
    }
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

impl ResponseError for HttpError {
    fn status(&self) -> StatusCode {
        HttpError::status(self)
    }

    fn as_response(&self) -> Response {
        let status = HttpError::status(self);
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = self.body().into_response(status);
        if let Some(seconds) = self.0.retry_after() {
            response
                .headers_mut()
                .insert("Retry-After", poem::http::HeaderValue::from(seconds));
        }
        response
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        self.as_response()
    }
}

/// The error answers every operation may give, for the OpenAPI document.
#[derive(ApiResponse)]
#[expect(
    dead_code,
    reason = "only describes HttpError's answers in the OpenAPI document"
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

impl ApiResponse for HttpError {
    fn meta() -> MetaResponses {
        ErrorResponses::meta()
    }

    fn register(registry: &mut Registry) {
        ErrorResponses::register(registry);
    }
}

/// Turns any error poem or poem-openapi raises (parse errors, unknown routes, …) into the JSON shape.
pub fn into_json_error(err: &poem::Error) -> Response {
    use poem_openapi::error::{ParseParamError, ParsePathError};
    if let Some(app) = err.downcast_ref::<HttpError>() {
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
