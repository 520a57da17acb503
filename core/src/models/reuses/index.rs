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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use sea_orm::{DatabaseConnection, DbBackend, DbErr, Statement, StreamTrait};

use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::models::text::normalize_tags;
use crate::search::Lexeme;

/// Shortest time between the starts of two builds, so a burst of writes costs one rebuild.
pub const REBUILD_GAP: Duration = Duration::from_secs(2);

/// Age after which an index of the current generation is rebuilt all the same (the page
/// cache's time to live), for the views counted since.
pub const REFRESH_AFTER: Duration = Duration::from_secs(300);

/// Sort keys, in the order of each reuse's ranks (udata's names).
pub const SORT_KEYS: [&str; 6] = [
    "title",
    "created",
    "last_modified",
    "datasets",
    "followers",
    "views",
];
const SORT_COLUMNS: [&str; 6] = [
    "title",
    "created_at",
    "last_modified",
    "datasets_count",
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

/// The visibility of anonymous visitors, as SQL (the same as `visible_to` for them).
const VISIBLE: &str = "private = false AND deleted IS NULL AND datasets_count > 0";

impl GalleryIndex {
    /// Reads the visible reuses, their tags and their datasets (three queries) for `generation`.
    pub async fn build(db: &DatabaseConnection, generation: u64) -> Result<Self, DbErr> {
        let backend = db.get_database_backend();
        let ranks: Vec<String> = SORT_COLUMNS
            .iter()
            .map(|column| format!("ROW_NUMBER() OVER (ORDER BY \"{column}\", \"id\")"))
            .collect();
        let mut index = Self {
            generation,
            built: Instant::now(),
            ids: Vec::new(),
            keys: Vec::new(),
            ranks: Vec::new(),
            kinds: Interned::default(),
            topics: Interned::default(),
            organizations: Interned::default(),
            owners: Interned::default(),
            by_tag: HashMap::new(),
            by_dataset: HashMap::new(),
            by_lexeme: None,
            orders: Default::default(),
        };
        // Streamed: the rows of the catalog are never all in memory at once.
        let reuses = db
            .stream_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT id, type, topic, organization_id, owner_id, featured, \
                     archived IS NOT NULL, {} FROM reuses WHERE {VISIBLE}",
                    ranks.join(", ")
                ),
            ))
            .await?;
        let mut reuses = Box::pin(reuses);
        let mut position: HashMap<String, u32> = HashMap::new();
        while let Some(row) = reuses.try_next().await? {
            let id: String = row.try_get_by_index(0)?;
            let mut ranks = [0; 6];
            for (sort, rank) in ranks.iter_mut().enumerate() {
                let value: i64 = row.try_get_by_index(7 + sort)?;
                *rank = u32::try_from(value).unwrap_or(NONE);
            }
            index.keys.push(Keys {
                kind: index.kinds.add_small(row.try_get_by_index(1)?),
                topic: index.topics.add_small(row.try_get_by_index(2)?),
                organization: index.organizations.add(row.try_get_by_index(3)?),
                owner: index.owners.add(row.try_get_by_index(4)?),
                featured: row.try_get_by_index(5)?,
                archived: row.try_get_by_index(6)?,
            });
            index.ranks.push(ranks);
            position.insert(id.clone(), u32::try_from(index.ids.len()).unwrap_or(NONE));
            index.ids.push(id.into_boxed_str());
        }
        // Its connection goes back to the pool before the next query takes one.
        drop(reuses);
        for (table, column, postings) in [
            ("reuse_tags", "tag", &mut index.by_tag),
            ("reuse_datasets", "dataset_id", &mut index.by_dataset),
        ] {
            let rows = db
                .stream_raw(Statement::from_string(
                    backend,
                    format!("SELECT reuse_id, {column} FROM {table}"),
                ))
                .await?;
            let mut rows = std::pin::pin!(rows);
            while let Some(row) = rows.try_next().await? {
                let reuse: String = row.try_get_by_index(0)?;
                let Some(&at) = position.get(&reuse) else {
                    continue;
                };
                let key: String = row.try_get_by_index(1)?;
                postings.entry(key.into_boxed_str()).or_default().push(at);
            }
            for list in postings.values_mut() {
                list.sort_unstable();
                list.dedup();
                list.shrink_to_fit();
            }
        }
        if backend == DbBackend::Postgres {
            let rows = db
                .stream_raw(Statement::from_string(
                    backend,
                    format!(
                        "SELECT id, unnest(tsvector_to_array(search)) FROM reuses \
                         WHERE {VISIBLE} AND search IS NOT NULL"
                    ),
                ))
                .await?;
            let mut rows = std::pin::pin!(rows);
            let mut by_lexeme: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            while let Some(row) = rows.try_next().await? {
                let reuse: String = row.try_get_by_index(0)?;
                if let Some(&at) = position.get(&reuse) {
                    let lexeme: String = row.try_get_by_index(1)?;
                    by_lexeme
                        .entry(lexeme.into_boxed_str())
                        .or_default()
                        .push(at);
                }
            }
            let mut by_lexeme: Vec<(Box<str>, Vec<u32>)> = by_lexeme.into_iter().collect();
            for (_, list) in &mut by_lexeme {
                list.sort_unstable();
                list.dedup();
                list.shrink_to_fit();
            }
            by_lexeme.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            index.by_lexeme = Some(by_lexeme);
        }
        for (sort, order) in index.orders.iter_mut().enumerate() {
            let ranks = &index.ranks;
            *order = (0..u32::try_from(ranks.len()).unwrap_or(NONE)).collect();
            order.sort_unstable_by_key(|&at| ranks[at as usize][sort]);
        }
        Ok(index)
    }

    /// The generation this index was built for.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// One page of `filter` sorted by `sort` (an index of [`SORT_KEYS`]), or `None` when the
    /// index cannot answer it: words to search for without their `lexemes` (see
    /// [`lexemes_of`]), or on a database that has none. The organization filter must already
    /// be an organization id.
    ///
    /// [`lexemes_of`]: crate::search::lexemes_of
    pub fn page(
        &self,
        filter: &ReuseFilter,
        lexemes: Option<&[Lexeme]>,
        sort: usize,
        descending: bool,
        paging: Paging,
    ) -> Option<IndexPage> {
        let searching = filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
        if sort >= SORT_KEYS.len() || (searching && lexemes.is_none()) {
            return None;
        }
        let matching_words = match lexemes.filter(|_| searching) {
            Some(lexemes) => Some(self.with_lexemes(lexemes)?),
            None => None,
        };
        let empty = IndexPage {
            ids: Vec::new(),
            total: 0,
        };
        // Anonymous visitors see no private reuse.
        if filter.private == Some(true) {
            return Some(empty);
        }
        let wanted = |value: &Option<String>, interned: &Interned| {
            value.as_deref().map(|value| interned.get(value))
        };
        let small = |value: Option<u32>| value.map(|value| u8::try_from(value).unwrap_or(u8::MAX));
        let (kind, topic) = (
            small(wanted(&filter.kind, &self.kinds)),
            small(wanted(&filter.topic, &self.topics)),
        );
        if kind == Some(u8::MAX) || topic == Some(u8::MAX) {
            // Not in the catalog, or more types or topics than the keys tell apart.
            return (self.kinds.0.len() < 255 && self.topics.0.len() < 255).then_some(empty);
        }
        let organization = wanted(&filter.organization, &self.organizations);
        let owner = wanted(&filter.owner, &self.owners);
        let keeps = |at: u32| {
            let entry = &self.keys[at as usize];
            kind.is_none_or(|kind| entry.kind == kind)
                && topic.is_none_or(|topic| entry.topic == topic)
                && organization.is_none_or(|organization| entry.organization == organization)
                && owner.is_none_or(|owner| entry.owner == owner)
                && filter
                    .featured
                    .is_none_or(|featured| entry.featured == featured)
                && filter
                    .archived
                    .is_none_or(|archived| entry.archived == archived)
        };
        let (first, size) = (
            usize::try_from(paging.offset()).unwrap_or(usize::MAX),
            usize::try_from(paging.page_size).unwrap_or(usize::MAX),
        );
        let mut lists: Vec<&Vec<u32>> = Vec::new();
        if let Some(words) = &matching_words {
            if words.is_empty() {
                return Some(empty);
            }
            lists.extend(words.iter());
        }
        for tag in normalize_tags(&filter.tags) {
            match self.by_tag.get(tag.as_str()) {
                Some(list) => lists.push(list),
                None => return Some(empty),
            }
        }
        if let Some(dataset) = &filter.dataset {
            match self.by_dataset.get(dataset.as_str()) {
                Some(list) => lists.push(list),
                None => return Some(empty),
            }
        }
        if let Some(shortest) = lists.iter().min_by_key(|list| list.len()) {
            // A tag or a dataset: a few thousand reuses at most, gathered, then sorted.
            let mut matches: Vec<u32> = shortest
                .iter()
                .copied()
                .filter(|at| lists.iter().all(|list| list.binary_search(at).is_ok()))
                .filter(|&at| keeps(at))
                .collect();
            matches.sort_unstable_by_key(|&at| self.ranks[at as usize][sort]);
            if descending {
                matches.reverse();
            }
            let total = matches.len();
            return Some(self.page_of(matches.into_iter().skip(first).take(size), total));
        }
        // The whole catalog, or a type or topic of it: counted in one pass over the packed
        // keys, and walked in sort order until the page is full.
        let total = (0..u32::try_from(self.keys.len()).unwrap_or(NONE))
            .filter(|&at| keeps(at))
            .count();
        let order = &self.orders[sort];
        let matching = |at: &&u32| keeps(**at);
        let picked: Vec<u32> = if descending {
            order
                .iter()
                .rev()
                .filter(matching)
                .skip(first)
                .take(size)
                .copied()
                .collect()
        } else {
            order
                .iter()
                .filter(matching)
                .skip(first)
                .take(size)
                .copied()
                .collect()
        };
        Some(self.page_of(picked.into_iter(), total))
    }

    /// For each lexeme, the entries that have it (or a lexeme it is a prefix of); `None`
    /// without lexemes of the text-search vectors. No lexeme at all (stop words only) matches
    /// nothing: an empty list.
    fn with_lexemes(&self, lexemes: &[Lexeme]) -> Option<Vec<Vec<u32>>> {
        let by_lexeme = self.by_lexeme.as_ref()?;
        if lexemes.is_empty() {
            return Some(Vec::new());
        }
        Some(
            lexemes
                .iter()
                .map(|lexeme| {
                    let wanted = lexeme.text.as_bytes();
                    let from = by_lexeme.partition_point(|(known, _)| known.as_bytes() < wanted);
                    let mut entries: Vec<u32> = by_lexeme[from..]
                        .iter()
                        .take_while(|(known, _)| {
                            if lexeme.prefix {
                                known.as_bytes().starts_with(wanted)
                            } else {
                                known.as_bytes() == wanted
                            }
                        })
                        .flat_map(|(_, list)| list.iter().copied())
                        .collect();
                    entries.sort_unstable();
                    entries.dedup();
                    entries
                })
                .collect(),
        )
    }

    fn page_of(&self, picked: impl Iterator<Item = u32>, total: usize) -> IndexPage {
        IndexPage {
            ids: picked.map(|at| self.ids[at as usize].to_string()).collect(),
            total: u64::try_from(total).unwrap_or(u64::MAX),
        }
    }
}

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
