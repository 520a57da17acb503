//! CKAN's envelope around every answer: `{help, success, result}`, and
//! `{help, success: false, error: {__type, message | field: [messages]}}` with CKAN's statuses
//! (409 invalid input, 404 not found, 403 not authorized, 400 an unknown action or a body that
//! is not a JSON object).

use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::{Body, Endpoint, IntoResponse, Request, Response};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaResponses, Registry};
use poem_openapi::types::{ParseFromJSON, ToJSON};
use poem_openapi::{ApiResponse, Object};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use url::Url;

use crate::error::{AppError, ErrorKind};
use crate::http::dialect::ckan_action;
use crate::state::AppState;
use crate::urls::link;

/// A successful answer.
#[derive(Object)]
pub struct Envelope<T: ParseFromJSON + ToJSON> {
    /// Where the action is documented.
    pub help: String,
    /// Always `true` here.
    pub success: bool,
    /// What the action gives.
    pub result: T,
}

/// What an action answers: its result in the envelope, or a [`Failure`].
#[derive(ApiResponse)]
pub enum Answer<T: ParseFromJSON + ToJSON + Send> {
    /// Done.
    #[oai(status = 200)]
    Ok(Json<Envelope<T>>),
}

/// What a handler returns.
pub type ActionResult<T> = Result<Answer<T>, Failure>;

/// The documentation of `action` (its operation in the Swagger page).
pub fn help_link(public_url: &Url, action: &str) -> String {
    link(public_url, &format!("api/3/docs/#/default/{action}"))
}

/// `result` as `action`'s answer.
pub fn done<T: ParseFromJSON + ToJSON + Send>(
    state: &AppState,
    action: &str,
    result: T,
) -> ActionResult<T> {
    Ok(Answer::Ok(Json(Envelope {
        help: help_link(&state.config.public_url, action),
        success: true,
        result,
    })))
}

/// The result of an action that gives nothing (a deletion, a dismissal): `null`, as CKAN
/// answers, documented as such (a `string` alone would refuse it).
pub struct Null;

impl poem_openapi::types::Type for Null {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> std::borrow::Cow<'static, str> {
        "null".into()
    }

    fn schema_ref() -> poem_openapi::registry::MetaSchemaRef {
        poem_openapi::registry::MetaSchemaRef::Inline(Box::new(
            poem_openapi::registry::MetaSchema {
                nullable: true,
                ..poem_openapi::registry::MetaSchema::new("string")
            },
        ))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(std::iter::once(self))
    }
}

impl ParseFromJSON for Null {
    fn parse_from_json(value: Option<Value>) -> poem_openapi::types::ParseResult<Self> {
        match value {
            None | Some(Value::Null) => Ok(Self),
            Some(other) => Err(poem_openapi::types::ParseError::expected_type(other)),
        }
    }
}

impl ToJSON for Null {
    fn to_json(&self) -> Option<Value> {
        Some(Value::Null)
    }
}

/// A failure on its way to CKAN's error shape (handlers return [`ActionResult`]).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A domain error.
    #[error(transparent)]
    App(AppError),
    /// A search query Vitrine cannot read (CKAN's `Search Query Error`, 400).
    #[error("Search Query is invalid: {0}")]
    SearchQuery(String),
}

impl<E: Into<AppError>> From<E> for Failure {
    fn from(err: E) -> Self {
        Self::App(err.into())
    }
}

/// Vitrine's names for the fields whose CKAN names differ.
const FIELD_NAMES: [(&str, &str); 6] = [
    ("slug", "name"),
    ("description", "notes"),
    ("organization", "owner_org"),
    ("datasets", "package_id"),
    ("type", "reuse_type"),
    ("topic", "reuse_topic"),
];

fn ckan_field(field: &str) -> &str {
    FIELD_NAMES
        .iter()
        .find(|(ours, _)| *ours == field)
        .map_or(field, |(_, theirs)| theirs)
}

impl Failure {
    /// CKAN's status and `error` object for this failure.
    pub fn parts(&self) -> (StatusCode, Value) {
        let err = match self {
            Self::App(err) => err,
            Self::SearchQuery(_) => {
                let message = self.to_string();
                return (
                    StatusCode::BAD_REQUEST,
                    json!({"__type": "Search Query Error", "message": message}),
                );
            }
        };
        let message = err.public_message();
        let typed = |kind: &str, message: String| json!({"__type": kind, "message": message});
        match err.kind() {
            ErrorKind::Invalid | ErrorKind::Conflict => {
                let mut error = Map::new();
                error.insert("__type".into(), "Validation Error".into());
                match err.field_errors() {
                    Some(fields) => {
                        for (field, messages) in fields {
                            error.insert(ckan_field(field).to_owned(), json!(messages));
                        }
                    }
                    None => {
                        error.insert("message".into(), message.into());
                    }
                }
                (StatusCode::CONFLICT, Value::Object(error))
            }
            ErrorKind::Unauthenticated | ErrorKind::Forbidden => (
                StatusCode::FORBIDDEN,
                typed("Authorization Error", format!("Access denied: {message}")),
            ),
            ErrorKind::NotFound | ErrorKind::Gone => (
                StatusCode::NOT_FOUND,
                typed("Not Found Error", format!("Not found: {message}")),
            ),
            other => {
                let status = crate::error::status(other);
                if status.is_server_error() {
                    tracing::error!(error = %err, "CKAN action failed");
                }
                let kind = status.canonical_reason().unwrap_or("Error");
                (status, typed(kind, message))
            }
        }
    }
}

impl Failure {
    /// The whole answer, `help` naming the action's documentation.
    fn answer(&self, help: String) -> Response {
        let (status, error) = self.parts();
        let mut response = failure_response(status, help, error);
        if let Self::App(err) = self
            && let Some(seconds) = err.retry_after()
        {
            response
                .headers_mut()
                .insert("Retry-After", poem::http::HeaderValue::from(seconds));
        }
        response
    }
}

impl ResponseError for Failure {
    fn status(&self) -> StatusCode {
        self.parts().0
    }

    fn as_response(&self) -> Response {
        self.answer(String::new())
    }
}

/// CKAN's error envelope: what the document says failures look like.
#[derive(Object)]
pub struct FailureEnvelope {
    /// Where the action is documented.
    pub help: String,
    /// Always `false`.
    pub success: bool,
    /// `__type` (`Validation Error`, `Not Found Error`, `Authorization Error`, `Bad Request`)
    /// and `message`, or for invalid input a list of messages for each field.
    pub error: std::collections::BTreeMap<String, Value>,
}

/// The failures every action may give, for the OpenAPI document.
#[derive(ApiResponse)]
#[expect(dead_code, reason = "only describes Failure's answers in the document")]
enum Failures {
    /// An unknown action, or a body that is not a JSON object.
    #[oai(status = 400)]
    BadRequest(Json<FailureEnvelope>),
    /// No key, a wrong key, or not allowed.
    #[oai(status = 403)]
    Forbidden(Json<FailureEnvelope>),
    /// Not found.
    #[oai(status = 404)]
    NotFound(Json<FailureEnvelope>),
    /// Invalid input: each field and why.
    #[oai(status = 409)]
    Conflict(Json<FailureEnvelope>),
    /// Body too large.
    #[oai(status = 413)]
    PayloadTooLarge(Json<FailureEnvelope>),
    /// Too many writes.
    #[oai(status = 429)]
    TooManyRequests(Json<FailureEnvelope>),
    /// Temporarily unavailable.
    #[oai(status = 503)]
    Unavailable(Json<FailureEnvelope>),
}

impl ApiResponse for Failure {
    fn meta() -> MetaResponses {
        Failures::meta()
    }

    fn register(registry: &mut Registry) {
        Failures::register(registry);
    }
}

/// `err`, refused by a middleware the whole site shares (a body too large): in CKAN's shape
/// when the request names an action, in udata's otherwise.
pub fn site_refusal(req: &Request, err: AppError) -> Response {
    match ckan_action(req.uri().path()) {
        Some(action) => {
            let help = req
                .data::<AppState>()
                .map(|state| help_link(&state.config.public_url, action))
                .unwrap_or_default();
            Failure::App(err).answer(help)
        }
        None => crate::error::HttpError(err).into_response(),
    }
}

/// [`site_refusal`] of a request whose body no handler will read (a key that does not hold, a
/// missing CSRF token, a NUL in the URL, too many writes): the body is read first (the site's
/// body limit has already bounded it), since a connection whose request body was left unread
/// is closed under the client, which may have sent its next request on it meanwhile.
pub async fn refuse_unread(req: &mut Request, err: AppError) -> Response {
    // What could not be read changes nothing: the answer is the refusal either way.
    let _ = req.take_body().into_vec().await;
    site_refusal(req, err)
}

fn failure_response(status: StatusCode, help: String, error: Value) -> Response {
    let body = json!({"help": help, "success": false, "error": error});
    Response::builder()
        .status(status)
        .content_type("application/json;charset=utf-8")
        .body(Body::from(body.to_string()))
}

/// Answers every failure of the Action API in CKAN's shape, its `help` naming the action:
/// the handlers' [`Failure`]s, and what poem and poem-openapi refuse before a handler runs
/// (an unknown action, a read's parameter that does not parse, a write sent by GET).
pub async fn in_envelope<E: Endpoint>(ep: Arc<E>, req: Request) -> poem::Result<Response> {
    let action = ckan_action(req.original_uri().path())
        .unwrap_or_default()
        .to_owned();
    let help = req
        .data::<AppState>()
        .map(|state| help_link(&state.config.public_url, &action))
        .unwrap_or_default();
    let err = match ep.call(req).await {
        Ok(response) => return Ok(response.into_response()),
        Err(err) => err,
    };
    let answer = match err.downcast_ref::<Failure>() {
        Some(failure) => failure.answer(help),
        None => {
            let (status, error) = refusal(&err, &action);
            failure_response(status, help, error)
        }
    };
    Ok(crate::http::metrics::keep_route(&err, answer))
}

/// CKAN's answer to what poem refused before any handler ran.
fn refusal(err: &poem::Error, action: &str) -> (StatusCode, Value) {
    use poem_openapi::error::{ParseParamError, ParseRequestPayloadError};
    let bad_request = |message: String| {
        (
            StatusCode::BAD_REQUEST,
            json!({"__type": "Bad Request", "message": format!("Bad request - {message}")}),
        )
    };
    if let Some(param) = err.downcast_ref::<ParseParamError>() {
        let reason = if param.reason.contains("expects an input value") {
            "Missing value".to_owned()
        } else {
            param.reason.clone()
        };
        let mut error = Map::new();
        error.insert("__type".into(), "Validation Error".into());
        error.insert(param.name.to_owned(), json!([reason]));
        return (StatusCode::CONFLICT, Value::Object(error));
    }
    if let Some(payload) = err.downcast_ref::<ParseRequestPayloadError>() {
        return (
            StatusCode::CONFLICT,
            json!({"__type": "Validation Error", "message": payload.reason}),
        );
    }
    match err.status() {
        StatusCode::NOT_FOUND => bad_request(format!("Action name not known: {action}")),
        StatusCode::METHOD_NOT_ALLOWED => bad_request(
            "JSON Error: Invalid request. Please use POST method for your request".to_owned(),
        ),
        status if status.is_client_error() => bad_request(err.to_string()),
        status => {
            tracing::error!(error = %err, "CKAN action failed");
            let kind = status.canonical_reason().unwrap_or("Error");
            (
                status,
                json!({"__type": kind, "message": "Internal server error; it has been logged."}),
            )
        }
    }
}
