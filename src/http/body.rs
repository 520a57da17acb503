//! Request bodies: read whole before any handler runs, within a size, a time and a memory budget.
//!
//! - **Size:** over [`MAX_BODY`], whether announced by `Content-Length` or streamed, the answer
//!   is 413 (images have their own, smaller limit).
//! - **Time:** a body that has not arrived whole `VITRINE_HTTP_BODY_TIMEOUT` after its head is
//!   answered 408 and its connection closed.
//! - **Memory:** the bodies being read or held by requests in flight share [`BUDGET`] bytes for
//!   the whole process. Past it, a request is answered 503 with `Retry-After` rather than
//!   letting many large uploads at once take the machine's memory.
//!
//! Errors answer in the request's dialect (CKAN's shape on its Action API, udata's elsewhere).

use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use futures_util::StreamExt;
use poem::http::{HeaderValue, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::ckan::answer::site_refusal;
use crate::error::AppError;
use crate::state::AppState;

/// Largest request body accepted.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// Bytes of request bodies held at once, all requests together: 32 bodies of the largest size.
pub const BUDGET: usize = 32 * MAX_BODY;

static BODIES: Semaphore = Semaphore::const_new(BUDGET);

/// Reads the body whole (see the module's documentation), then calls the endpoint with it.
pub async fn limit_body<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if announced.is_some_and(|length| length > MAX_BODY) {
        return Ok(too_large(&req));
    }
    // HTTP/1.1 without a length or a chunked encoding has no body; HTTP/2 may stream one
    // without announcing it.
    let has_body = match announced {
        Some(length) => length > 0,
        None => {
            req.headers().contains_key(header::TRANSFER_ENCODING)
                || req.version() >= poem::http::Version::HTTP_2
        }
    };
    let mut held = None;
    if has_body {
        let limit = req
            .data::<AppState>()
            .map_or(Duration::from_secs(60), |state| {
                state.config.server.body_timeout
            });
        match tokio::time::timeout(limit, read(&mut req, announced)).await {
            Ok(Ok(permit)) => held = permit,
            Ok(Err(refusal)) => return Ok(site_refusal(&req, refusal)),
            Err(_) => {
                let err = AppError::RequestTimeout(format!(
                    "The request body did not arrive within {} s.",
                    limit.as_secs()
                ));
                let mut answer = site_refusal(&req, err);
                answer
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                return Ok(answer);
            }
        }
    }
    let answer = ep.call(req).await?.into_response();
    drop(held);
    Ok(answer)
}

/// Reads the body into the request, taking its bytes from [`BODIES`] as they come; the permit
/// holds them until the request is answered.
async fn read(
    req: &mut Request,
    announced: Option<usize>,
) -> Result<Option<SemaphorePermit<'static>>, AppError> {
    let mut body = BytesMut::with_capacity(announced.unwrap_or(0));
    let mut held: Option<SemaphorePermit<'static>> = None;
    let mut chunks = req.take_body().into_bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|err| AppError::BadRequest(format!("unreadable body: {err}")))?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_large_error());
        }
        let permit = u32::try_from(chunk.len())
            .ok()
            .and_then(|n| BODIES.try_acquire_many(n).ok())
            .ok_or_else(|| AppError::Unavailable(BUSY.to_owned()))?;
        match &mut held {
            Some(held) => held.merge(permit),
            None => held = Some(permit),
        }
        body.extend_from_slice(&chunk);
    }
    req.set_body(body.freeze());
    Ok(held)
}

/// What a request is told when the bodies in flight already fill the budget.
const BUSY: &str = "The server is receiving too many uploads at once; try again in a few seconds.";

fn too_large_error() -> AppError {
    AppError::PayloadTooLarge(format!(
        "The request body is larger than {} MB.",
        MAX_BODY / (1024 * 1024)
    ))
}

fn too_large(req: &Request) -> Response {
    site_refusal(req, too_large_error())
}
