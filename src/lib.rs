//! Vitrine: the showcase of reuses and the discussions of an open-data portal. This crate is
//! the HTTP face (the API, the pages, the middleware); the domain is `vitrine-core`, whose
//! modules are re-exported here under the same names.

pub mod api;
pub mod auth;
pub mod ckan;
pub mod error;
pub mod health;
pub mod http;
pub mod page_cache;
pub mod web;

pub use vitrine_core::{
    actions, cache, clock, config, db, escalation, feeds, i18n, impact, import, jobs, linkcheck,
    mail, markdown, media, models, moderation, notifications, permissions, search, shutdown,
    signin, state, sync, telemetry, urls,
};

use std::sync::Arc;

use poem::middleware::CookieJarManager;
use poem::{Endpoint, EndpointExt, Route, get, handler};

use crate::cache::Cache;
use crate::cache::gallery_index::GalleryIndexes;
use crate::clock::Clock;
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

/// Opens the database and the cache, and fills in what the configuration left to defaults.
pub async fn build_state(mut config: Config) -> Result<AppState, StartError> {
    if config.secret_key.is_empty() {
        config.secret_key = load_or_create_secret(&config)?;
    }
    let db = db::connect(&config).await?;
    let cache = Cache::new(config.redis_url.as_deref(), &config.redis_prefix)?;
    let providers = Providers::new(&config.oauth_providers)
        .map_err(|err| std::io::Error::other(format!("HTTP client for sign-in: {err}")))?;
    let media = media::MediaStore::open(&config)?;
    Ok(AppState {
        gallery: Arc::new(GalleryIndexes::new(db.clone())),
        db,
        cache,
        config: Arc::new(config),
        providers: Arc::new(providers),
        media,
        flights: Arc::default(),
        views: Arc::default(),
        misses: Arc::default(),
        clock: Clock::default(),
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
    let metrics = http::metrics::Requests::new(&state.config);
    let headers = http::security::SecurityHeaders::new(
        &[
            api::service(&public_url).swagger_ui_html(),
            ckan::service(&public_url).swagger_ui_html(),
        ],
        public_url.scheme() == "https",
    )
    .framed_by(&state.config.embed.origins);
    Route::new()
        .at("/healthz", get(health::healthz))
        .at("/healthz/live", get(health::live))
        .at("/healthz/ready", get(health::ready))
        .at("/ping", get(ping))
        .at("/metrics", get(http::metrics::scrape))
        // JSON, errors in the API's shape: outside the pages, whose errors are pages.
        .at("/oembed", get(web::oembed::oembed))
        .nest("/api/1", api::routes(&public_url))
        .nest("/api", ckan::routes(&public_url))
        .nest("/", web::routes())
        .around(page_cache::cache_gallery)
        .around(http::rate::limit_writes)
        .around(auth::resolve_viewer)
        .around(http::security::refuse_nul)
        .with(CookieJarManager::new())
        .around(http::body::limit_body)
        // Outside everything that may refuse a call, so that a script elsewhere reads why.
        .around(http::cors::cors)
        // Boxed: the middleware's nested types would otherwise grow past the compiler's limits.
        .boxed()
        .data(state)
        .around(http::observe::observe)
        .with(metrics)
        .with(headers)
}

/// `pong`, through every middleware and nothing else: the benchmark's yardstick of the
/// framework's own limit.
#[handler]
fn ping() -> &'static str {
    "pong"
}

/// Serves until `shutdown` resolves, then lets requests in flight finish (`VITRINE_HTTP_DRAIN_TIMEOUT`).
pub async fn serve(
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> Result<(), StartError> {
    let listener = tokio::net::TcpListener::bind(state.config.bind).await?;
    serve_on(listener, state, shutdown).await
}

/// Serves on a listener already bound (tests bind port 0 and read it back).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> Result<(), StartError> {
    tracing::info!(address = %listener.local_addr()?, public_url = %state.config.public_url, "listening");
    // Bound before anything starts: a taken VITRINE_METRICS_BIND stops the start.
    let _metrics = http::metrics::listen(&state).await?;
    let flusher = {
        let (db, views, misses) = (state.db.clone(), state.views.clone(), state.misses.clone());
        tokio::spawn(async move {
            let mut every = tokio::time::interval(cache::page_views::FLUSH_EVERY);
            loop {
                every.tick().await;
                views.flush_paced(&db, cache::page_views::FLUSH_PAUSE).await;
                misses.flush(&db).await;
            }
        })
    };
    let (stop_jobs, stop) = shutdown::stop_signal();
    let mailer = state.config.mail_worker.then(|| {
        tokio::spawn(mail::worker::run(
            state.db.clone(),
            state.config.clone(),
            stop,
        ))
    });
    let jobs = crate::jobs::Jobs::start(&state);
    let (db, views, misses) = (state.db.clone(), state.views.clone(), state.misses.clone());
    let server = state.config.server.clone();
    let drain = server.drain_timeout;
    // The mail worker hears the signal with the server, and finishes its claimed mails while
    // the requests in flight finish.
    let shutdown = async move {
        shutdown.await;
        stop_jobs.stop();
    };
    let served = http::server::run(listener, app(state), server, shutdown).await;
    flusher.abort();
    jobs.stop();
    if let Some(mailer) = mailer
        && tokio::time::timeout(drain, mailer).await.is_err()
    {
        tracing::warn!("the mail worker was still sending after the drain timeout");
    }
    views.flush(&db).await;
    misses.flush(&db).await;
    served?;
    Ok(())
}
