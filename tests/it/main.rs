//! The integration suite: the real app over HTTP, on SQLite or PostgreSQL (+ Redis).

mod app;
mod catalog_import;
mod command_line;
mod datasets;
mod errors_and_docs;
mod migrations;
mod organizations;
mod tokens;
