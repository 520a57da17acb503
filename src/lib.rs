//! Vitrine: the showcase of reuses and the discussions of an open-data portal. This crate is
//! the HTTP face (the API, the pages, the middleware); the domain is `vitrine-core`, whose
//! modules are re-exported here under the same names.

pub mod api;
pub mod auth;
pub mod ckan;
pub mod error;
pub mod http;
pub mod page_cache;
pub mod web;

pub use vitrine_core::{
    actions, cache, clock, config, db, feeds, i18n, import, mail, markdown, media, models,
    moderation, notifications, permissions, search, signin, state, sync, urls,
};

use std::sync::Arc;
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::{CookieJarManager, Tracing};
use poem::web::{Data, Json};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, Server, get, handler};

use crate::cache::Cache;
use crate::cache::gallery_index::GalleryIndexes;
use crate::config::Config;
use crate::signin::oauth::Providers;
use crate::state::AppState;

/// Why Vitrine could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// The cache could not be set up.
    #[error("VITRINE_REDIS_URL: {0}")]
    Cache(#[from] redis::RedisError),
    /// A file or socket could not be used.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Largest request body accepted (images have their own, smaller limit).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Opens the database and the cache, and fills in what the configuration left to defaults.
pub async fn build_state(mut config: Config) -> Result<AppState, StartError> {
    if config.secret_key.is_empty() {
        config.secret_key = load_or_create_secret(&config)?;
    }
    let db = db::connect(&config).await?;
    let cache = Cache::new(config.redis_url.as_deref(), &config.redis_prefix)?;
    let providers = Providers::new(&config.oauth_providers)
        .map_err(|err| std::io::Error::other(format!("HTTP client for sign-in: {err}")))?;
    Ok(AppState {
        gallery: Arc::new(GalleryIndexes::new(db.clone())),
        db,
        cache,
        config: Arc::new(config),
        providers: Arc::new(providers),
        flights: Arc::default(),
        views: Arc::default(),
        demo: false,
    })
}

/// Without `VITRINE_SECRET_KEY`, a random key kept in the data directory so restarts keep it.
fn load_or_create_secret(config: &Config) -> std::io::Result<String> {
    let path = config.data_dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(key) if key.trim().len() >= 32 => return Ok(key.trim().to_owned()),
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let key = hex::encode(rand::random::<[u8; 32]>());
    std::fs::write(&path, &key)?;
    Ok(key)
}

/// Every route of the site with its middleware.
pub fn app(state: AppState) -> impl Endpoint {
    let public_url = state.config.public_url.clone();
    let headers = http::security::SecurityHeaders::new(
        &[
            api::service(&public_url).swagger_ui_html(),
            ckan::service(&public_url).swagger_ui_html(),
        ],
        public_url.scheme() == "https",
    );
    Route::new()
        .at("/healthz", get(healthz))
        .at("/ping", get(ping))
        .nest("/api/1", api::routes(&public_url))
        .nest("/api", ckan::routes(&public_url))
        .nest("/", web::routes())
        .around(page_cache::cache_gallery)
        .around(http::rate::limit_writes)
        .around(auth::resolve_viewer)
        .around(http::security::refuse_nul)
        .with(CookieJarManager::new())
        .around(limit_body)
        // Outside everything that may refuse a call, so that a script elsewhere reads why.
        .around(http::cors::cors)
        .data(state)
        .with(Tracing)
        .with(headers)
}

/// Refuses bodies over [`MAX_BODY`] with 413, whether announced by `Content-Length` or streamed.
async fn limit_body<E: Endpoint>(ep: Arc<E>, mut req: Request) -> poem::Result<Response> {
    // In CKAN's shape for the Action API, in udata's elsewhere.
    let too_large = |req: &Request| {
        let err = error::AppError::PayloadTooLarge(format!(
            "The request body is larger than {} MB.",
            MAX_BODY / (1024 * 1024)
        ));
        ckan::answer::site_refusal(req, err)
    };
    let announced = req
        .headers()
        .get(poem::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    match announced {
        Some(length) if length > MAX_BODY => return Ok(too_large(&req)),
        Some(_) => {}
        None if req
            .headers()
            .contains_key(poem::http::header::TRANSFER_ENCODING) =>
        {
            match req.take_body().into_bytes_limit(MAX_BODY).await {
                Ok(bytes) => req.set_body(bytes),
                Err(poem::error::ReadBodyError::PayloadTooLarge) => return Ok(too_large(&req)),
                Err(err) => return Err(err.into()),
            }
        }
        None => {}
    }
    Ok(ep.call(req).await?.into_response())
}

/// `pong`, through every middleware and nothing else: the benchmark's yardstick of the
/// framework's own limit.
#[handler]
fn ping() -> &'static str {
    "pong"
}

/// 200 while the database answers; the cache's and the catalog sync's states are reported, not
/// fatal.
#[handler]
async fn healthz(state: Data<&AppState>) -> Response {
    let database = state.db.ping().await;
    let cache = state.cache.status().await;
    let sync = match &database {
        // Public: which machine holds the lease is the admins' business.
        Ok(()) => crate::sync::status(&state.db, &state.config)
            .await
            .ok()
            .flatten()
            .map(|status| crate::sync::SyncStatus {
                lease_owner: None,
                ..status
            }),
        Err(_) => None,
    };
    let body = Json(serde_json::json!({
        "status": if database.is_ok() { "ok" } else { "unavailable" },
        "database": if database.is_ok() { "up" } else { "down" },
        "cache": cache.as_str(),
        "sync": sync,
    }));
    if let Err(err) = &database {
        tracing::error!(error = %err, "health check: database down");
        return body
            .with_status(poem::http::StatusCode::SERVICE_UNAVAILABLE)
            .into_response();
    }
    body.into_response()
}

/// Serves until `shutdown` resolves, then lets requests in flight finish (up to 10 s).
pub async fn serve(
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> Result<(), StartError> {
    let acceptor = TcpListener::bind(state.config.bind).into_acceptor().await?;
    serve_on(acceptor, state, shutdown).await
}

/// Serves on an acceptor already bound (tests bind port 0 and read it back).
pub async fn serve_on(
    acceptor: impl Acceptor + 'static,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> Result<(), StartError> {
    for addr in acceptor.local_addr() {
        tracing::info!(address = %addr, public_url = %state.config.public_url, "listening");
    }
    let flusher = {
        let (db, views) = (state.db.clone(), state.views.clone());
        tokio::spawn(async move {
            let mut every = tokio::time::interval(cache::page_views::FLUSH_EVERY);
            loop {
                every.tick().await;
                views.flush_paced(&db, cache::page_views::FLUSH_PAUSE).await;
            }
        })
    };
    let mailer = state
        .config
        .mail_worker
        .then(|| tokio::spawn(mail::worker::run(state.db.clone(), state.config.clone())));
    let sync = tokio::spawn(crate::sync::schedule(state.clone()));
    let (db, views) = (state.db.clone(), state.views.clone());
    let served = Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app(state), shutdown, Some(Duration::from_secs(10)))
        .await;
    flusher.abort();
    sync.abort();
    if let Some(mailer) = mailer {
        mailer.abort();
    }
    views.flush(&db).await;
    served?;
    Ok(())
}
