//! `/metrics` in Prometheus's text format (docs/metrics.md): the requests, counted and timed by
//! route template and status, and what the domain records ([`crate::telemetry`]).
//!
//! Never public unless asked: on the main port only with `VITRINE_METRICS_TOKEN` (as
//! `Authorization: Bearer <token>`), and on `VITRINE_METRICS_BIND`'s listener of its own; with
//! neither, `/metrics` is a 404 and nothing is recorded.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ::metrics::{Unit, counter, describe_counter, describe_histogram, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use poem::error::NotFoundError;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::web::Data;
use poem::{
    Endpoint, EndpointExt, IntoResponse, Middleware, PathPattern, Request, Response, Route, get,
    handler,
};
use sha2::{Digest, Sha256};

use crate::StartError;
use crate::config::Config;
use crate::signin::constant_time_eq;
use crate::state::AppState;
use crate::telemetry;

/// Requests answered, by `method`, `route` (the template, or `unmatched`) and `status`.
pub const REQUESTS: &str = "http_requests_total";
/// Time from a request's arrival to its answer's headers, by `method` and `route`.
pub const DURATION: &str = "http_request_duration_seconds";

/// The histograms' buckets, in seconds: from a cache hit to a request that gave up waiting.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The route of a request no route took: arbitrary paths must not make new series.
const UNMATCHED: &str = "unmatched";

/// How often the histograms' samples are folded into their buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The exposition's media type.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// Only one scrape at a time: the gauges read at scrape time are the process's, and set then.
static SCRAPING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The process's recorder, installed as the global one at the first call (the metrics before
/// that went nowhere).
pub fn recorder() -> &'static PrometheusHandle {
    RECORDER.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .unwrap_or_else(|err| {
                tracing::error!(error = %err, "metrics: histograms without buckets");
                PrometheusBuilder::new()
            });
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if let Err(err) = ::metrics::set_global_recorder(recorder) {
            tracing::error!(error = %err, "metrics: another recorder is installed");
        }
        describe_counter!(
            REQUESTS,
            "HTTP requests answered, by method, route and status."
        );
        describe_histogram!(
            DURATION,
            Unit::Seconds,
            "Time from an HTTP request's arrival to its answer's headers, by method and route."
        );
        telemetry::describe();
        let upkeep = handle.clone();
        let spawned = std::thread::Builder::new()
            .name("metrics-upkeep".to_owned())
            .spawn(move || {
                loop {
                    std::thread::sleep(UPKEEP_EVERY);
                    upkeep.run_upkeep();
                }
            });
        if let Err(err) = spawned {
            tracing::error!(error = %err, "metrics: no upkeep thread; scrapes do it");
        }
        handle
    })
}

/// Counts and times every request ([`REQUESTS`], [`DURATION`]), when metrics are served.
#[derive(Clone, Copy, Debug)]
pub struct Requests {
    enabled: bool,
}

impl Requests {
    /// Installs the recorder when `VITRINE_METRICS_BIND` or `VITRINE_METRICS_TOKEN` is set.
    pub fn new(config: &Config) -> Self {
        let enabled = config.metrics.enabled();
        if enabled {
            recorder();
        }
        Self { enabled }
    }
}

impl<E: Endpoint> Middleware<E> for Requests {
    type Output = RequestsEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        RequestsEndpoint {
            inner: Arc::new(inner),
            enabled: self.enabled,
        }
    }
}

/// The endpoint [`Requests`] makes.
pub struct RequestsEndpoint<E> {
    inner: Arc<E>,
    enabled: bool,
}

impl<E: Endpoint> Endpoint for RequestsEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if !self.enabled {
            return Ok(self.inner.call(req).await?.into_response());
        }
        let method = method_label(req.method());
        let started = Instant::now();
        let answered = self.inner.call(req).await.map(IntoResponse::into_response);
        let elapsed = started.elapsed().as_secs_f64();
        let (status, pattern) = match &answered {
            Ok(response) => (response.status(), response.data::<PathPattern>()),
            Err(err) => (err.status(), err.data::<PathPattern>()),
        };
        let route = route_label(pattern);
        let status = status.as_u16().to_string();
        counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
            .increment(1);
        histogram!(DURATION, "method" => method, "route" => route).record(elapsed);
        answered
    }
}

/// The method, or `other` for one the site has no route for.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route template the router matched (`/reuses/:slug/`), or [`UNMATCHED`].
fn route_label(pattern: Option<&PathPattern>) -> String {
    match pattern {
        Some(pattern) if pattern.0.starts_with('/') => pattern.0.to_string(),
        _ => UNMATCHED.to_owned(),
    }
}

/// `answer`, made of `err`, with the route template the router gave `err` (for the metrics and
/// the request's log line): to call wherever an error becomes an answer inside a route, which
/// would otherwise be counted under its mount point. A path no route took is `unmatched`.
pub fn keep_route(err: &poem::Error, mut answer: Response) -> Response {
    if err.is::<NotFoundError>() {
        answer.set_data(PathPattern(Arc::from(UNMATCHED)));
    } else if let Some(pattern) = err.data::<PathPattern>() {
        answer.set_data(pattern.clone());
    }
    answer
}

/// `/metrics` on the main port: a 404 unless `VITRINE_METRICS_TOKEN` is set, then a 401 to any
/// call without `Authorization: Bearer <token>`.
#[handler]
pub async fn scrape(state: Data<&AppState>, req: &Request) -> poem::Result<Response> {
    let Some(token) = state.config.metrics.token.as_deref() else {
        return Err(NotFoundError.into());
    };
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, sent)| sent.trim());
    // Compared as digests: the time taken tells neither where they differ nor the length.
    if !constant_time_eq(&Sha256::digest(sent), &Sha256::digest(token)) {
        let mut refused = "A bearer token is required."
            .with_status(StatusCode::UNAUTHORIZED)
            .into_response();
        refused.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"metrics\""),
        );
        return Ok(refused);
    }
    Ok(exposition(&state).await)
}

/// `/metrics` on `VITRINE_METRICS_BIND`: open to whoever reaches that address.
#[handler]
async fn scrape_private(state: Data<&AppState>) -> Response {
    exposition(&state).await
}

/// The metrics, the gauges read at scrape time set first.
async fn exposition(state: &AppState) -> Response {
    let handle = recorder();
    let _alone = SCRAPING.lock().await;
    if let Err(err) = telemetry::sample(&state.db).await {
        tracing::warn!(error = %err, "metrics: the outbox could not be counted");
    }
    let mut response = handle
        .render()
        .with_content_type(TEXT_FORMAT)
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The listener of `VITRINE_METRICS_BIND`; stopped when dropped.
pub struct MetricsListener(tokio::task::JoinHandle<()>);

impl Drop for MetricsListener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the listener of `VITRINE_METRICS_BIND`, which serves `/metrics` alone, if it is set
/// (`vitrine serve` and `vitrine worker`): `None` otherwise.
pub async fn listen(state: &AppState) -> Result<Option<MetricsListener>, StartError> {
    let Some(addr) = state.config.metrics.bind else {
        return Ok(None);
    };
    recorder();
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(address = %addr, "metrics listening");
    let app = Route::new()
        .at("/metrics", get(scrape_private))
        .data(state.clone());
    // The main server's loop, with its timeouts: a slow client holds no connection for ever.
    let config = state.config.server.clone();
    let task = tokio::spawn(async move {
        let served = super::server::run(listener, app, config, std::future::pending()).await;
        if let Err(err) = served {
            tracing::error!(error = %err, "metrics: the listener stopped");
        }
    });
    Ok(Some(MetricsListener(task)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use poem::PathPattern;

    use super::{method_label, route_label};

    #[test]
    fn labels_are_of_a_bounded_set() {
        assert_eq!(method_label(&poem::http::Method::GET), "GET");
        assert_eq!(
            method_label(&poem::http::Method::from_bytes(b"BREW").unwrap()),
            "other"
        );
        let pattern = PathPattern(Arc::from("/reuses/:slug/"));
        assert_eq!(route_label(Some(&pattern)), "/reuses/:slug/");
        assert_eq!(route_label(Some(&PathPattern(Arc::from("")))), "unmatched");
        assert_eq!(route_label(None), "unmatched");
    }
}
