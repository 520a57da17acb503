//! Building a gallery index from the database: the visible reuses with their filter keys and
//! sort ranks, then their tags, datasets and (on PostgreSQL) search lexemes.

use std::collections::HashMap;
use std::time::Instant;

use futures_util::TryStreamExt;
use sea_orm::{DatabaseConnection, DbBackend, DbErr, Statement, StreamTrait};

use super::{GalleryIndex, Interned, Keys, NONE};

/// The column of each sort of [`super::SORT_KEYS`], in the same order.
const SORT_COLUMNS: [&str; 6] = [
    "title",
    "created_at",
    "last_modified",
    "datasets_count",
    "followers",
    "views",
];

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
}
