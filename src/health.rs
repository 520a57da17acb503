//! Health checks for load balancers and orchestrators.
//!
//! - `/healthz/live`: the process answers HTTP. Nothing else is checked: a restart would not
//!   mend a database that is down.
//! - `/healthz/ready`: this instance can serve: the database answers, Redis answers (when one is
//!   configured) and the database has every migration this binary knows. 503 otherwise, naming
//!   what is not ready, so a balancer sends traffic elsewhere meanwhile.
//! - `/healthz`: the overall report (database, cache, catalog sync), 503 only when the database
//!   is down.

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::cache::CacheStatus;
use crate::state::AppState;

/// 200 as long as the process serves.
#[handler]
pub fn live() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// 200 when the database and Redis answer and no migration is pending; 503 naming what fails.
#[handler]
pub async fn ready(state: Data<&AppState>) -> Response {
    let database = state.db.ping().await;
    let migrations = match &database {
        Ok(()) => crate::db::pending_migrations(&state.db).await.ok(),
        Err(_) => None,
    };
    let cache = state.cache.status().await;
    let mut not_ready = Vec::new();
    if database.is_err() {
        not_ready.push("database");
    }
    if migrations != Some(0) && database.is_ok() {
        not_ready.push("migrations");
    }
    if cache == CacheStatus::RedisDown {
        not_ready.push("cache");
    }
    let body = Json(json!({
        "status": if not_ready.is_empty() { "ready" } else { "not ready" },
        "database": if database.is_ok() { "up" } else { "down" },
        "cache": cache.as_str(),
        "pending_migrations": migrations,
        "not_ready": not_ready,
    }));
    if not_ready.is_empty() {
        body.into_response()
    } else {
        tracing::warn!(?not_ready, "not ready");
        body.with_status(StatusCode::SERVICE_UNAVAILABLE)
            .into_response()
    }
}

/// 200 while the database answers; the cache's and the catalog sync's states are reported, not
/// fatal.
#[handler]
pub async fn healthz(state: Data<&AppState>) -> Response {
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
