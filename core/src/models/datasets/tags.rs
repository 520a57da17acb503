//! Reading and writing the tags of datasets.

use std::collections::HashMap;

use entity::dataset_tags;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::error::AppResult;

/// Tags of these datasets, by dataset id.
pub async fn tags_of(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<String>>> {
    let mut tags: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = dataset_tags::Entity::find()
            .filter(dataset_tags::Column::DatasetId.is_in(chunk.iter().cloned()))
            .order_by_asc(dataset_tags::Column::Tag)
            .all(db)
            .await?;
        for row in rows {
            tags.entry(row.dataset_id).or_default().push(row.tag);
        }
    }
    Ok(tags)
}

/// Sets a dataset's tags to exactly `tags`.
pub async fn replace_tags(
    db: &impl ConnectionTrait,
    dataset_id: &str,
    tags: &[String],
) -> AppResult<()> {
    dataset_tags::Entity::delete_many()
        .filter(dataset_tags::Column::DatasetId.eq(dataset_id))
        .exec(db)
        .await?;
    insert_tags(
        db,
        tags.iter().map(|tag| (dataset_id.to_owned(), tag.clone())),
    )
    .await
}

/// Inserts (dataset id, tag) pairs in batches.
pub async fn insert_tags(
    db: &impl ConnectionTrait,
    pairs: impl IntoIterator<Item = (String, String)>,
) -> AppResult<()> {
    let rows: Vec<dataset_tags::ActiveModel> = pairs
        .into_iter()
        .map(|(dataset_id, tag)| dataset_tags::ActiveModel {
            dataset_id: Set(dataset_id),
            tag: Set(tag),
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(5000).collect();
        dataset_tags::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
