//! What the tests share, each thing once: the app under test and its people ([`app`]), the
//! peers `scripts/test` sets up ([`peers`]), the catalogs tests are set in ([`world`]),
//! requests by resource ([`api`], [`datasets`], [`reuses`], [`discussions`], [`moderation`],
//! [`notifications`]), people with first and last names ([`people`]), the pages as a browser
//! without JavaScript gets them ([`web`]), pictures ([`images`]), mail ([`smtp`], the sink;
//! [`mail`], the outbox), headless Chromium ([`browser`]), what the fault tests break things
//! with ([`relay`], [`load`]), the fake catalog the catalog sync pages through
//! ([`catalog_peer`]), the object store images go to ([`s3`]), the reverse proxy in front of
//! the app ([`nginx`]), and the parser `/metrics` is read with ([`prometheus`]).

pub mod api;
pub mod app;
pub mod browser;
pub mod catalog_peer;
pub mod datasets;
pub mod discussions;
pub mod images;
pub mod load;
pub mod mail;
pub mod moderation;
pub mod nginx;
pub mod notifications;
pub mod peers;
pub mod people;
pub mod prometheus;
pub mod relay;
pub mod reuses;
pub mod s3;
pub mod smtp;
pub mod web;
pub mod world;

pub use app::{TestApp, TestUser};
