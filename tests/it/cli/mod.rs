//! The `vitrine` command: its commands ([`commands`]), the catalog import ([`import`]) and the
//! migrations ([`migrations`]).

mod commands;
mod import;
mod migrations;
