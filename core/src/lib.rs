//! Vitrine's domain: what people do with reuses, datasets and discussions, who may do it, who is
//! told, and how it is stored, searched, imported and cached. Nothing here knows HTTP: the
//! server crate parses requests, calls [`actions`] and the models, and renders the answers.

pub mod actions;
pub mod cache;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod escalation;
pub mod feeds;
pub mod i18n;
pub mod impact;
pub mod import;
pub mod jobs;
pub mod linkcheck;
pub mod mail;
pub mod markdown;
pub mod media;
pub mod models;
pub mod moderation;
pub mod notifications;
pub mod permissions;
pub mod search;
pub mod shutdown;
pub mod signin;
pub mod state;
pub mod sync;
pub mod telemetry;
pub mod urls;
