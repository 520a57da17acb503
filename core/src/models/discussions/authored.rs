//! What a person wrote in public discussions, for their public page.

use entity::{discussions, messages};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::readable_by;
use crate::error::AppResult;
use crate::permissions::Viewer;

/// The latest `limit` messages `user_id` posted that anybody may read (none held for
/// moderation, none in a thread about a private reuse or a removed dataset), newest first,
/// each with its discussion. Read through `idx_messages_posted_by_posted_on`.
pub async fn public_messages_by(
    db: &impl ConnectionTrait,
    user_id: &str,
    limit: u64,
) -> AppResult<Vec<(messages::Model, discussions::Model)>> {
    Ok(messages::Entity::find()
        .filter(messages::Column::PostedBy.eq(user_id))
        .filter(messages::Column::HeldReason.is_null())
        .find_also_related(discussions::Entity)
        .filter(readable_by(&Viewer::default()))
        .order_by_desc(messages::Column::PostedOn)
        .order_by_desc(messages::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(message, discussion)| Some((message, discussion?)))
        .collect())
}
