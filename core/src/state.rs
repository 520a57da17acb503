//! What every request shares.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::cache::Cache;
use crate::config::Config;
use crate::signin::oauth::Providers;

/// Database pool, cache and configuration; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The shared cache.
    pub cache: Cache,
    /// The configuration read at start-up.
    pub config: Arc<Config>,
    /// Sign-in providers.
    pub providers: Arc<Providers>,
    /// Where images are stored: the data directory or a bucket.
    pub media: crate::media::MediaStore,
    /// Gallery pages being computed (single flight).
    pub flights: Arc<crate::cache::Flights>,
    /// The gallery's in-memory index for anonymous visitors.
    pub gallery: Arc<crate::cache::gallery_index::GalleryIndexes>,
    /// Page views waiting to be written.
    pub views: Arc<crate::cache::page_views::ViewCounter>,
    /// Searches that found nothing, waiting to be written.
    pub misses: Arc<crate::cache::search_misses::MissCounter>,
    /// The clock of the scheduled jobs (moved forward by tests).
    pub clock: crate::clock::Clock,
    /// Whether this is `vitrine demo` (demo sign-in on loopback); nothing else can turn it on.
    pub demo: bool,
}
