//! The integration suite: the real app over HTTP, on SQLite or PostgreSQL (+ Redis).
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test, with its location"
)]

mod accessibility;
mod app;
mod attacks_by_markdown;
mod attacks_on_reads;
mod attacks_on_writes;
mod authorization;
mod browser;
mod catalog_import;
mod command_line;
mod datasets;
mod discussion_pages;
mod discussions;
mod errors_and_docs;
mod faults;
mod feeds;
mod gallery_cache;
mod gallery_pages;
mod hostile_input;
mod images;
mod journeys;
mod mail_delivery;
mod migrations;
mod moderation;
mod moderation_pages;
mod notifications;
mod organizations;
mod pages;
mod query_counts;
mod reuse_forms;
mod reuses;
mod security;
mod sign_in;
mod smtp;
mod tokens;
mod xss;
