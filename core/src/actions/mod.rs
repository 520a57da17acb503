//! The use cases: one function for each thing a person does, taking the caller and a typed
//! input. Each checks the permission, runs the transaction (with its audit entry and
//! notifications) and returns a typed result or a domain error; `api/` and `web/` only parse
//! the request and render the answer.

pub mod api_keys;
pub mod data_requests;
pub mod discussions;
pub mod follows;
pub mod notifications;
pub mod organizations;
pub mod profiles;
pub mod reuses;
pub mod roles;
pub mod stewards;
