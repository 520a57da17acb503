//! The JSON API under `/api/1/`, one module per resource, and what holds for all of it: who may
//! call each mutating operation ([`authorization`]), from which origins ([`cors`]), its document
//! ([`docs`]) and a client generated from it ([`generated_client`]), its errors ([`errors`]),
//! paging ([`paging`]), and a fixed number of queries per request ([`query_counts`]). The site as
//! a whole (its figures, activity and tags) is [`site`]. The fake catalog the catalog sync is
//! tested against is checked in [`catalog_peer_smoke`].

mod authorization;
mod authorization_ckan;
mod catalog_peer_smoke;
mod ckan;
mod cors;
mod data_requests;
mod datasets;
mod discussions;
mod docs;
mod errors;
mod feeds;
mod follows;
mod generated_client;
mod images;
mod moderation;
mod notifications;
mod organizations;
mod paging;
mod people;
mod query_counts;
mod refusals;
mod reuses;
mod site;
mod stewards;
mod tokens;
mod udata_client;
