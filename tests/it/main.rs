//! The integration suite: the real app over HTTP, on SQLite or PostgreSQL (+ Redis), organised
//! like the code: the JSON API by resource ([`api`]), the server-rendered pages ([`pages`]), the
//! command line ([`cli`]), the link checker against local websites ([`linkcheck`]), the impact indicators ([`impact`]), attacks across both faces ([`security`]), faults under load
//! ([`faults`]), the catalog sync against a local catalog ([`sync`]), and headless Chromium
//! ([`browser`]). What they share is in [`support`], once.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test, with its location"
)]

mod api;
mod browser;
mod cli;
mod faults;
mod impact;
mod linkcheck;
mod ops;
mod pages;
mod security;
mod support;
mod sync;
