//! `SeaORM` entities for the Vitrine schema: one module per table, as sea-orm-cli generates them.

pub mod prelude;

pub mod api_tokens;
pub mod audit_log;
pub mod data_request_supports;
pub mod data_requests;
pub mod dataset_resources;
pub mod dataset_stewards;
pub mod dataset_tags;
pub mod datasets;
pub mod discussions;
pub mod escalations;
pub mod follows;
pub mod impact_figures;
pub mod link_checks;
pub mod links;
pub mod members;
pub mod messages;
pub mod notification_settings;
pub mod notifications;
pub mod oauth_identities;
pub mod organizations;
pub mod outbox;
pub mod reports;
pub mod reuse_datasets;
pub mod reuse_slugs;
pub mod reuse_tags;
pub mod reuses;
pub mod search_misses;
pub mod sessions;
pub mod sync_state;
pub mod users;
pub mod watches;
