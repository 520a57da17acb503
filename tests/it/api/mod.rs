//! The JSON API under `/api/1/`, one module per resource, and what holds for all of it: who may
//! call each mutating operation ([`authorization`]), its document ([`docs`]), its errors
//! ([`errors`]), and a fixed number of queries per request ([`query_counts`]).

mod authorization;
mod datasets;
mod discussions;
mod docs;
mod errors;
mod feeds;
mod images;
mod moderation;
mod notifications;
mod organizations;
mod query_counts;
mod reuses;
mod tokens;
