//! Keeping the current generation's index: served while fresh, rebuilt in the background after
//! writes, one build at a time and spaced out.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use sea_orm::DatabaseConnection;

use super::GalleryIndex;

/// Shortest time between the starts of two builds, so a burst of writes costs one rebuild.
pub const REBUILD_GAP: Duration = Duration::from_secs(2);

/// Age after which an index of the current generation is rebuilt all the same (the page
/// cache's time to live), for the views counted since.
pub const REFRESH_AFTER: Duration = Duration::from_secs(300);

/// When the last build started, how long it took, and whether one is running.
#[derive(Default)]
struct Builds {
    started: Option<Instant>,
    took: Duration,
    running: bool,
}

/// The index of the current generation, rebuilt in the background after writes.
pub struct GalleryIndexes {
    db: DatabaseConnection,
    current: RwLock<Option<Arc<GalleryIndex>>>,
    building: Mutex<Builds>,
}

impl GalleryIndexes {
    /// No index yet; builds read from `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            current: RwLock::new(None),
            building: Mutex::default(),
        }
    }

    /// The index of `generation` if this instance has it; otherwise starts building it (unless
    /// a build runs, or the last one started too recently) and answers `None`.
    ///
    /// An index older than [`REFRESH_AFTER`] is still served while the next is built: no write
    /// changed what it lists, but views, which are not writes, may have changed their order.
    pub fn of(self: &Arc<Self>, generation: u64) -> Option<Arc<GalleryIndex>> {
        let current = self.current.read().ok().and_then(|current| current.clone());
        let current = current.filter(|index| index.generation == generation);
        if current
            .as_ref()
            .is_some_and(|index| index.built.elapsed() < REFRESH_AFTER)
        {
            return current;
        }
        self.start_build(generation);
        current
    }

    fn start_build(self: &Arc<Self>, generation: u64) {
        let start = match self.building.lock() {
            Ok(mut building) => {
                let gap = REBUILD_GAP.max(building.took * 5);
                let due = building
                    .started
                    .is_none_or(|started| started.elapsed() >= gap);
                if building.running || !due {
                    false
                } else {
                    building.started = Some(Instant::now());
                    building.running = true;
                    true
                }
            }
            Err(_) => false,
        };
        if start {
            let indexes = self.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                match GalleryIndex::build(&indexes.db, generation).await {
                    Ok(index) => {
                        tracing::info!(
                            generation,
                            reuses = index.ids.len(),
                            took_ms = started.elapsed().as_millis(),
                            "gallery index built"
                        );
                        if let Ok(mut current) = indexes.current.write() {
                            *current = Some(Arc::new(index));
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "gallery index not built"),
                }
                if let Ok(mut building) = indexes.building.lock() {
                    building.running = false;
                    building.took = building
                        .started
                        .map(|started| started.elapsed())
                        .unwrap_or_default();
                }
            });
        }
    }
}
