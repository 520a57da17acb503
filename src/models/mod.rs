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
