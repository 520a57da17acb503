//! The gallery index: what anonymous visitors may see of the reuse list, held in memory by
//! each instance for one gallery generation, so that a filtered, sorted page of the catalog is
//! picked without the database.
//!
//! A page far down a filtered sort makes the database walk a sort index and probe each reuse it
//! passes (tens of milliseconds at 100,000 reuses, docs/performance.md); here the same page
//! costs a scan of compact entries. Each entry keeps its rank in every sort as the database
//! orders it (its collation for titles), so the order is the database's own, and the page's
//! reuses are then read by id.
//!
//! An index serves only the generation it was built for: a write bumps the generation, and
//! until the next index is built (in the background, one at a time, spaced by [`REBUILD_GAP`]
//! or five times the last build's duration, whichever is longer: rebuilding takes the
//! database about a second at portal scale, and writes in a row must not keep it at that)
//! the list comes from the database as before.

mod build;
mod query;
mod refresh;

use std::collections::HashMap;
use std::time::Instant;

pub use refresh::{GalleryIndexes, REBUILD_GAP, REFRESH_AFTER};

/// Sort keys, in the order of each reuse's ranks (udata's names).
pub const SORT_KEYS: [&str; 6] = [
    "title",
    "created",
    "last_modified",
    "datasets",
    "followers",
    "views",
];

/// What no interned value is.
const NONE: u32 = u32::MAX;

/// What the filters of one visible reuse look at, packed (12 bytes: the whole catalog's fit a
/// processor's cache, so a page walked across it is a scan, not a chase through memory).
#[derive(Clone, Copy)]
struct Keys {
    kind: u8,
    topic: u8,
    featured: bool,
    archived: bool,
    organization: u32,
    owner: u32,
}

/// Strings kept once, as numbers.
#[derive(Default)]
struct Interned(HashMap<Box<str>, u32>);

impl Interned {
    fn add(&mut self, value: Option<String>) -> u32 {
        let Some(value) = value else { return NONE };
        let next = u32::try_from(self.0.len()).unwrap_or(NONE);
        *self.0.entry(value.into_boxed_str()).or_insert(next)
    }

    /// For types and topics, a few dozen at most (more would share the last number, and the
    /// index would refuse to answer: see [`GalleryIndex::page`]).
    fn add_small(&mut self, value: Option<String>) -> u8 {
        u8::try_from(self.add(value)).unwrap_or(u8::MAX)
    }

    fn get(&self, value: &str) -> u32 {
        self.0.get(value).copied().unwrap_or(NONE - 1)
    }
}

/// The visible reuses of one generation, with their tags, datasets and sort ranks.
pub struct GalleryIndex {
    generation: u64,
    built: Instant,
    /// By position: each reuse's id, filter keys, and rank in each sort of [`SORT_KEYS`]
    /// (ascending, ties broken by id, as the database orders them).
    ids: Vec<Box<str>>,
    keys: Vec<Keys>,
    ranks: Vec<[u32; 6]>,
    kinds: Interned,
    topics: Interned,
    organizations: Interned,
    owners: Interned,
    /// Entries (positions, ascending) by tag and by dataset id.
    by_tag: HashMap<Box<str>, Vec<u32>>,
    by_dataset: HashMap<Box<str>, Vec<u32>>,
    /// On PostgreSQL, entries by lexeme of their text-search vector, lexemes in byte order (as
    /// PostgreSQL compares them for prefixes); `None` elsewhere.
    by_lexeme: Option<Vec<(Box<str>, Vec<u32>)>>,
    /// Entries in ascending order of each sort.
    orders: [Vec<u32>; 6],
}

/// What a page of the index holds: its reuses' ids in order, and the number of all matches.
pub struct IndexPage {
    pub ids: Vec<String>,
    pub total: u64,
}

impl GalleryIndex {
    /// The generation this index was built for.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}
