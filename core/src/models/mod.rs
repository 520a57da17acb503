//! The domain: queries, rules and validation per table. Nothing here knows about HTTP.

pub mod api_tokens;
pub mod catalog;
pub mod datasets;
pub mod demo;
pub mod discussions;
pub mod follows;
pub mod organizations;
pub mod paging;
pub mod reuses;
pub mod text;
pub mod users;

/// A new row's id: a UUID that begins with the time (version 7, as udata's ObjectIds do). Rows
/// written one after another sit side by side in every index keyed by their id, so a new row
/// adds to the end of each instead of to a random page of it (each such page touched first
/// since PostgreSQL's last checkpoint is copied whole into its WAL: most of what creating a
/// reuse wrote).
pub fn new_row_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
