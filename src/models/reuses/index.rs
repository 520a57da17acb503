//! The gallery index: what anonymous visitors may see of the reuse list, held in memory by
//! each instance for one gallery generation, so that a filtered, sorted page of the catalog is
//! picked without the database.
//!
//! At 100,000 reuses a tag or a type narrows the list to a few hundred to a few tens of
//! thousands of reuses, and a page far down any sort makes the database walk a sort index and
//! probe each reuse it passes (about 10 µs each: 40 to 80 ms for one page). Here the same page
//! costs a scan of compact entries. Each entry keeps its rank in every sort as the database
//! orders it (its collation for titles), so the order is the database's own, and the page's
//! reuses are then read by id.
//!
//! An index serves only the generation it was built for: a write bumps the generation, and
//! until the next index is built (in the background, one at a time, at most every
//! [`REBUILD_GAP`]) the list comes from the database as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

use crate::models::paging::Paging;
use crate::models::reuses::list::ReuseFilter;
use crate::models::text::normalize_tags;

/// Shortest time between the starts of two builds, so a burst of writes costs one rebuild.
pub const REBUILD_GAP: Duration = Duration::from_secs(2);

/// Sort keys in the order of [`Entry::ranks`] (udata's names).
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

/// One visible reuse.
struct Entry {
    id: Box<str>,
    kind: u32,
    topic: u32,
    organization: u32,
    owner: u32,
    featured: bool,
    archived: bool,
    /// Its place in each sort of [`SORT_KEYS`], ascending, ties broken by id as the database does.
    ranks: [u32; 6],
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

    fn get(&self, value: &str) -> u32 {
        self.0.get(value).copied().unwrap_or(NONE - 1)
    }
}

/// The visible reuses of one generation, with their tags, datasets and sort ranks.
pub struct GalleryIndex {
    generation: u64,
    entries: Vec<Entry>,
    kinds: Interned,
    topics: Interned,
    organizations: Interned,
    owners: Interned,
    /// Entries (positions, ascending) by tag and by dataset id.
    by_tag: HashMap<Box<str>, Vec<u32>>,
    by_dataset: HashMap<Box<str>, Vec<u32>>,
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
    pub async fn build(db: &impl ConnectionTrait, generation: u64) -> Result<Self, DbErr> {
        let backend = db.get_database_backend();
        let ranks: Vec<String> = SORT_COLUMNS
            .iter()
            .map(|column| format!("ROW_NUMBER() OVER (ORDER BY \"{column}\", \"id\")"))
            .collect();
        let reuses = db
            .query_all_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT id, type, topic, organization_id, owner_id, featured, \
                     archived IS NOT NULL, {} FROM reuses WHERE {VISIBLE}",
                    ranks.join(", ")
                ),
            ))
            .await?;
        let mut index = Self {
            generation,
            entries: Vec::with_capacity(reuses.len()),
            kinds: Interned::default(),
            topics: Interned::default(),
            organizations: Interned::default(),
            owners: Interned::default(),
            by_tag: HashMap::new(),
            by_dataset: HashMap::new(),
            orders: Default::default(),
        };
        let mut position: HashMap<String, u32> = HashMap::with_capacity(reuses.len());
        for row in reuses {
            let id: String = row.try_get_by_index(0)?;
            let mut ranks = [0; 6];
            for (sort, rank) in ranks.iter_mut().enumerate() {
                let value: i64 = row.try_get_by_index(7 + sort)?;
                *rank = u32::try_from(value).unwrap_or(NONE);
            }
            let entry = Entry {
                id: id.clone().into_boxed_str(),
                kind: index.kinds.add(row.try_get_by_index(1)?),
                topic: index.topics.add(row.try_get_by_index(2)?),
                organization: index.organizations.add(row.try_get_by_index(3)?),
                owner: index.owners.add(row.try_get_by_index(4)?),
                featured: row.try_get_by_index(5)?,
                archived: row.try_get_by_index(6)?,
                ranks,
            };
            position.insert(id, u32::try_from(index.entries.len()).unwrap_or(NONE));
            index.entries.push(entry);
        }
        for (table, column, postings) in [
            ("reuse_tags", "tag", &mut index.by_tag),
            ("reuse_datasets", "dataset_id", &mut index.by_dataset),
        ] {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT reuse_id, {column} FROM {table}"),
                ))
                .await?;
            for row in rows {
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
            }
        }
        for (sort, order) in index.orders.iter_mut().enumerate() {
            let entries = &index.entries;
            *order = (0..u32::try_from(entries.len()).unwrap_or(NONE)).collect();
            order.sort_unstable_by_key(|&at| entries[at as usize].ranks[sort]);
        }
        Ok(index)
    }

    /// The generation this index was built for.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// One page of `filter` sorted by `sort` (an index of [`SORT_KEYS`]), or `None` when the
    /// index cannot answer it (words to search for, which the database's text index does).
    /// The organization filter must already be an organization id.
    pub fn page(
        &self,
        filter: &ReuseFilter,
        sort: usize,
        descending: bool,
        paging: Paging,
    ) -> Option<IndexPage> {
        if filter.q.as_deref().is_some_and(|q| !q.trim().is_empty()) || sort >= SORT_KEYS.len() {
            return None;
        }
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
        let (kind, topic) = (
            wanted(&filter.kind, &self.kinds),
            wanted(&filter.topic, &self.topics),
        );
        let organization = wanted(&filter.organization, &self.organizations);
        let owner = wanted(&filter.owner, &self.owners);
        let keeps = |entry: &Entry| {
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
                .filter(|&at| keeps(&self.entries[at as usize]))
                .collect();
            matches.sort_unstable_by_key(|&at| self.entries[at as usize].ranks[sort]);
            if descending {
                matches.reverse();
            }
            let total = matches.len();
            return Some(self.page_of(matches.into_iter().skip(first).take(size), total));
        }
        // The whole catalog, or a type or topic of it: walked in sort order.
        let order = &self.orders[sort];
        let walk: Box<dyn Iterator<Item = &u32>> = if descending {
            Box::new(order.iter().rev())
        } else {
            Box::new(order.iter())
        };
        let mut total = 0;
        let mut picked = Vec::with_capacity(size.min(order.len()));
        for &at in walk {
            if keeps(&self.entries[at as usize]) {
                if total >= first && picked.len() < size {
                    picked.push(at);
                }
                total += 1;
            }
        }
        Some(self.page_of(picked.into_iter(), total))
    }

    fn page_of(&self, picked: impl Iterator<Item = u32>, total: usize) -> IndexPage {
        IndexPage {
            ids: picked
                .map(|at| self.entries[at as usize].id.to_string())
                .collect(),
            total: u64::try_from(total).unwrap_or(u64::MAX),
        }
    }
}

/// The index of the current generation, rebuilt in the background after writes.
pub struct GalleryIndexes {
    db: DatabaseConnection,
    current: RwLock<Option<Arc<GalleryIndex>>>,
    /// When the last build started, and whether one is running.
    building: Mutex<(Option<Instant>, bool)>,
}

impl GalleryIndexes {
    /// No index yet; builds read from `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            current: RwLock::new(None),
            building: Mutex::new((None, false)),
        }
    }

    /// The index of `generation` if this instance has it; otherwise starts building it (unless
    /// a build runs, or started less than [`REBUILD_GAP`] ago) and answers `None`.
    pub fn of(self: &Arc<Self>, generation: u64) -> Option<Arc<GalleryIndex>> {
        let current = self.current.read().ok().and_then(|current| current.clone());
        if let Some(index) = current.filter(|index| index.generation == generation) {
            return Some(index);
        }
        let start = match self.building.lock() {
            Ok(mut building) => {
                let (started, running) = *building;
                let due = started.is_none_or(|started| started.elapsed() >= REBUILD_GAP);
                if running || !due {
                    false
                } else {
                    *building = (Some(Instant::now()), true);
                    true
                }
            }
            Err(_) => false,
        };
        if start {
            let indexes = self.clone();
            tokio::spawn(async move {
                match GalleryIndex::build(&indexes.db, generation).await {
                    Ok(index) => {
                        if let Ok(mut current) = indexes.current.write() {
                            *current = Some(Arc::new(index));
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "gallery index not built"),
                }
                if let Ok(mut building) = indexes.building.lock() {
                    building.1 = false;
                }
            });
        }
        None
    }
}
