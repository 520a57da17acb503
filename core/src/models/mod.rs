//! The domain: queries, rules and validation per table. Nothing here knows about HTTP.

pub mod activity;
pub mod api_tokens;
pub mod catalog;
pub mod data_requests;
pub mod datasets;
pub mod demo;
pub mod discussions;
pub mod follows;
mod ids;
pub mod metrics;
pub mod organizations;
pub mod paging;
pub mod reuses;
pub mod site;
pub mod tags;
pub mod text;
pub mod users;

pub use ids::{is_object_id, new_row_id};
